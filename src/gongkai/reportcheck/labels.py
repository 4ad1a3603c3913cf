"""How the format's labels are recognised in published text, including their variants.

Keys are written in the canonical form of :func:`gongkai.reportcheck.text.canon` (half-width
brackets, simplified characters, no spaces). A row is recognised by a distinctive fragment
of its label rather than the whole label, because real reports abbreviate, wrap labels
over lines (PDF) and vary wording across years and provinces. The row ids are the spec's.
"""

from __future__ import annotations

import re

from gongkai.rules.formats import all_formats

# row id -> fragments; a text cell containing any fragment names the row.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    # 第二十条第（一）项
    "regulations": ("规章",),
    "normative_docs": ("规范性文件",),
    "admin_normative_docs": ("规范性文件",),
    # 第二十条第（五）（六）（八）（九）项
    "admin_license": ("行政许可",),
    "other_mgmt_services": ("对外管理服务",),
    "admin_penalty": ("行政处罚",),
    "admin_coercion": ("行政强制",),
    "admin_fees": ("事业性收费",),
    "central_procurement": ("集中采购",),
    # 表三
    "new_received": ("本年新收", "新收政府信息公开申请"),
    "carried_in": ("上年结转", "上年度结转"),
    "granted": ("予以公开",),
    "partial": ("部分公开",),
    "denied_state_secret": ("国家秘密",),
    "denied_law_prohibited": ("禁止公开",),
    "denied_security_stability": ("三安全一稳定", "危及"),
    "denied_third_party": ("第三方合法权益", "第三方"),
    "denied_internal_affairs": ("内部事务",),
    "denied_process_info": ("过程性信息",),
    "denied_enforcement_file": ("执法案卷",),
    "denied_admin_query": ("行政查询",),
    "unable_not_held": ("不掌握",),
    "unable_needs_creation": ("另行制作",),
    "unable_unclear_after_correction": ("补正后",),
    "np_petition": ("信访", "举报投诉", "投诉举报"),
    "np_repeat": ("重复申请",),
    "np_publication": ("出版物",),
    "np_excessive": ("大量反复",),
    "np_confirm_reissue": ("重新出具", "确认或重新"),
    "other": ("其他处理",),
    "other_no_correction": ("逾期不补", "不补正"),
    "other_fee_unpaid": ("收费通知", "缴纳费用"),
    "results_total": ("(七)总计", "(七)合计"),
    "carried_out": ("结转下年度", "结转下一年度", "转下年度"),
}

# Rows whose label is too short to recognise on its own: a pattern on the whole cell.
ROW_PATTERNS: dict[str, re.Pattern] = {
    # "3.其他" / "3、其他" / "(3)其他" — bare "其他" is also a column header of 表三.
    "other_other": re.compile(r"^(?:[3三][.、)]|\(3\)|\(三\))\s*其他$"),
    # A bare 总计/合计 row after the outcome rows (some reports drop the "(七)").
    "results_total": re.compile(r"^(?:\(七\)|七[.、])?(?:总计|合计)$"),
}

# A bare "总计" is the header of 表三's last column before any outcome row; it names the
# row only once the outcome rows have started.
ROW_REQUIRES_AFTER: dict[str, str] = {"results_total": "granted"}

# Text cells of a table that are neither rows nor data: headers and group rows. They never
# end a row in PDF text, where a wrapped label continues on the next line.
HEADER_FRAGMENTS = (
    "信息内容",
    "本年新制作",
    "本年新公开",
    "对外公开总数",
    "本年制发",
    "本年废止",
    "现行有效",
    "上一年项目",
    "本年增",
    "处理决定",
    "采购项目",
    "采购总金额",
    "收费金额",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益",
    "法律服务",
    "其他",
    "总计",
    "合计",
    "勾稽关系",
    "本年度办理结果",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果维护",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "未经复议",
    "复议后起诉",
)

# Section headings: id -> fragments of the title (either matches).
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "s1": ("总体情况", "概述", "基本情况"),
    "s2": ("主动公开政府信息",),
    "s3": ("收到和处理政府信息公开申请", "依申请公开"),
    "s4": (
        "行政复议、行政诉讼",
        "行政复议和行政诉讼",
        "行政复议及行政诉讼",
        "复议、诉讼",
        "行政复议,行政诉讼",
        "行政复议、提起行政诉讼",
    ),
    "s5": ("存在的主要问题", "存在主要问题", "主要问题及改进", "问题及改进"),
    "s6": ("其他需要报告的事项", "其他需要报告事项", "需要报告的事项"),
}

_CN_NUM = "一二三四五六七八九十"
HEADING = re.compile(rf"^([{_CN_NUM}]{{1,3}})?[、.](.{{2,30}})$")

CAPTION = re.compile(r"第二十条第\(([一二三四五六七八九十]+)\)项")
CAPTION_TABLES = {
    "一": "t2_art20_1",
    "五": "t2_art20_5",
    "六": "t2_art20_6",
    "八": "t2_art20_8",
    "九": "t2_art20_9",
}

# Labels printed differently from the template (X_LABELS_EXACT): wrong -> right, per table.
WRONG_LABELS: dict[str, dict[str, str]] = {
    "t3": {
        "合计": "总计",
        "只记这一情形": "只计这一情形",
        "不记其他情形": "不计其他情形",
        "信访投诉举报": "信访举报投诉",
    },
    "t4": {"结果维护": "结果维持", "合计": "总计"},
}

# Rows that exist in only one version (the format data's ``version_only_markers``): seeing
# one in a report of the other version's year means the wrong format was used.
VERSION_ONLY_MARKERS: dict[str, tuple[str, ...]] = {
    fmt.id: fmt.version_only_markers for fmt in all_formats()
}

# Headings of the pre-2019 (2008 Regulations) report structure.
PRE2019_HEADINGS = (
    "概述",
    "依申请公开政府信息",
    "依申请公开办理",
    "收费及减免",
    "收费和减免",
    "复议、诉讼和申诉",
    "主要工作概述",
    "基本工作情况",
    "申诉情况",
)


def number_value(numeral: str) -> int:
    """一..九十九 → int (for section and sub-heading numerals)."""
    if numeral.isdigit():
        return int(numeral)
    digits = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + digits.get(numeral[1:], 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return digits.get(tens, 0) * 10 + digits.get(ones, 0)
    return digits.get(numeral, 0)
