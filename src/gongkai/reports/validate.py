"""Checks before publishing: errors block it, warnings need someone's acknowledgement.

The arithmetic rules (勾稽关系) are the format data's own, evaluated by
``ReportFormat.evaluate``; the rest is about the report as a document: no blank cell, the
sections 一 … 六 in order, the narrative's own numbering, the report year used where the
report year is meant, the format version of the year, placeholders left in the draft, and
numbers in the text that disagree with the tables.

Everything but :func:`validate` and :func:`previous_cells` is pure and takes plain data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.reportcheck.text import arabic_years, canon
from gongkai.reports import labels
from gongkai.reports.generate import generate
from gongkai.reports.narrative import PLACEHOLDER, STATED_NUMBERS
from gongkai.reports.records import PUBLIC_STATES, AnnualReport, ReportState
from gongkai.rules.formats import ReportFormat, RuleResult, format_for_year, load_format

ERROR, WARNING, INFO = "error", "warning", "info"

# The report's own rule ids (the format's rules keep theirs: T3_BALANCE, X_NO_BLANKS …).
FORMAT_VERSION = "AR_FORMAT_VERSION"
NUMBERING = "AR_NUMBERING"
YEAR_IN_TEXT = "AR_YEAR_IN_TEXT"
PLACEHOLDER_LEFT = "AR_PLACEHOLDER"
NOT_ENTERED = "AR_FIGURE_NOT_ENTERED"
CATALOG_DATA = "AR_CATALOG_DATA"

CN_NUMERALS = "一二三四五六七八九十"
_TOP_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})、")
_SUBHEADING = re.compile(r"^\(([一二三四五六七八九十]{1,3})\)")
_ITEM = re.compile(r"^(\d{1,2})[.、)](?!\d)")
# Where a year stands for "the year reported on".
_YEAR_CLAIM = re.compile(r"(\d{4})年度?(?:截至目前|至今|全年|共|累计)")
_YEAR_TITLE = re.compile(r"(\d{4})年度?政府信息公开(?:工作)?(?:年度)?报告")
_YEAR_PERIOD = re.compile(r"(\d{4})年1月1日(?:起)?至(\d{4})年12月31日")
_YEAR_OPENING = re.compile(r"^(\d{4})年度?,")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    cells: tuple[str, ...] = ()
    section: str | None = None

    @property
    def key(self) -> str:
        """What an acknowledgement refers to: the same warning with other numbers is new."""
        return f"{self.rule}:{self.message}"


@dataclass(frozen=True)
class Validation:
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == INFO]

    def unacknowledged(self, keys: Iterable[str]) -> list[Finding]:
        done = set(keys)
        return [f for f in self.warnings if f.key not in done]

    def rules(self, severity: str | None = None) -> set[str]:
        return {f.rule for f in self.findings if severity in (None, f.severity)}


# -- format version -------------------------------------------------------------------------


def check_format(format_id: str, year: int) -> list[Finding]:
    expected = format_for_year(year)
    if expected is None:
        return [Finding(FORMAT_VERSION, ERROR, f"{year} 年没有适用的年报格式")]
    if expected.id != format_id:
        return [
            Finding(
                FORMAT_VERSION,
                ERROR,
                f"{year} 年度报告应使用 {expected.id}（{expected.document_number}），"
                f"而不是 {format_id}",
            )
        ]
    return []


# -- cells ------------------------------------------------------------------------------------


def check_cells(
    fmt: ReportFormat,
    cells: dict,
    previous: dict | None = None,
    previous_format: str | None = None,
) -> list[Finding]:
    """The format's cell rules. A blank cell is reported once, by X_NO_BLANKS; the equations
    it makes unverifiable are not repeated."""
    findings = []
    for result in fmt.evaluate(cells, previous, previous_format):
        if result.status == "fail":
            findings.append(
                Finding(
                    result.rule,
                    result.severity,
                    _rule_message(fmt, result),
                    result.cells,
                    fmt.table(result.table).section if result.table else None,
                )
            )
    return findings


def _rule_message(fmt: ReportFormat, result: RuleResult) -> str:
    rule = fmt.rule(result.rule)
    if rule.check == "no_blanks":
        table = labels.table_label(fmt, fmt.table(result.table))
        return f"{rule.zh}（{table}：{len(result.blank_cells)} 个空白单元格）"
    if rule.check == "nonnegative":
        names = "、".join(labels.cell_name(fmt, c) for c in result.cells)
        return f"{rule.zh}（{names}）"
    where = "、".join(_instance_label(fmt, value) for value in result.instance.values())
    relation = "≠" if result.op == "==" else ">"
    return f"{rule.zh}（{where or '合计'}：{result.lhs} {relation} {result.rhs}）"


def _instance_label(fmt: ReportFormat, value: str) -> str:
    if "." in value:  # "t2_art20_5.admin_license"
        table_id, row_id = value.split(".", 1)
        if fmt.has_table(table_id):
            return fmt.table(table_id).row(row_id).label
    for table in fmt.tables:
        for item in (*table.columns, *table.rows):
            if item.id == value:
                return item.label
    return value


def check_count_once(cells: dict) -> list[Finding]:
    """T3_COUNT_ONCE on the traces: no case counted in two outcome rows."""
    outcome_rows = {"new_received", "carried_in", "results_total", "carried_out"}
    seen: Counter = Counter()
    for cell_id, cell in cells.items():
        table, row, column = cell_id.split(".")
        if table == "t3" and row not in outcome_rows and column != "total":
            seen.update(source.pk for source in cell.sources)
    twice = sorted(pk for pk, n in seen.items() if n > 1)
    if not twice:
        return []
    return [
        Finding(
            "T3_COUNT_ONCE",
            ERROR,
            f"有申请被计入多个办理结果（申请记录 {', '.join(map(str, twice))}）",
            section="s3",
        )
    ]


# -- narrative ----------------------------------------------------------------------------------


def _lines(text: str) -> list[tuple[str, str]]:
    """(canonical, original) of every non-empty line."""
    out = []
    for raw in (text or "").splitlines():
        line = arabic_years(canon(raw))
        if line:
            out.append((line, raw.strip()))
    return out


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cn_value(numeral: str) -> int | None:
    if len(numeral) == 1:
        return CN_NUMERALS.index(numeral) + 1
    tens, ten, ones = numeral.partition("十")
    if ten:
        value = (CN_NUMERALS.index(tens) + 1 if tens else 1) * 10
        return value + (CN_NUMERALS.index(ones) + 1 if ones else 0)
    return None


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (
        (CN_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMERALS[ones - 1] if ones else "")
    )


def text_sections(fmt: ReportFormat):
    return [s for s in fmt.sections if s.kind == "text"]


def check_sections(fmt: ReportFormat, narrative: dict) -> list[Finding]:
    """X_SECTIONS_ORDER: the six headings 一 … 六 in order (from the format), each text
    section written, and no top-level heading typed inside a section's text."""
    problems = []
    for index, section in enumerate(fmt.sections):
        if section.number != _cn(index + 1):
            problems.append(f"“{section.heading}”应编号为“{_cn(index + 1)}”")
    for section in text_sections(fmt):
        lines = _lines(narrative.get(section.id, ""))
        if not lines:
            problems.append(f"“{section.heading}”没有内容")
        for line, raw in lines:
            if _TOP_HEADING.match(line):
                problems.append(
                    f"“{section.heading}”的正文中出现一级标题“{_clip(raw, 30)}”"
                    "（一级标题按 一～六 统一生成）"
                )
    return [
        Finding("X_SECTIONS_ORDER", ERROR, f"{fmt.rule('X_SECTIONS_ORDER').zh}：{p}", section=None)
        for p in problems
    ]


def check_numbering(fmt: ReportFormat, narrative: dict) -> list[Finding]:
    """（一）（二）… sub-headings and 1. 2. … items run on without gaps or repeats."""
    findings = []
    for section in text_sections(fmt):
        previous_sub = previous_item = 0
        for line, raw in _lines(narrative.get(section.id, "")):
            if m := _SUBHEADING.match(line):
                value = _cn_value(m.group(1))
                problem = _sequence(previous_sub, value, lambda n: f"（{_cn(n)}）")
                previous_sub, previous_item = value or previous_sub, 0
            elif m := _ITEM.match(line):
                value = int(m.group(1))
                problem = _sequence(previous_item, value, lambda n: f"{n}.")
                previous_item = value
            else:
                continue
            if problem:
                findings.append(
                    Finding(
                        NUMBERING,
                        ERROR,
                        f"“{section.heading}”编号有误：{problem}（“{_clip(raw, 30)}”）",
                        section=section.id,
                    )
                )
    return findings


def _sequence(previous: int, value: int | None, show) -> str:
    if value is None or value == previous + 1:
        return ""
    if value == previous:
        return f"{show(value)}重复"
    if value < previous:
        return f"{show(value)}出现在{show(previous)}之后"
    return "缺少" + "、".join(show(n) for n in range(previous + 1, value))


def check_years(fmt: ReportFormat, year: int, narrative: dict) -> list[Finding]:
    """The report year where the report year is meant: "2019年截至目前" in a 2020 report,
    a statistics period or a report title of another year, a summary opening with one.
    Later years in 五 are plans and pass."""
    findings = []
    for section in text_sections(fmt):
        for line, raw in _lines(narrative.get(section.id, "")):
            found = [int(m.group(1)) for m in _YEAR_CLAIM.finditer(line)]
            found += [int(m.group(1)) for m in _YEAR_TITLE.finditer(line)]
            for m in _YEAR_PERIOD.finditer(line):
                found += [int(m.group(1)), int(m.group(2))]
            if section.id == "s1" and (m := _YEAR_OPENING.match(line)):
                found.append(int(m.group(1)))
            wrong = sorted(
                {y for y in found if y != year and not (section.id == "s5" and y > year)}
            )
            if wrong:
                findings.append(
                    Finding(
                        YEAR_IN_TEXT,
                        ERROR,
                        f"“{section.heading}”把 {'、'.join(map(str, wrong))} 年当作报告年度叙述"
                        f"（本报告为 {year} 年度）：“{_clip(raw)}”",
                        section=section.id,
                    )
                )
    return findings


def check_placeholders(fmt: ReportFormat, narrative: dict) -> list[Finding]:
    marker = canon(PLACEHOLDER)
    return [
        Finding(
            PLACEHOLDER_LEFT,
            ERROR,
            f"“{section.heading}”中还有待填写的内容：“{_clip(raw)}”",
            section=section.id,
        )
        for section in text_sections(fmt)
        for line, raw in _lines(narrative.get(section.id, ""))
        if marker in line
    ]


def check_fee_reporting(fmt: ReportFormat, narrative: dict) -> list[Finding]:
    if not any(r.id == "S6_FEE_REPORTING" for r in fmt.rules):
        return []
    if re.search(r"处理费|收费", canon(narrative.get("s6", ""))):
        return []
    rule = fmt.rule("S6_FEE_REPORTING")
    return [
        Finding(
            rule.id, rule.severity, "“六、其他需要报告的事项”未报告信息处理费收取情况", section="s6"
        )
    ]


def check_stated_numbers(fmt: ReportFormat, narrative: dict, cells: dict) -> list[Finding]:
    """X_TEXT_MATCHES_TABLES for the numbers the draft states (edited or stale text)."""
    findings = []
    for section in text_sections(fmt):
        for line, raw in _lines(narrative.get(section.id, "")):
            for pattern, cell_ids in STATED_NUMBERS:
                if not all(c in cells for c in cell_ids):
                    continue
                table = sum(cells[c] or 0 for c in cell_ids)
                for m in pattern.finditer(line):
                    if int(m.group(1)) != table:
                        findings.append(
                            Finding(
                                "X_TEXT_MATCHES_TABLES",
                                WARNING,
                                f"正文“{m.group(0)}”与表格数字 {table} 不一致：“{_clip(raw)}”",
                                cell_ids,
                                section.id,
                            )
                        )
    return findings


# -- all together ------------------------------------------------------------------------------


def validate_parts(
    format_id: str,
    year: int,
    cells: dict,
    narrative: dict,
    *,
    previous: dict | None = None,
    previous_format: str | None = None,
    not_entered: Iterable[str] = (),
    data_problems: Iterable[str] = (),
) -> Validation:
    """Every check on plain data: ``cells`` maps cell ids to numbers (None for a blank)."""
    findings = check_format(format_id, year)
    fmt = load_format(format_id)
    findings += check_cells(fmt, cells, previous, previous_format)
    findings += check_sections(fmt, narrative)
    findings += check_numbering(fmt, narrative)
    findings += check_years(fmt, year, narrative)
    findings += check_placeholders(fmt, narrative)
    findings += check_fee_reporting(fmt, narrative)
    findings += check_stated_numbers(fmt, narrative, cells)
    not_entered = list(not_entered)
    if not_entered:
        names = "、".join(labels.cell_name(fmt, c) for c in not_entered)
        findings.append(
            Finding(
                NOT_ENTERED,
                WARNING,
                f"以下业务系统数据未录入，按 0 填写：{names}",
                tuple(not_entered),
                "s2",
            )
        )
    findings += [Finding(CATALOG_DATA, WARNING, p, section="s2") for p in data_problems]
    return Validation(tuple(findings))


def previous_cells(agency, year: int) -> tuple[dict | None, str | None]:
    """Last year's cells for the cross-year rules: the published report's, else computed."""

    fmt = format_for_year(year - 1)
    if fmt is None:
        return None, None
    published = AnnualReport.objects.filter(
        agency=agency,
        year=year - 1,
        state__in=PUBLIC_STATES,
    ).first()
    if published is not None and published.published_cells:
        return published.published_cells, published.format_id
    return generate(agency, year - 1).numbers(), fmt.id


def validate(report, generated=None) -> Validation:
    """Validate a stored report against the records as they are now (its frozen cells once
    published)."""

    previous, previous_format = previous_cells(report.agency, report.year)
    if report.state == ReportState.PUBLISHED and report.published_cells:
        return validate_parts(
            report.format_id,
            report.year,
            report.published_cells,
            report.narrative,
            previous=previous,
            previous_format=previous_format,
        )
    generated = generated or generate(report.agency, report.year, report.format_id)
    validation = validate_parts(
        report.format_id,
        report.year,
        generated.numbers(),
        report.narrative,
        previous=previous,
        previous_format=previous_format,
        not_entered=generated.not_entered,
        data_problems=generated.data_problems,
    )
    return Validation(validation.findings + tuple(check_count_once(generated.cells)))
