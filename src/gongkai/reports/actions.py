"""Every change to figures and annual reports goes through one function here.

Each is atomic, checks that ``acting_user`` may write for the agency, locks the report,
checks the move against ``models.TRANSITIONS`` and writes an audit entry
``gongkai.reports.<action>`` (``gongkai.casework``). Figures are append-only (a correction is
a new row); a published report is frozen.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.casework import ActionError, AuditNames, audit, check_transition, locked
from gongkai.catalog.models import ColumnPage
from gongkai.reports import figures
from gongkai.reports.access import check_write
from gongkai.reports.generate import ReportYearError, generate, report_format
from gongkai.reports.models import (
    TRANSITIONS,
    AnnualReport,
    AnnualReportPage,
    Figure,
    FigureSource,
    ReportState,
)
from gongkai.reports.narrative import draft_narrative
from gongkai.reports.validate import text_sections, validate

#: action name -> label of its audit entry (registered in wagtail_hooks.py)
ACTIONS = {
    "enter_figures": "录入业务系统数据",
    "create": "创建年度报告草稿",
    "save_narrative": "修改年度报告正文",
    "acknowledge": "确认年度报告警告",
    "publish": "发布年度报告",
}
# Entries written before issue 14 carry gongkai_reports.<action>; they still render.
AUDIT = AuditNames(
    "reports", ACTIONS, legacy={f"gongkai_reports.{n}": label for n, label in ACTIONS.items()}
)
ACTION_PREFIX = AUDIT.prefix

__all__ = ["ACTIONS", "ACTION_PREFIX", "AUDIT", "ActionError"]


def _audit(instance, action: str, user, old_state=None, **data) -> None:
    """Audit ``action``; ``old_state`` defaults to the state it keeps (figures: none)."""
    state = getattr(instance, "state", "")
    old = state if old_state is None else old_state
    audit(instance, AUDIT, action, user=user, old_state=old, new_state=state, **data)


def _published(agency, year: int) -> bool:
    return AnnualReport.objects.filter(
        agency=agency, year=year, state=ReportState.PUBLISHED
    ).exists()


# -- figures -----------------------------------------------------------------------------------


def do_enter_figures(
    agency,
    year: int,
    values: dict,
    *,
    acting_user,
    source: FigureSource | str = FigureSource.FORM,
    note: str = "",
) -> list[Figure]:
    """Accept ``values`` (cell id -> number or text); a value equal to the current one is
    not recorded again. Returns the new rows."""
    check_write(acting_user, agency.pk)
    try:
        fmt = report_format(year)
    except ReportYearError as exc:
        raise ActionError(str(exc)) from exc
    parsed: dict[str, Decimal] = {}
    for cell_id, raw in values.items():
        if not figures.is_figure_cell(fmt, cell_id):
            raise ActionError(f"“{cell_id}”不是 {year} 年度报告的业务系统数据")
        try:
            parsed[cell_id] = figures.parse_value(fmt, cell_id, raw)
        except figures.FigureError as exc:
            raise ActionError(f"{fmt.cell_label(cell_id)}：{exc}") from exc
    with transaction.atomic():
        if _published(agency, year):
            raise ActionError(f"{year} 年度报告已发布，业务系统数据不能再修改")
        current = figures.current_figures(agency, year, fmt)
        created = [
            Figure.objects.create(
                agency=agency,
                year=year,
                cell_id=cell_id,
                value=value,
                source=source,
                note=note[:200],
                entered_by=acting_user,
            )
            for cell_id, value in parsed.items()
            if cell_id not in current or current[cell_id].value != value
        ]
        if created:
            changes = {
                f.cell_id: [
                    str(current[f.cell_id].value) if f.cell_id in current else None,
                    str(f.value),
                ]
                for f in created
            }
            _audit(agency, "enter_figures", acting_user, year=year, source=source, changes=changes)
    return created


def do_import_figures_csv(agency, year: int, text: str, *, acting_user) -> list[Figure]:
    """Import ``cell_id,value`` lines; any bad line imports nothing (the ActionError's
    details list every bad line)."""
    check_write(acting_user, agency.pk)
    try:
        fmt = report_format(year)
    except ReportYearError as exc:
        raise ActionError(str(exc)) from exc
    values, errors = figures.parse_csv(fmt, text)
    if errors:
        raise ActionError("导入失败，未导入任何数据", "Nothing was imported", details=errors)
    return do_enter_figures(agency, year, values, acting_user=acting_user, source=FigureSource.CSV)


# -- the report ---------------------------------------------------------------------------------


def do_create_report(agency, year: int, *, acting_user) -> AnnualReport:
    """Start the report of ``year`` in the year's format, with a drafted narrative."""
    check_write(acting_user, agency.pk)
    try:
        generated = generate(agency, year)
    except ReportYearError as exc:
        raise ActionError(str(exc)) from exc
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                agency=agency,
                year=year,
                format_id=generated.format.id,
                narrative=draft_narrative(generated),
                created_by=acting_user,
            )
            _audit(report, "create", acting_user, old_state="", year=year, format=report.format_id)
    except IntegrityError as exc:
        raise ActionError(f"{agency.name}{year}年度报告已存在") from exc
    return report


def _locked(report: AnnualReport) -> AnnualReport:
    return locked(AnnualReport, report.pk, related=("agency",))


def _check_move(report: AnnualReport, new: ReportState) -> None:
    check_transition(
        TRANSITIONS,
        report.state,
        new,
        message=f"年度报告当前状态为“{ReportState(report.state).label}”，不能修改",
        english="A published report cannot be changed",
    )


def do_save_narrative(report: AnnualReport, narrative: dict, *, acting_user) -> AnnualReport:
    """Replace the text of the narrative sections given in ``narrative``."""
    check_write(acting_user, report.agency_id)
    with transaction.atomic():
        report = _locked(report)
        _check_move(report, ReportState.DRAFT)
        wanted = {s.id for s in text_sections(report_format(report.year, report.format_id))}
        changed = {
            section: text.strip()
            for section, text in narrative.items()
            if section in wanted and text.strip() != report.narrative.get(section, "")
        }
        if changed:
            report.narrative = {**report.narrative, **changed}
            report.save(update_fields=["narrative", "updated_at"])
            _audit(report, "save_narrative", acting_user, sections=sorted(changed))
    return report


def do_acknowledge_warnings(report: AnnualReport, *, acting_user) -> AnnualReport:
    """Record that ``acting_user`` has read the current warnings and accepts them."""
    check_write(acting_user, report.agency_id)
    with transaction.atomic():
        report = _locked(report)
        _check_move(report, ReportState.DRAFT)
        keys = [w.key for w in validate(report).warnings]
        report.acknowledged_warnings = keys
        report.acknowledged_by, report.acknowledged_at = acting_user, timezone.now()
        report.save(
            update_fields=[
                "acknowledged_warnings",
                "acknowledged_by",
                "acknowledged_at",
                "updated_at",
            ]
        )
        _audit(report, "acknowledge", acting_user, warnings=keys)
    return report


ANNUAL_REPORTS_COLUMN = "annual-reports"


def _annual_reports_column(agency):
    # Standard columns nest it under 政府信息公开 (catalog/data/columns.json).
    column = ColumnPage.objects.filter(agency=agency, slug=ANNUAL_REPORTS_COLUMN).first()
    if column is None:
        raise ActionError(f"{agency.name}网站没有“政府信息公开年报”栏目，无法发布")
    return column


def _publish_page(report: AnnualReport, column, acting_user) -> AnnualReportPage:
    page = column.add_child(
        instance=AnnualReportPage(
            title=report.title,
            slug=str(report.year),
            agency=report.agency,
            report=report,
            live=False,
        )
    )
    page.save_revision(user=acting_user).publish(user=acting_user)
    page.refresh_from_db()  # publishing worked on its own copy (live, live_revision …)
    return page


def do_publish(report: AnnualReport, *, acting_user) -> AnnualReport:
    """Freeze the cells and the narrative and publish the report's page in the agency's
    政府信息公开年报 column. Refused while there is an error or a warning nobody
    acknowledged."""
    check_write(acting_user, report.agency_id)
    with transaction.atomic():
        report = _locked(report)
        _check_move(report, ReportState.PUBLISHED)
        generated = generate(report.agency, report.year, report.format_id)
        validation = validate(report, generated)
        if validation.errors:
            raise ActionError(
                "年度报告有错误，不能发布",
                "The report has errors and cannot be published",
                details=[e.message for e in validation.errors],
            )
        pending = validation.unacknowledged(report.acknowledged_warnings)
        if pending:
            raise ActionError(
                "请先确认以下警告",
                "Acknowledge these warnings first",
                details=[w.message for w in pending],
            )
        report.published_cells = generated.numbers()
        report.state = ReportState.PUBLISHED
        report.published_at, report.published_by = timezone.now(), acting_user
        column = _annual_reports_column(report.agency)
        report.save()
        page = _publish_page(report, column, acting_user)
        _audit(
            report,
            "publish",
            acting_user,
            old_state=ReportState.DRAFT,
            year=report.year,
            format=report.format_id,
            page=page.pk,
        )
    return report
