"""The narrative sections (一、总体情况, 五、存在的主要问题及改进情况, 六、其他需要报告的事项).

The disclosure officer writes them, starting from a draft that states the year's facts from
the records. What the records cannot know is left as a 【待填写：…】 placeholder, which the
validator refuses to publish. The text is the report's content and always Chinese, so it is
not marked for translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Sum

from gongkai.applications.models import FeeNotice, State
from gongkai.applications.reporting import year_cases
from gongkai.catalog.models import InfoItem
from gongkai.interaction.models import MessageKind
from gongkai.interaction.statistics import yearly_statistics
from gongkai.reports.generate import GeneratedReport
from gongkai.rules.calendar import CHINA_TZ
from gongkai.workdays.models import current_calendar

PLACEHOLDER = "【待填写"

#: Numbers the draft states, and the table cells they must equal (X_TEXT_MATCHES_TABLES).
STATED_NUMBERS: tuple[tuple[re.Pattern, tuple[str, ...]], ...] = (
    (re.compile(r"新收政府信息公开申请(\d+)件"), ("t3.new_received.total",)),
    (re.compile(r"上年结转(?:政府信息公开申请)?(\d+)件"), ("t3.carried_in.total",)),
    (re.compile(r"办结(?:政府信息公开申请)?(\d+)件"), ("t3.results_total.total",)),
    (re.compile(r"结转下年度继续办理(\d+)件"), ("t3.carried_out.total",)),
    (re.compile(r"行政复议(\d+)件"), ("t4.count.review_total",)),
    (
        re.compile(r"行政诉讼(\d+)件"),
        ("t4.count.direct_total", "t4.count.after_review_total"),
    ),
)


@dataclass(frozen=True)
class YearFacts:
    year: int
    agency: str
    items_published: int
    normative_made: int
    normative_label: str  # the format's row label: 规范性文件 (gb2019), 行政规范性文件 (gb2021)
    received: int
    carried_in: int
    concluded: int
    carried_out: int
    replied: int
    average_reply_workdays: float | None
    messages: dict  # kind -> {"label", "received", "answered", "average_reply_workdays"}
    reviews: int
    lawsuits: int
    fee_notices: int  # sent in the year
    fees_collected: int  # 元, paid in the year (whenever the notice was sent)


def year_facts(generated: GeneratedReport) -> YearFacts:
    agency, year, numbers = generated.agency, generated.year, generated.numbers()
    start = datetime(year, 1, 1, tzinfo=CHINA_TZ)
    end = datetime(year + 1, 1, 1, tzinfo=CHINA_TZ)
    items = InfoItem.objects.filter(
        agency=agency, first_published_at__gte=start, first_published_at__lt=end
    ).count()
    calendar = current_calendar()
    replied = [
        app
        for app in year_cases(agency, year).concluded
        if app.state == State.REPLIED and app.received_on and app.replied_on
    ]
    days = [
        max(calendar.workdays_between(a.received_on, a.replied_on, provisional=True).count, 0)
        for a in replied
    ]
    fees = FeeNotice.objects.filter(application__agency=agency)
    # A fee is revenue of the year it was paid in: a notice of 28 December paid on 5 January
    # is the next year's money, though the notice counts in the year it was sent.
    collected = fees.filter(paid_on__year=year).aggregate(total=Sum("amount"))["total"]
    normative_cell = generated.format.narrative_cells["normative_docs_made"]
    table, row, _column = generated.format.cell(normative_cell)
    return YearFacts(
        year=year,
        agency=agency.name,
        items_published=items,
        normative_made=numbers.get(normative_cell, 0),
        normative_label=row.label,
        received=numbers["t3.new_received.total"],
        carried_in=numbers["t3.carried_in.total"],
        concluded=numbers["t3.results_total.total"],
        carried_out=numbers["t3.carried_out.total"],
        replied=len(replied),
        average_reply_workdays=round(sum(days) / len(days), 1) if days else None,
        messages=yearly_statistics(agency, year)["kinds"],
        reviews=numbers["t4.count.review_total"],
        lawsuits=numbers["t4.count.direct_total"] + numbers["t4.count.after_review_total"],
        fee_notices=fees.filter(sent_on__year=year).count(),
        fees_collected=collected or 0,
    )


def _number(value: float) -> str:
    return f"{value:g}"


def draft_narrative(generated: GeneratedReport) -> dict[str, str]:
    """A first text for every narrative section of the format, by section id."""
    facts = year_facts(generated)
    overview = _overview(facts)
    if scope := scope_sentence(generated):
        overview = f"{scope}\n{overview}"
    texts = {"s1": overview, "s5": _problems(), "s6": _other(facts, generated)}
    return {s.id: texts.get(s.id, "") for s in generated.format.sections if s.kind == "text"}


KIND_WORDS = {
    "department": "个政府工作部门",
    "township": "个乡镇人民政府",
    "street": "个街道办事处",
}


def scope_sentence(generated: GeneratedReport) -> str:
    """A people's government's preface: which scope the report covers (its own office, or
    the whole area with the reports added up and those still missing)."""
    if generated.agency.kind != "government":
        return ""
    if generated.area is None:
        return "本报告为本级人民政府（办公室）本级的年度报告，不含所属部门和乡镇（街道）的数据。"
    counts = generated.area.counts()
    parts = "、".join(f"{n}{KIND_WORDS[k]}" for k, n in counts.items() if k in KIND_WORDS)
    text = "本报告涵盖本级人民政府（办公室）" + (f"及所属{parts}" if parts else "")
    text += "的政府信息公开工作，表格数据为其已发布年度报告的合计。"
    if generated.area.missing:
        names = "、".join(a.name for a in generated.area.missing)
        text += f"{names}的年度报告尚未发布，未计入。"
    return text


def _overview(f: YearFacts) -> str:
    y = f.year
    lines = [
        f"{y}年，{f.agency}认真贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》），"
        f"现将本机关{y}年政府信息公开工作情况报告如下。本报告中所列数据的统计期限自{y}年1月1日起"
        f"至{y}年12月31日止。",
        "（一）主动公开",
        f"{y}年，本机关通过政府信息公开平台主动公开政府信息{f.items_published}条，"
        f"其中本年制发{f.normative_label}{f.normative_made}件。",
        "（二）依申请公开",
        f"{y}年，本机关新收政府信息公开申请{f.received}件，上年结转{f.carried_in}件，"
        f"办结{f.concluded}件，结转下年度继续办理{f.carried_out}件。"
        + (
            f"作出书面答复{f.replied}件，平均用时{_number(f.average_reply_workdays)}个工作日。"
            if f.replied
            else "本年度没有作出书面答复的申请。"
        ),
        "（三）政府信息管理",
        f"{PLACEHOLDER}：规范性文件清理、公开属性审查、保密审查等情况】",
        "（四）政府信息公开平台建设",
        _messages_sentence(f),
        f"{PLACEHOLDER}：网站、政务新媒体等平台建设情况】",
        "（五）监督保障",
        (
            f"本年度本机关被申请行政复议{f.reviews}件，被提起行政诉讼{f.lawsuits}件。"
            if f.reviews or f.lawsuits
            else "本年度本机关未因政府信息公开工作被申请行政复议或提起行政诉讼。"
        ),
        f"{PLACEHOLDER}：工作考核、培训、社会评议和责任追究等情况】",
    ]
    return "\n".join(lines)


def _messages_sentence(f: YearFacts) -> str:
    kinds = [(MessageKind(k).label, row) for k, row in f.messages.items() if row["received"]]
    if not kinds:
        return "本机关政民互动栏目全年未收到留言。"
    received = "、".join(f"{label}{row['received']}条" for label, row in kinds)
    answered = sum(row["answered"] for _, row in kinds)
    return f"本机关政民互动栏目全年收到{received}，已答复{answered}条。"


def _problems() -> str:
    return f"{PLACEHOLDER}：本年度政府信息公开工作存在的主要问题，以及上一年度问题的改进情况】"


def _other(f: YearFacts, generated: GeneratedReport) -> str:
    if not any(r.id == "S6_FEE_REPORTING" for r in generated.format.rules):
        return "无其他需要报告的事项。"
    if not f.fee_notices and not f.fees_collected:
        return "本年度本机关未发出信息处理费收费通知，未收取信息处理费。"
    sent = (
        f"发出信息处理费收费通知{f.fee_notices}件" if f.fee_notices else "未发出信息处理费收费通知"
    )
    paid = f"收取信息处理费{f.fees_collected}元" if f.fees_collected else "未收取信息处理费"
    return f"本年度本机关{sent}，{paid}（按缴费日期计入年度）。"
