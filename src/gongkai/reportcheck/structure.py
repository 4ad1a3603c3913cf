"""The report's outline: section headings, table regions, report year, agency, version.

Everything here reads the canonical text (see :mod:`.text`) and returns plain data; the
checker turns it into findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from gongkai.rules.formats import ReportFormat

from .labels import (
    CAPTION,
    CAPTION_TABLES,
    HEADING,
    PRE2019_HEADINGS,
    SECTION_KEYS,
    VERSION_ONLY_MARKERS,
    number_value,
)
from .readers import Document
from .text import arabic_years


@dataclass(frozen=True)
class Heading:
    section: str  # s1..s6
    numeral: str | None  # as printed; None when the numeral is lost ("、主动公开…")
    title: str
    token: int
    line: int
    raw: str


def find_headings(doc: Document) -> list[Heading]:
    headings = []
    for index, tok in enumerate(doc.tokens):
        if tok.kind != "text":
            continue
        # A heading on a line of its own, or run into its first sentence on one line
        # ("六、其他需要报告的事项。本年度未收取信息处理费。").
        m = HEADING.match(tok.text) if len(tok.text) <= 34 else None
        m = m or _INLINE_HEADING.match(tok.text)
        if not m:
            continue
        numeral, title = m.group(1), m.group(2)
        section = next(
            (s for s, keys in SECTION_KEYS.items() if any(k in title for k in keys)), None
        )
        if section is None and numeral:
            section = _misprinted_heading(numeral, title)
        if section is not None:
            headings.append(Heading(section, numeral, title, index, tok.line, tok.raw))
    return headings


_INLINE_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})[、.]([^。:;,]{2,30}?)[。:;]")

# The headings of both versions, to recognise one printed with a typo by its number and
# nearest wording ("三、收到和处理政府信息公开申情况").
_STANDARD_TITLES = {
    "s1": "总体情况",
    "s2": "主动公开政府信息情况",
    "s3": "收到和处理政府信息公开申请情况",
    "s4": "政府信息公开行政复议、行政诉讼情况",
    "s5": "存在的主要问题及改进情况",
    "s6": "其他需要报告的事项",
}


def _misprinted_heading(numeral: str, title: str) -> str | None:
    section = f"s{number_value(numeral)}"
    standard = _STANDARD_TITLES.get(section)
    if standard is None:
        return None
    return section if SequenceMatcher(None, standard, title).ratio() >= 0.75 else None


def first_heading(headings: list[Heading], section: str, after: int = -1) -> Heading | None:
    return next((h for h in headings if h.section == section and h.token > after), None)


def table_regions(
    fmt: ReportFormat, doc: Document, headings: list[Heading]
) -> dict[str, tuple[int, int]]:
    """Token ranges [start, end) in which each table of ``fmt`` is read."""
    tokens = doc.tokens
    n = len(tokens)
    regions: dict[str, tuple[int, int]] = {}
    heading_at = sorted(h.token for h in headings)

    def next_heading(after: int) -> int:
        return next((t for t in heading_at if t > after), n)

    s2 = first_heading(headings, "s2")
    s3 = first_heading(headings, "s3", s2.token if s2 else -1)
    s4 = first_heading(headings, "s4", s3.token if s3 else -1)
    t3_start = (
        s3.token
        if s3
        else next(
            (i for i, t in enumerate(tokens) if t.kind == "text" and "勾稽关系" in t.text), None
        )
    )

    captions: list[tuple[int, str]] = []
    for i, tok in enumerate(tokens):
        if tok.kind == "text" and (m := CAPTION.search(tok.text)):
            captions.append((i, CAPTION_TABLES.get(m.group(1), "")))
    s2_end = t3_start if t3_start is not None else (s4.token if s4 else n)
    bounds = [i for i, _ in captions] + heading_at + ([t3_start] if t3_start is not None else [])
    for i, table_id in captions:
        if table_id and fmt.has_table(table_id) and table_id not in regions:
            end = min([b for b in bounds if b > i], default=n)
            regions[table_id] = (i + 1, end)
    if s2 is not None:
        # A table whose caption the page lost is looked for in the whole of section 二.
        for table in fmt.tables:
            if table.section == "s2" and table.id not in regions and not captions:
                regions[table.id] = (s2.token + 1, min(s2_end, next_heading(s2.token)))
    if t3_start is not None:
        regions["t3"] = (t3_start + 1, next_heading(t3_start))
    if s4 is not None:
        regions["t4"] = (s4.token + 1, next_heading(s4.token))
    return regions


# -- report year -------------------------------------------------------------------------

_TITLE_YEAR = re.compile(r"(\d{4})年度?[^。,;]{0,25}?政府信息公开[^。,;]{0,12}?报告")
_PERIOD_START = re.compile(
    r"(?:统计|期限|时间|时限|期间)[^。]{0,16}?(?:自|从|为|:)?\s*(\d{4})(?:年1月1日|11日)"
)
_PERIOD_END = re.compile(r"至\s*(\d{4})(?:年12月31日|1231日)")
_BODY_YEAR = re.compile(r"(?:^|[。,;:])\s*(\d{4})年度?[,，]")


@dataclass(frozen=True)
class YearEvidence:
    year: int | None
    title_year: int | None
    title_text: str | None
    period_year: int | None
    period_text: str | None


def _plausible(year: str) -> int | None:
    value = int(year)
    return value if 2000 <= value <= 2100 else None


def detect_year(lines: list[str], head_end: int) -> YearEvidence:
    """Title first (what the report calls itself), then the statistics period, then the
    first "20xx年，" opening a sentence."""
    title_year = title_text = period_year = period_text = None
    head = lines[: max(head_end, 1) + 3][:40]
    # A long title wraps in print ("…2020年政府信息公开工作年度" / "报告"): each line is
    # also tried joined with the next.
    for index, line in enumerate(head):
        for text in (line, line + (head[index + 1] if index + 1 < len(head) else "")):
            m = _TITLE_YEAR.search(text)
            if m and not re.search(r"关于|通知|\]号", text[: m.start() + 1]):
                title_year, title_text = _plausible(m.group(1)), text
                break
        if title_year:
            break
    for line in lines[:80]:
        m = _PERIOD_START.search(line) or _PERIOD_END.search(line)
        if m:
            period_year, period_text = _plausible(m.group(1)), line
            break
    year = title_year or period_year
    if year is None:
        for line in lines[:60]:
            m = _BODY_YEAR.search(line)
            if m and _plausible(m.group(1)):
                year = int(m.group(1))
                break
    return YearEvidence(year, title_year, title_text, period_year, period_text)


# -- agency ------------------------------------------------------------------------------

_SUFFIX = (
    r"(?:人民政府|人民政府办公室|人民政府办公厅|政府办公室|办公室|办公厅|委员会|管委会|管理委员会|"
    r"街道办事处|办事处|总局|局|厅|委|署|院|中心|镇|乡|街道|区|县|市|州|省)"
)
_AGENCY_TITLE = re.compile(
    r"^(?:标题:)?(?:\|)?([^\d|:,。《]{2,40}?)(\d{4})年度?[^。,]{0,6}?政府信息公开"
)
_AGENCY_AFTER_YEAR = re.compile(r"^(\d{4})年度?([^\d。,《]{0,30}?)政府信息公开[^。,]{0,8}报告$")
_AGENCY_LINE = re.compile(rf"^[^\d\s,。:]{{2,30}}{_SUFFIX}$")
_AGENCY_SENTENCE = (
    re.compile(r"现(?:公布|公开|发布|将)《?([^\d《》,。:]{2,30}?)\d{4}年"),
    re.compile(rf"由([^\d,。:()]{{2,30}}?{_SUFFIX})(?:编制|根据|综合|汇总|办公室|信息公开)"),
    re.compile(rf"请与([^\d,。:()]{{2,30}}?{_SUFFIX})(?:联系|\()"),
)
# "2020年,武定县审计局按照…": the opening sentence of 总体情况 names the agency.
_AGENCY_OPENING = re.compile(r"^\d{4}年度?,([^\d,。:()]{2,20}?(?:人民政府|局|委员会|厅|办公室))")
_NOT_AGENCY = re.compile(r"^(?:我|本|该|各|全|关于|中华人民共和国|国务院)|政府信息公开|年度报告")


def _clean_agency(name: str) -> str | None:
    name = name.strip(" |:：-—_·")
    name = re.sub(r"^.*(?:>|/|首页)", "", name)
    if len(name) < 2 or _NOT_AGENCY.search(name):
        return None
    return name


def detect_agency(lines: list[str], head_end: int) -> str | None:
    head = lines[: max(head_end, 1) + 2][:40]
    for i, line in enumerate(head):
        m = _AGENCY_TITLE.search(line)
        if m and (name := _clean_agency(m.group(1))):
            return name
        m = _AGENCY_AFTER_YEAR.search(line)
        if m:
            if m.group(2) and (name := _clean_agency(m.group(2))):
                return name
            # "淮安市人民政府" / "2024年政府信息公开工作年度报告" on two lines.
            for prev in reversed(head[max(0, i - 3) : i]):
                if _AGENCY_LINE.match(prev) and (name := _clean_agency(prev)):
                    return name
    for line in head[:6]:
        if _AGENCY_LINE.match(line) and (name := _clean_agency(line)) and len(name) >= 4:
            return name
    for line in lines[:80]:
        for pattern in _AGENCY_SENTENCE:
            m = pattern.search(line)
            if m and (name := _clean_agency(m.group(1))):
                return name
    for line in lines[:40]:
        m = _AGENCY_OPENING.match(line)
        if m and (name := _clean_agency(m.group(1))):
            return name
    for line in lines[-8:]:
        if _AGENCY_LINE.match(line) and (name := _clean_agency(line)) and len(name) >= 4:
            return name
    # A PDF's running header names the agency on every page ("示例市审计局政府信息公开").
    seen: dict[str, int] = {}
    for line in lines:
        if 4 <= len(line) <= 40:
            seen[line] = seen.get(line, 0) + 1
    for line, count in seen.items():
        m = _AGENCY_HEADER.match(line)
        if (count >= 2 or line == lines[0]) and m and (name := _clean_agency(m.group(1))):
            return name
    return None


# The start of a page header: an agency name, then what the page is (政府信息公开…).
_AGENCY_HEADER = re.compile(
    rf"^([^\d\s,。:()]{{2,30}}?{_SUFFIX})(?:政府信息公开|信息公开|政务公开)"
)


# -- format version ------------------------------------------------------------------------


def version_markers(text: str) -> dict[str, list[str]]:
    return {v: [m for m in markers if m in text] for v, markers in VERSION_ONLY_MARKERS.items()}


def looks_pre2019(headings_text: list[str]) -> bool:
    return any(k in title for title in headings_text for k in PRE2019_HEADINGS)


def top_headings_text(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        m = re.match(r"^([一二三四五六七八九十]{1,3})[、.](.{2,30})$", line)
        if m:
            out.append(m.group(2))
    return out


def canon_lines(doc: Document) -> list[str]:
    from .text import canon

    return [arabic_years(canon(line)) for line in doc.lines]


def numeral_value(numeral: str | None) -> int | None:
    return number_value(numeral) if numeral else None
