"""Find personal information (个人信息) in text.

Every detector works on a normalised copy of the text in which full-width characters
(０-９, Ｘ, ＋, －, ：, （ …) and odd spaces are replaced one for one by their ASCII
counterparts, so offsets into the copy are offsets into the original.

Government texts are full of numbers that look like personal data — 索引号
(000014349/2017-00110), 文号 (庐交字〔2020〕12号), statistics, dates, postal codes (332800),
the agency's own office phone — so each detector validates what it can (check digits,
dates, number plans) and reads the few characters before a match: a label such as 身份证号
or 手机 raises confidence, a label such as 编号 or 索引号 means the number is not personal.
"""

import bisect
import re
import types
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .findings import (
    Confidence,
    Finding,
    Kind,
    mask_address,
    mask_email,
    mask_name,
    mask_significant,
)
from .idcard import is_plausible_id15, is_valid_id18

# Full-width ASCII block U+FF01-FF5E maps one to one onto U+0021-007E; ideographic and
# other spaces become a plain space; the many dashes become a hyphen.
_NORMALISE = types.MappingProxyType(
    {
        **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
        **{code: " " for code in (0x3000, 0x00A0, *range(0x2002, 0x200B))},
        **{code: "-" for code in (*range(0x2010, 0x2016), 0x2212)},
    }
)


def normalise(text: str) -> str:
    """The text with full-width forms folded to ASCII; same length, same offsets."""
    return text.translate(_NORMALISE)


# Labels read in the few characters before a number. Category "no" means the number is
# an identifier of a document or transaction, not of a person.
_LABELS = (
    ("id", "公民身份号码 身份证号码 身份证号 身份证 证件号码 证件号 身份号码"),
    ("phone", "联系电话 联系方式 手机号码 手机号 手机 移动电话 电话 tel phone mobile"),
    ("home_phone", "家庭电话 住宅电话 宅电 家里电话 个人电话 本人电话 私人电话"),
    ("bank", "银行卡号 银行卡 银行账号 银行帐号 银行账户 开户账号 卡号 账号 帐号"),
    (
        "no",
        "索引号 文号 编号 单号 订单号 流水号 批号 批次号 信用代码 机构代码 代码 登记号 备案号 "
        "许可证号 证书号 证书编号 发票号 合同号 项目号 邮编 邮政编码 工号 序号 车牌号 案号 "
        "受理号 查询码",
    ),
)
_LABEL_CATEGORIES = types.MappingProxyType(
    {label: category for category, labels in _LABELS for label in labels.split()}
)
# Longest first, so that 许可证号 wins over 证号-like tails and 家庭电话 over 电话.
_LABEL_RE = re.compile(
    "|".join(re.escape(label) for label in sorted(_LABEL_CATEGORIES, key=len, reverse=True)),
    re.IGNORECASE,
)
_LABEL_WINDOW = 16

# A number followed by a unit is a quantity (13800000000元, 150000000000000吨), not a person.
_UNIT_AFTER = re.compile(
    r"\.[0-9]|[ \t]*(?:元|万|亿|千|百|人|次|件|个|条|份|%|‰|吨|公里|千米|米|平方|亩|台|辆|户|家|所|项|kg|km)",
    re.IGNORECASE,
)
# The tail of an index number (…/2017-00110): the digits before it are an organisation code.
_INDEX_TAIL = re.compile(r"[ \t]*/[ \t]*[0-9]{4}-")
_CURRENCY_BEFORE = "¥￥$"

_ID18_RE = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_ID15_RE = re.compile(r"(?<![0-9A-Za-z])[0-9]{15}(?![0-9A-Za-z])")

_SEP = r"(?:[ \t]?-[ \t]?|[ \t])?"
_MOBILE_RE = re.compile(
    r"(?<![0-9])(?<![0-9]-)"
    r"(?P<prefix>(?:\+|00)[ \t]?86[ \t-]?|\([ \t]?(?:\+|00)?86[ \t]?\)[ \t]?|86-)?"
    rf"(?P<number>1[3-9][0-9]{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}})"
    r"(?![0-9])(?!-[0-9])"
)
# Area codes: 010 and 02x have three digits, all others four (0xxx, x = 3-9); local numbers
# never start with 0 or 1.
_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
_LANDLINE_RE = re.compile(
    r"(?<![0-9])(?<![0-9]-)"
    rf"(?:\([ \t]?(?P<area1>{_AREA})[ \t]?\)|(?P<area2>{_AREA}))[ \t]?-?[ \t]?"
    r"(?P<local>[2-9][0-9]{2,3}[ \t-]?[0-9]{4})"
    r"(?:[ \t]*(?:-|转|分机|ext\.?)[ \t]*(?P<ext>[0-9]{1,5}))?"
    r"(?![0-9])"
)
_BANK_RE = re.compile(
    r"(?<![0-9A-Za-z])(?<![0-9]-)"
    r"[3-9][0-9]{3}(?:[ \t-]?[0-9]{4}){3}(?:[ \t-]?[0-9]{1,3})?"
    r"(?![0-9A-Za-z])(?!-[0-9])"
)
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
    r"(?![A-Za-z0-9-])"
)

_CONTACT_MARK = re.compile(r"传真|邮编|邮政编码|办公地址|通讯地址")
_CONTACT_WINDOW = 80

_CJK = r"\u3400-\u9fff"
# Labels that introduce a natural person's home; 地址 alone is how agencies publish theirs.
_PERSONAL_ADDRESS_RE = re.compile(
    r"(?:家庭住址|家庭地址|家庭住所|现住址|户籍地址|户籍所在地|户籍地|居住地址|现居住地|"
    r"现居地|常住地址|暂住地址|暂住地|住址|家住|住在|现住)[ \t]*:?[ \t]*"
)
_ADDRESS_STOP = re.compile(
    r"[,.;!?\s、。，；！？]|电话|手机|联系|身份证|证件|姓名|邮编|邮政编码|性别|年龄|出生"
)
_ADDRESS_TOKEN = re.compile(
    r"省|市|区|县|镇|乡|村|路|街|巷|弄|道|号|组|小区|栋|幢|单元|室|楼|苑|园|社区|大院|公寓"
)
# Without a street or estate word, "3栋120户" is a statistic, not a home.
_STREET_TOKEN = re.compile(r"路|街|巷|弄|道|村|组|小区|花园|苑|公寓|社区|家园|新村|大院|院|城")
_UNIT = r"[0-9A-Za-z]+[ \t]*"
_DWELLING_RE = re.compile(
    rf"{_UNIT}(?:栋|幢|号楼|座){_UNIT}单元(?:{_UNIT}(?:室|户|号)?)?"
    rf"|{_UNIT}(?:栋|幢|号楼|座){_UNIT}(?:室|户)"
    rf"|{_UNIT}单元{_UNIT}(?:室|户|号)"
    rf"|(?<=[路街巷弄道])[0-9]+号(?:院)?{_UNIT}(?:室|户|栋|幢)"
)
_ADDRESS_CHAR = re.compile(rf"[{_CJK}0-9A-Za-z#()\-]")
_ORG_ADDRESS_LABEL = re.compile(r"地址|办公地点|受理地点|地点|位于|坐落|所在地")
# 小区, 社区, 园区 … end in 区 but name an estate, which is part of the home to hide.
_ADMIN_PREFIX = re.compile(
    rf"(?:[{_CJK}]{{1,7}}?(?:省|自治区|自治州|地区|盟|(?<![超城集门夜])市|(?<![小社园校景片街新])区|县|旗))+"
)
_ADDRESS_KEEP_MAX = 9
_ADDRESS_MAX = 60

_NAME_RE = re.compile(
    r"(?P<label>姓名|户主姓名|户主|申请人姓名|申请人|当事人|被处罚人|举报人|投诉人|留言人|联系人|"
    r"患者|学生姓名)[ \t]*(?::[ \t]*|[ \t]+)"
    rf"(?P<name>[{_CJK}·]{{2,6}})"
)
_NAME_NEXT_FIELD = re.compile(
    r"性别|身份|电话|手机|住址|地址|年龄|民族|联系|出生|证件|职务|单位|籍贯|工作|男|女"
)
_NOT_A_NAME = re.compile(r"某|本人|匿名|不详|保密|暂无|先生|女士|同志")

# Which finding wins where two overlap: the more specific, checksum-backed kinds first.
_PRIORITY = types.MappingProxyType(
    {
        Kind.ID_CARD: 70,
        Kind.MOBILE: 60,
        Kind.BANK_CARD: 50,
        Kind.EMAIL: 45,
        Kind.LANDLINE: 40,
        Kind.ADDRESS: 20,
        Kind.NAME: 10,
    }
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A finding before allow-listing; ``keys`` hold canonical clear forms, never returned."""

    finding: Finding
    keys: tuple[str, ...]


def scan_text(
    text: str,
    *,
    allow: Iterable[str] = (),
    min_confidence: Confidence | str = Confidence.LOW,
) -> list[Finding]:
    """Personal information in ``text``, in order of position, without overlaps.

    ``allow`` lists values that are public on purpose (the office phone and mailbox of the
    agency's contact block): a finding whose value equals one of them, ignoring separators,
    +86 and letter case, is not reported.
    """
    if not text:
        return []
    threshold = Confidence.parse(min_confidence)
    norm = normalise(text)
    allowed = _canonical_allow(allow)
    candidates = [
        candidate
        for detector in _DETECTORS
        for candidate in detector(norm)
        if not allowed.intersection(candidate.keys)
    ]
    accepted = _resolve_overlaps(candidates, norm)
    return [finding for finding in accepted if finding.confidence >= threshold]


def mask_text(
    text: str, findings: Iterable[Finding] | None = None, *, allow: Iterable[str] = ()
) -> str:
    """``text`` with every finding masked in place (separators kept).

    ``findings`` must come from scanning this same text; when omitted the text is scanned
    (at every confidence, since masking too much is the safe error).
    """
    if findings is None:
        findings = scan_text(text, allow=allow)
    norm = normalise(text)
    pieces = []
    position = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position or finding.end > len(text):
            raise ValueError("findings overlap or do not belong to this text")
        pieces.append(text[position : finding.start])
        pieces.append(
            _mask_in_place(finding.kind, text[finding.start : finding.end], norm, finding)
        )
        position = finding.end
    pieces.append(text[position:])
    return "".join(pieces)


def _mask_in_place(kind: Kind, span: str, norm: str, finding: Finding) -> str:
    span_norm = norm[finding.start : finding.end]
    if kind in (Kind.ID_CARD, Kind.BANK_CARD):
        return mask_significant(span, 4, 4)
    if kind is Kind.MOBILE:
        digits = sum(char.isdigit() for char in span_norm)
        return mask_significant(span, digits - 8, 4)
    if kind is Kind.LANDLINE:
        match = _LANDLINE_RE.fullmatch(span_norm)
        if match is None:
            return mask_significant(span, 0, 0)
        area = match["area1"] or match["area2"]
        return mask_significant(span, len(area), 4 + len(match["ext"] or ""))
    if kind is Kind.EMAIL:
        local, at, domain = span.partition("@")
        return f"{local[:1]}***{at}{domain}"
    if kind is Kind.ADDRESS:
        return mask_address(span, _admin_prefix_length(span_norm))
    return mask_name(span)


def _canonical_allow(allow: Iterable[str]) -> frozenset[str]:
    if isinstance(allow, str):
        raise TypeError("allow must be a collection of values, not a single string")
    keys = set()
    for entry in allow:
        norm = normalise(entry).strip()
        if "@" in norm:
            keys.add(norm.lower())
            continue
        digits = "".join(char for char in norm.upper() if char.isdigit() or char == "X")
        for prefix in ("0086", "86"):
            if len(digits) == 11 + len(prefix) and digits.startswith(prefix + "1"):
                digits = digits[len(prefix) :]
        keys.add(digits)
        keys.add(re.sub(r"\s", "", norm))
    keys.discard("")
    return frozenset(keys)


def _label_before(norm: str, start: int) -> tuple[str, str | None]:
    """The nearest label in the few characters before ``start`` on the same line, and its
    category; ``("", None)`` when there is none."""
    window_start = max(0, start - _LABEL_WINDOW)
    line_start = norm.rfind("\n", window_start, start)
    window = norm[max(window_start, line_start + 1) : start]
    labels = list(_LABEL_RE.finditer(window))
    if not labels:
        return "", None
    label = labels[-1].group().lower()
    return label, _LABEL_CATEGORIES[label]


def _is_quantity_or_code(norm: str, start: int, end: int) -> bool:
    return (
        bool(_UNIT_AFTER.match(norm, end))
        or bool(_INDEX_TAIL.match(norm, end))
        or (start > 0 and norm[start - 1] in _CURRENCY_BEFORE)
        # The fractional digits of a decimal number (0.13812345678).
        or (start > 1 and norm[start - 1] == "." and norm[start - 2].isdigit())
    )


def _candidate(kind, span, masked, confidence, reason, keys) -> _Candidate:
    start, end = span
    return _Candidate(Finding(kind, start, end, masked, confidence, reason), keys)


def _id_cards(norm: str) -> Iterable[_Candidate]:
    for match in _ID18_RE.finditer(norm):
        number = match.group().upper()
        if not is_valid_id18(number) or _INDEX_TAIL.match(norm, match.end()):
            continue
        label, _ = _label_before(norm, match.start())
        if "代码" in label or label == "索引号":
            # An all-digit 统一社会信用代码 that happens to pass the check is not a person.
            continue
        yield _candidate(
            Kind.ID_CARD,
            match.span(),
            mask_significant(number, 4, 4),
            Confidence.HIGH,
            "18位居民身份证号码：地区码、出生日期和校验码均有效",
            (number,),
        )
    for match in _ID15_RE.finditer(norm):
        number = match.group()
        if not is_plausible_id15(number) or _is_quantity_or_code(norm, *match.span()):
            continue
        _, label = _label_before(norm, match.start())
        if label == "no":
            continue
        labelled = label == "id"
        yield _candidate(
            Kind.ID_CARD,
            match.span(),
            mask_significant(number, 4, 4),
            Confidence.MEDIUM if labelled else Confidence.LOW,
            "15位旧版身份证号码（地区码和出生日期有效，无校验码）"
            + ("，前有“身份证”字样" if labelled else ""),
            (number,),
        )


def _mobiles(norm: str) -> Iterable[_Candidate]:
    for match in _MOBILE_RE.finditer(norm):
        if _is_quantity_or_code(norm, *match.span()):
            continue
        _, label = _label_before(norm, match.start())
        if label == "no":
            continue
        number = re.sub(r"[^0-9]", "", match["number"])
        labelled = label in ("phone", "home_phone")
        yield _candidate(
            Kind.MOBILE,
            match.span(),
            mask_significant(number, 3, 4),
            Confidence.HIGH if labelled else Confidence.MEDIUM,
            "手机号码（1[3-9]开头的11位号码）" + ("，前有“电话/手机”字样" if labelled else ""),
            (number,),
        )


def _landlines(norm: str) -> Iterable[_Candidate]:
    for match in _LANDLINE_RE.finditer(norm):
        _, label = _label_before(norm, match.start())
        if label == "no" or _is_quantity_or_code(norm, *match.span()):
            continue
        area = match["area1"] or match["area2"]
        local = re.sub(r"[^0-9]", "", match["local"])
        ext = match["ext"] or ""
        masked = f"{area}-{mask_significant(local, 0, 4)}" + (f"-{ext}" if ext else "")
        personal = label == "home_phone"
        keys = (area + local, area + local + ext) if ext else (area + local,)
        yield _candidate(
            Kind.LANDLINE,
            match.span(),
            masked,
            Confidence.MEDIUM if personal else Confidence.LOW,
            "带区号的固定电话" + ("，标注为家庭/个人电话" if personal else "（多为单位办公电话）"),
            keys,
        )


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _bank_cards(norm: str) -> Iterable[_Candidate]:
    for match in _BANK_RE.finditer(norm):
        digits = re.sub(r"[^0-9]", "", match.group())
        if not 16 <= len(digits) <= 19 or not _luhn_ok(digits):
            continue
        # A run of one repeated digit (9999…) is a placeholder, not a card.
        if len(set(digits)) == 1 or _is_quantity_or_code(norm, *match.span()):
            continue
        _, label = _label_before(norm, match.start())
        if label == "no":
            continue
        # 62 is the UnionPay prefix carried by nearly every card issued in China.
        strong = label == "bank" or digits.startswith("62")
        yield _candidate(
            Kind.BANK_CARD,
            match.span(),
            mask_significant(digits, 4, 4),
            Confidence.MEDIUM if strong else Confidence.LOW,
            f"{len(digits)}位数字，通过Luhn校验"
            + ("，前有“卡号/账号”字样" if label == "bank" else "")
            + ("，银联62开头" if digits.startswith("62") else ""),
            (digits,),
        )


def _in_contact_block(norm: str, start: int) -> bool:
    """Whether an e-mail address follows an office landline, fax or postal code closely.

    Agencies often publish a 163.com or qq.com mailbox in the contact sentence of their
    reports ("地址：…，邮编：223001，电话：0517-83605210，电子邮箱：…"); a private person's
    contact data comes with a mobile number instead. The window is not cut at line ends
    because PDF text wraps inside that sentence.
    """
    window = norm[max(0, start - _CONTACT_WINDOW) : start]
    return bool(_CONTACT_MARK.search(window) or _LANDLINE_RE.search(window))


def _emails(norm: str) -> Iterable[_Candidate]:
    for match in _EMAIL_RE.finditer(norm):
        address = match.group()
        if address.lower().endswith(".gov.cn"):
            confidence, note = Confidence.LOW, "（政府机关域名，多为单位邮箱）"
        elif _in_contact_block(norm, match.start()):
            confidence, note = Confidence.LOW, "（位于单位联系信息中：地址、邮编、固定电话旁）"
        else:
            confidence, note = Confidence.MEDIUM, ""
        yield _candidate(
            Kind.EMAIL,
            match.span(),
            mask_email(address),
            confidence,
            "电子邮箱" + note,
            (address.lower(),),
        )


def _admin_prefix_length(value: str) -> int:
    match = _ADMIN_PREFIX.match(value)
    return min(len(match.group()), _ADDRESS_KEEP_MAX) if match else 0


def _address_candidate(norm: str, start: int, end: int, confidence, reason) -> _Candidate:
    value = norm[start:end]
    return _candidate(
        Kind.ADDRESS,
        (start, end),
        mask_address(value, _admin_prefix_length(value)),
        confidence,
        reason,
        (re.sub(r"\s", "", value),),
    )


def _addresses(norm: str) -> Iterable[_Candidate]:
    for match in _PERSONAL_ADDRESS_RE.finditer(norm):
        start = match.end()
        stop = _ADDRESS_STOP.search(norm, start, min(len(norm), start + _ADDRESS_MAX))
        end = stop.start() if stop else min(len(norm), start + _ADDRESS_MAX)
        value = norm[start:end]
        if len(value) < 4 or not _ADDRESS_TOKEN.search(value):
            continue
        yield _address_candidate(
            norm, start, end, Confidence.HIGH, f"“{match.group().strip(' :')}”后的个人住址"
        )
    for match in _DWELLING_RE.finditer(norm):
        start = match.start()
        floor = max(0, start - 30)
        while start > floor and _ADDRESS_CHAR.match(norm, start - 1):
            start -= 1
        value = norm[start : match.end()]
        if not _STREET_TOKEN.search(value):
            continue
        line_start = norm.rfind("\n", 0, start) + 1
        organisational = bool(_ORG_ADDRESS_LABEL.search(norm, max(line_start, start - 12), start))
        yield _address_candidate(
            norm,
            start,
            match.end(),
            Confidence.LOW if organisational else Confidence.MEDIUM,
            "门牌到户的地址（栋/单元/室）" + ("，标注为单位地址" if organisational else ""),
        )


def _names(norm: str) -> Iterable[_Candidate]:
    for match in _NAME_RE.finditer(norm):
        name = match["name"]
        if _NAME_NEXT_FIELD.match(name):
            # "联系人：手机 139…": the field was left empty and the next one follows.
            continue
        cut = _NAME_NEXT_FIELD.search(name, 1)
        if cut:
            name = name[: cut.start()]
        elif match.end() < len(norm) and re.match(rf"[{_CJK}]", norm[match.end()]):
            # Runs on into more Chinese text: an organisation or a sentence, not a name.
            continue
        if not 2 <= len(name) <= 5 or _NOT_A_NAME.search(name):
            continue
        start = match.start("name")
        contact = match["label"] == "联系人"
        yield _candidate(
            Kind.NAME,
            (start, start + len(name)),
            mask_name(name),
            Confidence.LOW if contact else Confidence.MEDIUM,
            f"“{match['label']}”后的姓名" + ("（多为单位联系人）" if contact else ""),
            (name,),
        )


_DETECTORS = (_id_cards, _mobiles, _bank_cards, _emails, _landlines, _addresses, _names)


def _resolve_overlaps(candidates: list[_Candidate], norm: str) -> list[Finding]:
    """Keep the strongest of overlapping findings; an address loses only the part that
    overlaps a number found inside it."""
    ranked = sorted(
        (candidate.finding for candidate in candidates),
        key=lambda f: (-_PRIORITY[f.kind], -f.confidence, -(f.end - f.start), f.start),
    )
    # Accepted findings never overlap, so sorted by start they are sorted by end too and a
    # clash can only be with the neighbours found by bisection.
    accepted: list[Finding] = []
    starts: list[int] = []
    for finding in ranked:
        clashes = _clashes(accepted, starts, finding.start, finding.end)
        if clashes:
            if finding.kind is not Kind.ADDRESS:
                continue
            value = norm[finding.start : min(other.start for other in clashes)].rstrip()
            if len(value) < 4 or not _ADDRESS_TOKEN.search(value):
                continue
            end = finding.start + len(value)
            if _clashes(accepted, starts, finding.start, end):
                continue
            finding = replace(
                finding, end=end, masked=mask_address(value, _admin_prefix_length(value))
            )
        index = bisect.bisect(starts, finding.start)
        starts.insert(index, finding.start)
        accepted.insert(index, finding)
    return accepted


def _clashes(accepted: list[Finding], starts: list[int], start: int, end: int) -> list[Finding]:
    index = bisect.bisect_left(starts, start)
    nearby = accepted[max(0, index - 1) : index + 1]
    # Further right, every finding that starts before ``end`` overlaps.
    index += 1
    while index < len(accepted) and accepted[index].start < end:
        nearby.append(accepted[index])
        index += 1
    return [other for other in nearby if other.start < end and start < other.end]
