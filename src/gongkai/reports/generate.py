"""Every data cell of an agency's annual report, computed from the records, with its trace.

- Table 二, Art. 20(1) (规章, 规范性文件): counted from the catalog by the documents' dates
  and validity lifecycle as of 31 December.
- The other table-二 cells: the newest figure entered from the business systems
  (``figures.py``); a cell nobody entered is written 0 and said so.
- Tables 三 and 四: ``applications.reporting`` (cases) and ``disputes.reporting`` (the register).

Each :class:`Cell` carries the records it counted (model, pk, label) or the entered figure
with its author and time, so that every number of the report can be explained.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from gongkai.applications.models import Outcome
from gongkai.applications.reporting import outcome_row, t3_cells, year_cases
from gongkai.catalog.categories import Art20Category
from gongkai.catalog.models import InfoItem
from gongkai.disputes.models import RemedyKind, RemedyResult
from gongkai.disputes.reporting import t4_cells, t4_entries
from gongkai.reports import figures
from gongkai.reports.area import AreaScope, add_up, area_scope, covers_area
from gongkai.reports.records import FigureSource
from gongkai.rules.calendar import shanghai_date
from gongkai.rules.formats import ReportFormat, format_for_year, load_format

# Where a cell's value comes from.
CATALOG = "catalog"
FIGURE = "figure"
NOT_ENTERED = "not_entered"
APPLICATIONS = "applications"
REMEDIES = "remedies"
AREA = "area"  # a government's area report: its own office's value plus its members' reports

ORIGIN_LABELS = {
    CATALOG: "政府信息公开目录",
    FIGURE: "业务系统数据",
    NOT_ENTERED: "未录入，按 0 填写",
    APPLICATIONS: "依申请公开办理记录",
    REMEDIES: "行政复议、行政诉讼登记",
    AREA: "本级人民政府办公室数据与所属部门、乡镇（街道）已发布年报之和",
}

#: Rows of the Art. 20(1) table -> the catalog category they count.
CATALOG_ROWS = {
    "regulations": Art20Category.REGULATION,
    "normative_docs": Art20Category.NORMATIVE_DOC,  # gb2019 规范性文件
    "admin_normative_docs": Art20Category.NORMATIVE_DOC,  # gb2021 行政规范性文件
}


def _in_force_on(item: InfoItem, day: date) -> bool:
    # 现行有效 = 有效 on that day (gongkai.rules.validity; docs/validity.md). A document whose
    # validity nobody recorded counts as in force once formed.
    if not item.validity:
        return item.generated_on <= day
    return item.lifecycle.in_force_on(day)


#: Columns of the Art. 20(1) table -> (which documents of the row count, how that reads).
CATALOG_COLUMNS = {
    # gb2019
    "new_made": (lambda item, year: item.generated_on.year == year, "成文日期在本年度内"),
    "new_published": (
        lambda item, year: shanghai_date(item.first_published_at).year == year,
        "首次发布日期在本年度内",
    ),
    "total_published": (
        lambda item, year: shanghai_date(item.first_published_at).year <= year,
        "截至12月31日已发布",
    ),
    # gb2021
    "made": (lambda item, year: item.generated_on.year == year, "成文日期在本年度内"),
    "repealed": (lambda item, year: item.lifecycle.repealed_in(year), "废止日期在本年度内"),
    "in_force": (
        lambda item, year: _in_force_on(item, date(year, 12, 31)),
        "12月31日有效（已成文、已施行，未修订、未废止、未失效）",
    ),
}


class ReportYearError(ValueError):
    """No report format applies to the year (before 2019)."""


@dataclass(frozen=True)
class Source:
    """One record a cell counted, or the figure it shows."""

    model: str  # "catalog.InfoItem", "applications.Application", "reports.Figure" …
    pk: int
    label: str
    by: str = ""  # figures: who entered it
    at: datetime | None = None  # figures: when


@dataclass(frozen=True)
class Cell:
    id: str
    value: int | Decimal
    origin: str
    sources: tuple[Source, ...] = ()
    note: str = ""

    @property
    def number(self) -> int | float:
        if isinstance(self.value, Decimal):
            return figures.number(self.value, "money")
        return self.value


@dataclass
class GeneratedReport:
    agency: object
    year: int
    format: ReportFormat
    cells: dict[str, Cell]
    #: Problems of the records the numbers were computed from (shown as warnings).
    data_problems: list[str] = field(default_factory=list)
    #: A government's report for its whole area: whom it covers and who is missing.
    area: AreaScope | None = None

    def area_sources(self) -> dict[str, list[dict]]:
        """For an area report, cell id -> where each part of its figure came from (the
        government's own office first), as ReportVersion.cell_sources stores them."""
        if self.area is None:
            return {}
        out = {}
        for cell_id, cell in self.cells.items():
            if cell.origin != AREA:
                continue
            own_name, own_value = cell.note.rsplit("：", 1)
            out[cell_id] = [{"agency": own_name, "report": None, "value": own_value}] + [
                {"agency": s.by, "report": s.pk, "value": s.label.rsplit("：", 1)[1]}
                for s in cell.sources
                if s.model == REPORT_SOURCE
            ]
        return out

    def numbers(self) -> dict[str, int | float]:
        """Every data cell as a plain number, in the format's order."""
        return {cell_id: cell.number for cell_id, cell in self.cells.items()}

    @property
    def not_entered(self) -> list[str]:
        return [c.id for c in self.cells.values() if c.origin == NOT_ENTERED]


def report_format(year: int, format_id: str | None = None) -> ReportFormat:
    if format_id:
        return load_format(format_id)
    fmt = format_for_year(year)
    if fmt is None:
        raise ReportYearError(f"{year} 年没有适用的年报格式")
    return fmt


def generate(agency, year: int, format_id: str | None = None) -> GeneratedReport:
    """Compute every data cell of the format for ``year`` (chosen by year unless given)."""
    fmt = report_format(year, format_id)
    report = GeneratedReport(agency, year, fmt, {})
    cells: dict[str, Cell] = {}
    cells |= _catalog_cells(agency, year, fmt, report.data_problems)
    cells |= _figure_cells(agency, year, fmt)
    cells |= _t3(agency, year, fmt)
    cells |= _t4(agency, year, fmt)
    missing = set(fmt.cell_ids()) - set(cells)
    if missing:
        raise ValueError(f"{fmt.id}: no source for cells {sorted(missing)}")
    report.cells = {cell_id: cells[cell_id] for cell_id in fmt.cell_ids()}
    if covers_area(agency):
        report.area = area_scope(agency, year, fmt.id)
        report.cells = _area_cells(report.cells, report.area, fmt)
    return report


REPORT_SOURCE = "reports.AnnualReport"


def _area_cells(own: dict[str, Cell], scope: AreaScope, fmt) -> dict[str, Cell]:
    """Each cell: the government office's own value plus every included report's, traced
    to each report (its Source's ``by`` names the agency, its label ends in the value)."""
    out = {}
    for cell_id, cell in own.items():
        published = [
            (agency.name, report.pk, report.published_cells.get(cell_id))
            for agency, report in scope.included
        ]
        total, parts = add_up(cell.value, published, fmt.value_type(cell_id) == "money")
        if not parts:
            out[cell_id] = cell
            continue
        own_part = f"{scope.government.name}（本级）：{cell.number}"
        sources = tuple(
            Source(REPORT_SOURCE, pk, f"{name}：{value}", by=name) for name, pk, value in parts
        )
        out[cell_id] = Cell(cell_id, total, AREA, cell.sources + sources, own_part)
    return out


# -- table 二 ------------------------------------------------------------------------------


def _item_label(item: InfoItem) -> str:
    number = f"（{item.document_number}）" if item.document_number else ""
    validity = item.get_validity_display() if item.validity else "有效性未填"
    changed = f"，{item.validity_changed_on}" if item.validity_changed_on else ""
    if item.effective_from:
        changed = f"，{item.effective_from}起施行{changed}"
    return (
        f"{item.title}{number} 成文 {item.generated_on}，"
        f"发布 {shanghai_date(item.first_published_at)}，{validity}{changed}"
    )


def _catalog_cells(agency, year, fmt, problems: list[str]) -> dict[str, Cell]:
    cells = {}
    items = list(
        InfoItem.objects.filter(
            agency=agency,
            category__in={c.value for c in CATALOG_ROWS.values()},
            first_published_at__isnull=False,
        ).order_by("generated_on", "pk")
    )
    for item in items:
        if item.lifecycle.undated_end:
            problems.append(
                f"《{item.title}》标注为“{item.get_validity_display()}”但未填写日期："
                "不计入本年废止件数，也不计入现行有效件数"
            )
    for table_id in figures.CATALOG_TABLES & {t.id for t in fmt.tables}:
        table = fmt.table(table_id)
        for row in table.rows:
            category = CATALOG_ROWS[row.id]
            for column in table.columns:
                counts, rule = CATALOG_COLUMNS[column.id]
                hits = [i for i in items if i.category == category and counts(i, year)]
                cell_id = f"{table.id}.{row.id}.{column.id}"
                cells[cell_id] = Cell(
                    cell_id,
                    len(hits),
                    CATALOG,
                    tuple(Source("catalog.InfoItem", i.pk, _item_label(i)) for i in hits),
                    f"{category.label}：{rule}",
                )
    return cells


def _figure_cells(agency, year, fmt) -> dict[str, Cell]:
    cells = {}
    latest = figures.current_figures(agency, year, fmt)
    for cell_id in figures.figure_cell_ids(fmt):
        figure = latest.get(cell_id)
        kind = fmt.value_type(cell_id)
        if figure is None:
            zero = Decimal(0) if kind == "money" else 0
            cells[cell_id] = Cell(cell_id, zero, NOT_ENTERED, note="未录入，按 0 填写")
            continue
        value = figure.value.normalize() if kind == "money" else int(figure.value)
        user = figure.entered_by
        source = Source(
            "reports.Figure",
            figure.pk,
            f"{value}{figures.unit(fmt, cell_id)}（{FigureSource(figure.source).label}）",
            by=(user.get_full_name() or user.get_username()) if user else "",
            at=figure.entered_at,
        )
        cells[cell_id] = Cell(cell_id, value, FIGURE, (source,), figure.note)
    return cells


# -- tables 三 and 四 ------------------------------------------------------------------------


def _case_label(app, concluded: bool = False) -> str:
    label = f"{app.tracking_code} 收到 {app.counted_from}"
    if concluded:
        label += f"，{Outcome(app.outcome).label}，办结 {app.concluded_on}"
    return label


def _t3(agency, year, fmt) -> dict[str, Cell]:
    cases = year_cases(agency, year)
    sources: dict[str, list[Source]] = defaultdict(list)

    def count(row: str, app, concluded: bool = False) -> None:
        source = Source("applications.Application", app.pk, _case_label(app, concluded))
        sources[f"t3.{row}.{app.applicant_column}"].append(source)
        sources[f"t3.{row}.total"].append(source)

    for row, group in (
        ("new_received", cases.received),
        ("carried_in", cases.carried_in),
        ("carried_out", cases.carried_out),
    ):
        for app in group:
            count(row, app)
    for app in cases.concluded:
        count(outcome_row(app.outcome, fmt.id), app, concluded=True)
        count("results_total", app, concluded=True)
    values = t3_cells(agency, year, fmt.id)
    return {
        cell_id: Cell(cell_id, value, APPLICATIONS, tuple(sources.get(cell_id, ())))
        for cell_id, value in values.items()
    }


def _t4(agency, year, fmt) -> dict[str, Cell]:
    sources: dict[str, list[Source]] = defaultdict(list)
    for remedy, result in t4_entries(agency, year):
        decided = f"，{remedy.concluded_on} 审结" if result != RemedyResult.PENDING else ""
        label = (
            f"{RemedyKind(remedy.kind).label} {remedy.case_number} 受理 {remedy.filed_on}"
            f"{decided}，{result.label}（申请 {remedy.application.tracking_code}）"
        )
        source = Source("disputes.Remedy", remedy.pk, label)
        sources[f"t4.count.{remedy.kind}_{result.value}"].append(source)
        sources[f"t4.count.{remedy.kind}_total"].append(source)
    values = t4_cells(agency, year, fmt.id)
    return {
        cell_id: Cell(cell_id, value, REMEDIES, tuple(sources.get(cell_id, ())))
        for cell_id, value in values.items()
    }
