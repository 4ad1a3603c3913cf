"""The supervisor's screen of the annual reports' path (issue 19): every agency's report of
the year with its state and Art. 49 deadline, the checker's findings on each submitted
report, and the two answers a supervisor gives — accept, or return with comments the agency
sees. The site group's two settings of the path are changed here too.

The views gather input and call ``gongkai.reports.actions``; refusals are shown as notices.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages as notices
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Agency
from gongkai.agencies.policy import Capability, can
from gongkai.querystring import whole_number
from gongkai.reports import actions
from gongkai.reports.due import agency_deadline, current_site_group
from gongkai.reports.forms import ReportSettingsForm, ReturnReportForm
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.validate import validate
from gongkai.rules.clock import china_today


@dataclass(frozen=True)
class Row:
    agency: Agency
    deadline: object
    report: AnnualReport | None
    findings: object = None  # the checker's Validation of a submitted report

    @property
    def state_label(self) -> str:
        return ReportState(self.report.state).label if self.report else _("未编制")

    @property
    def late(self) -> bool:
        """Not submitted or published by the deadline (as of today)."""
        if self.report is not None and (self.report.submitted_at or self.report.is_published):
            return False
        return china_today() > self.deadline


def _require_supervisor(request) -> None:
    if not can(request.user, Capability.REPORTS_REVIEW):
        raise Http404("Supervisors only")


def review_rows(year: int) -> list[Row]:
    group = current_site_group()
    reports = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(year=year).select_related(
            "agency", "submitted_by", "reviewed_by"
        )
    }
    rows = []
    for agency in Agency.objects.filter(retired_on__isnull=True):
        report = reports.get(agency.pk)
        findings = None
        if report is not None and report.state == ReportState.SUBMITTED:
            findings = validate(report)
        deadline = agency_deadline(agency, year, site_group=group)
        rows.append(Row(agency, deadline, report, findings))
    return rows


def report_review(request):
    _require_supervisor(request)
    year = whole_number(request.GET.get("year", ""), 2019, 9999) or china_today().year - 1
    group = current_site_group()
    return TemplateResponse(
        request,
        "supervision/report_review.html",
        {
            "page_title": _("%(year)s年度报告报送情况") % {"year": year},
            "year": year,
            "rows": review_rows(year),
            "group": group,
        },
    )


def _submitted_report(request, pk: int) -> AnnualReport:
    _require_supervisor(request)
    try:
        return AnnualReport.objects.get(pk=pk)
    except AnnualReport.DoesNotExist as exc:
        raise Http404("No such report") from exc


def _answered(request, report, answer) -> HttpResponseRedirect:
    try:
        answer()
    except actions.ActionError as exc:
        for line in exc.messages:
            notices.error(request, line)
    return redirect(f"{reverse('supervision_report_review')}?year={report.year}")


@require_POST
def accept_report(request, pk: int):
    """Accept one submitted report."""
    report = _submitted_report(request, pk)

    def accept():
        actions.do_accept(report, acting_user=request.user)
        notices.success(request, _("已接收%(title)s。") % {"title": report.title})

    return _answered(request, report, accept)


@require_POST
def return_report(request, pk: int):
    """Return one submitted report with the comments the agency sees (required)."""
    report = _submitted_report(request, pk)
    form = ReturnReportForm(request.POST)

    def give_back():
        comments = form.cleaned_data["comments"] if form.is_valid() else ""
        actions.do_return(report, comments, acting_user=request.user)
        notices.success(request, _("已退回%(title)s。") % {"title": report.title})

    return _answered(request, report, give_back)


def report_settings(request):
    _require_supervisor(request)
    if request.method != "POST":
        raise Http404("POST only")
    form = ReportSettingsForm(request.POST)
    form.is_valid()  # two check boxes: any input is valid
    try:
        actions.do_set_report_settings(
            acting_user=request.user,
            publish_and_submit=form.cleaned_data.get("publish_and_submit", False),
            whole_area=form.cleaned_data.get("whole_area", False),
        )
    except (actions.ActionError, PermissionDenied) as exc:
        notices.error(request, str(exc))
    else:
        notices.success(request, _("年报报送设置已保存。"))
    return redirect("supervision_report_review")
