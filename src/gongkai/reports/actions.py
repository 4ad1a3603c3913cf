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

from gongkai.casework import (
    ActionError,
    AuditNames,
    after_commit,
    audit,
    check_transition,
    locked,
)
from gongkai.catalog.changes import public_pages_changed
from gongkai.catalog.models import ColumnPage
from gongkai.catalog.privacy_gate import describe
from gongkai.reports import figures, privacy_check
from gongkai.reports.access import check_review, check_submit, check_write
from gongkai.reports.due import current_site_group
from gongkai.reports.generate import ReportYearError, generate, report_format
from gongkai.reports.narrative import draft_narrative
from gongkai.reports.pages import AnnualReportPage
from gongkai.reports.records import (
    TRANSITIONS,
    AnnualReport,
    Figure,
    FigureSource,
    ReportState,
    ReportVersion,
)
from gongkai.reports.validate import text_sections, validate

#: action name -> label of its audit entry (registered in wagtail_hooks.py)
ACTIONS = {
    "enter_figures": "录入业务系统数据",
    "create": "创建年度报告草稿",
    "save_narrative": "修改年度报告正文",
    "acknowledge": "确认年度报告警告",
    "publish": "发布年度报告",
    "submit": "报送年度报告",
    "accept": "接收年度报告",
    "return": "退回年度报告",
    "publish_and_submit": "发布并报送年度报告",
    "start_correction": "开始更正年度报告",
    "publish_correction": "发布年度报告更正版本",
    "settings": "修改年报报送设置",
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


def _frozen_state(agency, year: int) -> str | None:
    """The label of the state of the year's report when it may not be edited, else None."""
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    if report is None or report.is_editable:
        return None
    return str(ReportState(report.state).label)


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
        if frozen := _frozen_state(agency, year):
            raise ActionError(
                f"{year} 年度报告{frozen}，业务系统数据不能再修改",
                f"The {year} report can no longer be changed: its figures are fixed",
            )
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


def _check_move(report: AnnualReport, new: ReportState | None = None) -> None:
    """Refuse the move to ``new``; without it, refuse an edit of a report not editable."""
    label = ReportState(report.state).label
    if new is None:
        check_transition(
            TRANSITIONS,
            report.state,
            report.state,
            message=f"年度报告当前状态为“{label}”，不能修改",
            english=f"A report in the state “{report.state}” cannot be changed",
        )
        return
    check_transition(
        TRANSITIONS,
        report.state,
        new,
        message=f"年度报告当前状态为“{label}”，不能变为“{ReportState(new).label}”",
        english=f"A report in the state “{report.state}” cannot become “{new}”",
    )


def do_save_narrative(report: AnnualReport, narrative: dict, *, acting_user) -> AnnualReport:
    """Replace the text of the narrative sections given in ``narrative``."""
    check_write(acting_user, report.agency_id)
    with transaction.atomic():
        report = _locked(report)
        _check_move(report)
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
        _check_move(report)
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


def _checked(report: AnnualReport, generated=None):
    """The report's validation, refused while it has an error or an unacknowledged warning."""
    generated = generated or generate(report.agency, report.year, report.format_id)
    validation = validate(report, generated)
    if validation.errors:
        raise ActionError(
            "年度报告有错误，不能发布或报送",
            "The report has errors and cannot be published or submitted",
            details=[e.message for e in validation.errors],
        )
    pending = validation.unacknowledged(report.acknowledged_warnings)
    if pending:
        raise ActionError(
            "请先确认以下警告",
            "Acknowledge these warnings first",
            details=[w.message for w in pending],
        )
    return generated


# -- the path: submitted to the supervisor, accepted or returned, published, corrected --------


def do_submit(report: AnnualReport, *, acting_user) -> AnnualReport:
    """提交: send the finished report to the 本级政府信息公开工作主管部门 (the supervisor)."""
    check_submit(acting_user, report.agency_id)
    with transaction.atomic():
        report = _locked(report)
        old = report.state
        _check_move(report, ReportState.SUBMITTED)
        _checked(report)
        report.state = ReportState.SUBMITTED
        report.submitted_at, report.submitted_by = timezone.now(), acting_user
        report.review_comments = ""  # a returned report's comments stay in the audit log
        report.save()
        _audit(report, "submit", acting_user, old_state=old, year=report.year)
    return report


def _review(report: AnnualReport, new: ReportState, acting_user, comments: str = ""):
    check_review(acting_user, report.agency_id)
    with transaction.atomic():
        report = _locked(report)
        old = report.state
        _check_move(report, new)
        report.state = new
        report.review_comments = comments
        report.reviewed_at, report.reviewed_by = timezone.now(), acting_user
        report.save()
        action = "accept" if new == ReportState.ACCEPTED else "return"
        _audit(report, action, acting_user, old_state=old, year=report.year, comments=comments)
    return report


def do_accept(report: AnnualReport, *, acting_user) -> AnnualReport:
    """The supervisor accepts the submitted report; the agency may then publish it."""
    return _review(report, ReportState.ACCEPTED, acting_user)


def do_return(report: AnnualReport, comments: str, *, acting_user) -> AnnualReport:
    """The supervisor returns the submitted report with comments the agency sees; it is
    editable again and submitted anew."""
    comments = (comments or "").strip()
    if not comments:
        raise ActionError("退回年度报告须填写退回意见", "Give your comments to return a report")
    return _review(report, ReportState.RETURNED, acting_user, comments)


def publish_and_submit_allowed() -> bool:
    group = current_site_group()
    return bool(group and group.reports_publish_and_submit)


def _publish_action(report: AnnualReport, acting_user, correction_note: str) -> str:
    """Which publication this is, refused where the path does not allow it."""
    if report.state == ReportState.CORRECTING:
        if not correction_note:
            raise ActionError(
                "发布更正版本须填写更正说明（更正了什么、为什么）",
                "A correction needs its note: what changed and why",
            )
        return "publish_correction"
    if report.state in (ReportState.DRAFT, ReportState.RETURNED):
        if not publish_and_submit_allowed():
            raise ActionError(
                "年度报告须先报送主管部门，经接收后再发布",
                "Submit the report to the supervisor first; publish it once accepted",
            )
        check_submit(acting_user, report.agency_id)
        return "publish_and_submit"
    return "publish"


def check_no_personal_information(report: AnnualReport, correction_note: str = "") -> None:
    """The privacy gate of items, on what a report publishes in words: each text section of
    its narrative and the 更正说明 (its tables are counts). The scan runs on the worker
    (``reports.privacy_check``); refused while it has not answered."""
    outcome = privacy_check.ask(report, correction_note)
    if outcome.pending or (outcome.result is None and not outcome.failed):
        raise ActionError(
            "正在检查个人信息…检查完成后再发布（通常不超过一分钟）。",
            "Checking for personal information… publish once the check has finished "
            "(usually within a minute).",
            code="checking",
        )
    if findings := privacy_check.findings(outcome):
        raise ActionError(
            f"发布被拦截：发现个人信息（{describe(findings)}）。请删除或遮盖后再发布。",
            f"Publishing refused: personal information found ({describe(findings)}). "
            "Remove or mask it, then publish.",
            code="personal_information",
        )


def do_publish(report: AnnualReport, *, acting_user, correction_note: str = "") -> AnnualReport:
    """Freeze the cells and the narrative as a new version and publish the report's page in
    the agency's 政府信息公开年报 column: an accepted report; a draft when the site group lets
    agencies publish and submit at once (it is then submitted too); a correction, with its
    更正说明. Refused while there is an error or a warning nobody acknowledged."""
    check_write(acting_user, report.agency_id)
    correction_note = (correction_note or "").strip()
    # Asked before the lock (after the refusals that need no scan), so that the queued check
    # outlives a refusal; asked again under it, so that what is published is what was checked.
    _check_move(report, ReportState.PUBLISHED)
    _publish_action(report, acting_user, correction_note)
    check_no_personal_information(report, correction_note)
    with transaction.atomic():
        report = _locked(report)
        old = report.state
        _check_move(report, ReportState.PUBLISHED)
        action = _publish_action(report, acting_user, correction_note)
        check_no_personal_information(report, correction_note)
        generated = _checked(report)
        column = _annual_reports_column(report.agency)
        now = timezone.now()
        report.published_cells = generated.numbers()
        report.state = ReportState.PUBLISHED
        report.published_at, report.published_by = now, acting_user
        if action == "publish_and_submit":
            report.submitted_at, report.submitted_by = now, acting_user
        report.save()
        number = report.versions.count() + 1
        version = ReportVersion.objects.create(
            report=report,
            number=number,
            cells=report.published_cells,
            narrative=dict(report.narrative),
            cell_sources=generated.area_sources(),
            covers=[r.pk for _a, r in generated.area.included] if generated.area else [],
            correction_note=correction_note,
            published_at=now,
            published_by=acting_user,
        )
        page = AnnualReportPage.objects.filter(report=report).first()
        if page is None:
            page = _publish_page(report, column, acting_user)
        else:
            page.save_revision(user=acting_user).publish(user=acting_user)
            page.refresh_from_db()
            after_commit(lambda: public_pages_changed.send(AnnualReport, pages=[page]))
        _audit(
            report,
            action,
            acting_user,
            old_state=old,
            year=report.year,
            format=report.format_id,
            page=page.pk,
            version=version.number,
            correction_note=correction_note,
        )
    return report


def do_start_correction(report: AnnualReport, *, acting_user) -> AnnualReport:
    """Open a published report for a correction: its text and figures become editable while
    the published version stays on the site until the corrected one is published."""
    check_write(acting_user, report.agency_id)
    with transaction.atomic():
        report = _locked(report)
        _check_move(report, ReportState.CORRECTING)
        report.state = ReportState.CORRECTING
        report.save(update_fields=["state", "updated_at"])
        _audit(report, "start_correction", acting_user, old_state=ReportState.PUBLISHED)
    return report


def do_set_report_settings(*, acting_user, publish_and_submit: bool, whole_area: bool):
    """The site group's two settings of the report's path (supervisors only)."""
    group = current_site_group()
    if group is None:
        raise ActionError("网站群尚未建立", "The site group has not been set up")
    check_review(acting_user, group.top_agency_id)
    with transaction.atomic():
        old = {
            "publish_and_submit": group.reports_publish_and_submit,
            "whole_area": group.government_reports_whole_area,
        }
        group.reports_publish_and_submit = bool(publish_and_submit)
        group.government_reports_whole_area = bool(whole_area)
        group.save(update_fields=["reports_publish_and_submit", "government_reports_whole_area"])
        new = {"publish_and_submit": bool(publish_and_submit), "whole_area": bool(whole_area)}
        audit(
            group, AUDIT, "settings", user=acting_user, old_state="", new_state="", old=old, new=new
        )
    return group
