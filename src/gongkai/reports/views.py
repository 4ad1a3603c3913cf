"""Back-office pages: the list of reports, the figures of an agency and year, one report.

Views gather input and call ``actions``; what they show comes from ``generate`` and
``validate``. Another agency's report or figures are a 404.
"""

from __future__ import annotations

from django.contrib import messages as notices
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongkai.casework import form_errors
from gongkai.reports import actions, figures, labels, privacy_check
from gongkai.reports.access import (
    access_agency,
    access_report,
    agencies_for,
    can_submit,
    can_write,
)
from gongkai.reports.forms import ConfirmForm, FiguresImportForm, NarrativeForm, PublishForm
from gongkai.reports.generate import ORIGIN_LABELS, generate
from gongkai.reports.models import (
    AnnualReport,
    AnnualReportPage,
    Figure,
    ReportState,
    can_move,
)
from gongkai.reports.narrative import draft_narrative
from gongkai.reports.validate import text_sections, validate
from gongkai.rules.formats import format_for_year, load_format

MAX_CSV_BYTES = 1024 * 1024


def _fail(request, exc: actions.ActionError) -> None:
    for line in exc.messages:
        notices.error(request, line)


# -- the list ----------------------------------------------------------------------------------


def index(request):
    agencies = list(agencies_for(request.user))
    if not agencies:
        raise Http404("No agency")
    if request.method == "POST":
        agency = access_agency(request.user, request.POST.get("agency"), write=True)
        year = request.POST.get("year", "").strip()
        if not year.isdigit():
            notices.error(request, _("请填写报告年度。"))
            return redirect("reports_index")
        try:
            report = actions.do_create_report(agency, int(year), acting_user=request.user)
        except actions.ActionError as exc:
            _fail(request, exc)
            return redirect("reports_index")
        notices.success(request, _("已创建年度报告草稿。"))
        return redirect("reports_detail", pk=report.pk)
    reports = AnnualReport.objects.filter(agency__in=agencies).select_related("agency")
    writable = [a for a in agencies if can_write(request.user, a.pk)]
    return TemplateResponse(
        request,
        "reports/index.html",
        {
            "page_title": _("政府信息公开工作年度报告"),
            "reports": reports,
            "agencies": agencies,
            "writable": writable,
            "last_year": timezone.localdate().year - 1,
        },
    )


# -- figures -------------------------------------------------------------------------------------


def _figure_rows(fmt, agency, year, posted=None, errors=None):
    """One entry per table-二 row that holds figures, with its cells and their history."""
    history: dict[str, list[Figure]] = {}
    rows = Figure.objects.filter(agency=agency, year=year).select_related("entered_by")
    for figure in rows.order_by("-pk"):
        history.setdefault(figure.cell_id, []).append(figure)
    out = []
    for table in figures.figure_tables(fmt):
        for row in table.rows:
            cells = []
            for column in table.columns:
                cell_id = f"{table.id}.{row.id}.{column.id}"
                past = history.get(cell_id, [])
                cells.append(
                    {
                        "id": cell_id,
                        "label": labels.column_label(table, column),
                        "unit": figures.unit(fmt, cell_id),
                        "current": past[0] if past else None,
                        "history": past,
                        "posted": (posted or {}).get(cell_id),
                        "error": (errors or {}).get(cell_id),
                    }
                )
            out.append(
                {
                    "table": labels.table_label(fmt, table),
                    "row": row.label,
                    "cells": cells,
                }
            )
    return out


def figures_page(request, agency_id, year):
    agency = access_agency(request.user, agency_id)
    fmt = format_for_year(year)
    if fmt is None:
        raise Http404("No format for the year")
    posted = errors = None
    status = 200
    if request.method == "POST":
        agency = access_agency(request.user, agency_id, write=True)
        posted = {
            cell_id: request.POST[cell_id].strip()
            for cell_id in figures.figure_cell_ids(fmt)
            if request.POST.get(cell_id, "").strip()
        }
        errors = {}
        for cell_id, raw in posted.items():
            try:
                figures.parse_value(fmt, cell_id, raw)
            except figures.FigureError as exc:
                errors[cell_id] = str(exc)
        if not errors:
            try:
                created = actions.do_enter_figures(agency, year, posted, acting_user=request.user)
            except actions.ActionError as exc:
                _fail(request, exc)
            else:
                notices.success(request, _("已保存 %(n)d 项数据。") % {"n": len(created)})
                return redirect("reports_figures", agency_id=agency.pk, year=year)
        status = 400
    return TemplateResponse(
        request,
        "reports/figures.html",
        {
            "page_title": _("%(agency)s%(year)d年业务系统数据")
            % {"agency": agency.name, "year": year},
            "agency": agency,
            "year": year,
            "format": fmt,
            "rows": _figure_rows(fmt, agency, year, posted, errors),
            "can_write": can_write(request.user, agency.pk),
            "report": AnnualReport.objects.filter(agency=agency, year=year).first(),
        },
        status=status,
    )


@require_POST
def figures_import(request, agency_id, year):
    """The CSV import of the figures page, posted to its own URL; back to the page."""
    agency = access_agency(request.user, agency_id, write=True)
    if format_for_year(year) is None:
        raise Http404("No format for the year")
    _import_csv(request, agency, year)
    return redirect("reports_figures", agency_id=agency.pk, year=year)


def _import_csv(request, agency, year) -> None:
    form = FiguresImportForm(request.POST, request.FILES)
    upload = form.cleaned_data["csv"] if form.is_valid() else None
    if upload is None or upload.size > MAX_CSV_BYTES:
        notices.error(request, _("请选择不超过1MB的CSV文件。"))
        return
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on a Chinese Windows PC saves CSV in GBK.
        text = data.decode("gb18030", errors="replace")
    try:
        created = actions.do_import_figures_csv(agency, year, text, acting_user=request.user)
    except actions.ActionError as exc:
        _fail(request, exc)
    else:
        notices.success(request, _("已导入 %(n)d 项数据。") % {"n": len(created)})


# -- one report ---------------------------------------------------------------------------------


#: Back-office page of a traced record, by model.
SOURCE_URLS = {
    "catalog.InfoItem": "wagtailadmin_pages:edit",
    "applications.Application": "applications_staff_detail",
    "reports.AnnualReport": "reports_detail",
}


def _source_url(source) -> str | None:
    try:
        return reverse(SOURCE_URLS[source.model], args=[source.pk])
    except (KeyError, NoReverseMatch):
        return None


def _tables(generated, frozen: dict | None = None):
    """The tables for the report page: the values (``frozen`` ones once published) and below
    each table the trace of every cell that has one (records counted, figure entered, rule)."""
    fmt = generated.format
    out = []
    for table in fmt.tables:
        rows, traces = [], []
        for row in table.rows:
            cells = []
            for column in table.columns:
                cell = generated.cells[f"{table.id}.{row.id}.{column.id}"]
                traced = bool(cell.sources or cell.note)
                value = frozen[cell.id] if frozen else cell.number
                cells.append({"cell": cell, "value": value, "traced": traced})
                if traced:
                    traces.append(
                        {
                            "cell": cell,
                            "name": labels.cell_name(fmt, cell.id),
                            "origin": ORIGIN_LABELS[cell.origin],
                            "sources": [(s, _source_url(s)) for s in cell.sources],
                        }
                    )
            rows.append({"label": labels.row_label(table, row), "cells": cells})
        out.append(
            {
                "id": table.id,
                "label": labels.table_label(fmt, table),
                "stub": table.stub_header or "",
                "has_row_headers": labels.has_row_headers(table),
                "columns": [labels.column_label(table, c) for c in table.columns],
                "rows": rows,
                "traces": traces,
            }
        )
    return out


def _save_narrative(request, report, form) -> None:
    actions.do_save_narrative(report, form.narrative(), acting_user=request.user)
    notices.success(request, _("正文已保存。"))


def _acknowledge(request, report, form) -> None:
    actions.do_acknowledge_warnings(report, acting_user=request.user)
    notices.success(request, _("已确认当前警告。"))


def _submit(request, report, form) -> None:
    actions.do_submit(report, acting_user=request.user)
    notices.success(request, _("年度报告已报送主管部门。"))


def _correct(request, report, form) -> None:
    actions.do_start_correction(report, acting_user=request.user)
    notices.success(request, _("可以修改年度报告了；发布更正版本前，网站上仍是已发布的版本。"))


def _publish(request, report, form) -> None:
    note = form.cleaned_data["correction_note"]
    actions.do_publish(report, acting_user=request.user, correction_note=note)
    notices.success(request, _("年度报告已发布，表格数据已固定。"))


def _narrative_form(data, report):
    return NarrativeForm(data, sections=text_sections(load_format(report.format_id)))


#: the step's URL name -> (its form from the posted data and the report, its call)
REPORT_ACTIONS = {
    "narrative": (_narrative_form, _save_narrative),
    "acknowledge": (lambda data, report: ConfirmForm(data), _acknowledge),
    "submit": (lambda data, report: ConfirmForm(data), _submit),
    "correct": (lambda data, report: ConfirmForm(data), _correct),
    "publish": (lambda data, report: PublishForm(data), _publish),
}


def report_action(name):
    """The view of one step on a report, posted to ``annual-reports/<pk>/<name>/``."""
    make_form, run = REPORT_ACTIONS[name]

    @require_POST
    def view(request, pk):
        report = access_report(request.user, pk, write=True)
        form = make_form(request.POST, report)
        try:
            if not form.is_valid():
                raise actions.ActionError(*form_errors(form)[:1])
            run(request, report, form)
        except actions.ActionError as exc:
            _fail(request, exc)
        return redirect("reports_detail", pk=report.pk)

    view.__name__ = f"report_{name}"
    return view


def _path_context(user, report) -> dict:
    """Which steps of the report's path this user may take now (the page's buttons)."""
    write = can_write(user, report.agency_id)
    submit = can_submit(user, report.agency_id)
    return {
        "submit": submit and can_move(report.state, ReportState.SUBMITTED),
        "publish_and_submit": submit
        and report.state in (ReportState.DRAFT, ReportState.RETURNED)
        and actions.publish_and_submit_allowed(),
        "publish": write and report.state == ReportState.ACCEPTED,
        "correct": write and report.state == ReportState.PUBLISHED,
        "publish_correction": write and report.state == ReportState.CORRECTING,
        "versions": list(report.versions.select_related("published_by").order_by("-number")),
        "page": AnnualReportPage.objects.filter(report=report).first(),
    }


@require_safe
def detail(request, pk):
    """The report with its checks and traces; each step posts to its own URL."""
    report = access_report(request.user, pk)
    generated = generate(report.agency, report.year, report.format_id)
    validation = validate(report, generated)
    pending = {w.key for w in validation.unacknowledged(report.acknowledged_warnings)}
    draft = draft_narrative(generated)
    frozen = report.state == ReportState.PUBLISHED
    return TemplateResponse(
        request,
        "reports/detail.html",
        {
            "page_title": report.title,
            "report": report,
            "format": generated.format,
            "sections": [
                {
                    "section": s,
                    "text": report.narrative.get(s.id, ""),
                    "draft": draft.get(s.id, ""),
                }
                for s in text_sections(generated.format)
            ],
            "tables": _tables(generated, report.published_cells if frozen else None),
            "validation": validation,
            "warnings": [(w, w.key not in pending) for w in validation.warnings],
            "pending": pending,
            "can_write": can_write(request.user, report.agency_id) and report.is_editable,
            "path": _path_context(request.user, report),
            "area": generated.area,
            "privacy_checking": privacy_check.checking(report),
        },
    )


def privacy_check_status(request, pk):
    """JSON for the report page's "checking…" notice: pending while a privacy check of the
    report waits for the worker, then the outcome of the latest one."""
    report = access_report(request.user, pk)
    if privacy_check.checking(report):
        return JsonResponse({"state": "pending"})
    found = privacy_check.findings(privacy_check.latest_outcome(report))
    if found:
        text = _("个人信息检查：%(findings)s。请删除或遮盖后再发布。") % {
            "findings": actions.describe(found)
        }
    else:
        text = _("个人信息检查完成，未发现个人信息，可以发布。")
    return JsonResponse({"state": "done", "clean": not found, "text": text})
