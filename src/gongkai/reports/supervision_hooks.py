"""The supervisor's rollup of the site group's annual reports, and the dashboard panels
that say when the report is due (Art. 49).

Imported from ``wagtail_hooks`` (Wagtail only discovers modules of that name).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from gongkai.agencies.access import staff_profile
from gongkai.agencies.models import Agency
from gongkai.agencies.policy import Capability, can, can_any
from gongkai.backoffice import Panel, add_menu_item
from gongkai.reports import exports, render, rollup
from gongkai.reports.due import agency_due_status, current_site_group
from gongkai.reports.records import PUBLIC_STATES, AnnualReport
from gongkai.rules.clock import china_today
from gongkai.rules.formats import format_for_year

# -- the rollup --------------------------------------------------------------------------------


def _rollup_for(request, year: int) -> rollup.Rollup:
    # Only the supervisor sees the whole group; anyone else learns nothing, not even a 403.
    if not can(request.user, Capability.SUPERVISE):
        raise Http404("Supervisors only")
    if format_for_year(year) is None:
        raise Http404("No report format for this year")
    return rollup.build_rollup(year)


def rollup_latest(request):
    if not can(request.user, Capability.SUPERVISE):
        raise Http404("Supervisors only")
    return redirect("reports_rollup", year=china_today().year - 1)


def rollup_page(request, year: int):
    result = _rollup_for(request, year)
    # The format's own table layout (merged headers, row labels), as the reports print it.
    data = rollup.report_data(result)
    tables = [render.grid(data, table) for table in result.format.tables]
    return TemplateResponse(
        request,
        "reports/rollup/page.html",
        {
            "rollup": result,
            "tables": tables,
            "page_title": _("%(name)s%(year)s年政府信息公开工作年度报告汇总")
            % {"name": result.group_name, "year": year},
        },
    )


def rollup_download(request, year: int, kind: str):
    result = _rollup_for(request, year)
    exporter = exports.EXPORTERS[kind]
    response = HttpResponse(exporter.render(rollup.report_data(result)), exporter.media_type)
    response["Content-Disposition"] = f'attachment; filename="rollup-{year}.{exporter.extension}"'
    return response


@hooks.register("register_admin_urls")
def register_rollup_urls():
    return [
        path("annual-reports/rollup/", rollup_latest, name="reports_rollup_latest"),
        path("annual-reports/rollup/<int:year>/", rollup_page, name="reports_rollup"),
        path(
            "annual-reports/rollup/<int:year>/rollup.json",
            rollup_download,
            {"kind": "json"},
            name="reports_rollup_json",
        ),
        path(
            "annual-reports/rollup/<int:year>/rollup.csv",
            rollup_download,
            {"kind": "csv"},
            name="reports_rollup_csv",
        ),
    ]


add_menu_item(
    can_any(Capability.SUPERVISE),
    gettext_lazy("年报汇总"),
    "reports_rollup_latest",
    icon_name="table",
    order=171,
)


# -- due panels ------------------------------------------------------------------------------


@hooks.register("construct_homepage_panels")
def add_due_panels(request, panels):
    today = china_today()
    year = today.year - 1
    if can(request.user, Capability.SUPERVISE):
        published_ids = set(
            AnnualReport.objects.filter(year=year, state__in=PUBLIC_STATES).values_list(
                "agency_id", flat=True
            )
        )
        agencies = list(Agency.objects.filter(retired_on__isnull=True))
        group = current_site_group()
        published = [a for a in agencies if a.pk in published_ids]
        # Each with its own deadline: a township's may be the site group's date (Art. 49).
        unpublished = [
            (a, agency_due_status(a, today, published=False, site_group=group))
            for a in agencies
            if a.pk not in published_ids
        ]
        panels.append(
            Panel(
                "annual_report_due_group",
                105,
                "reports/due/group_panel.html",
                year=year,
                published=published,
                unpublished=unpublished,
                rollup_url=reverse("reports_rollup", kwargs={"year": year}),
            )
        )
        return
    profile = staff_profile(request.user)
    # The report's deadline is the work of those who write it, not of every clerk.
    if profile is None or not can(request.user, Capability.REPORTS_WRITE, profile.agency_id):
        return
    report = AnnualReport.objects.filter(agency=profile.agency, year=year).first()
    status = agency_due_status(
        profile.agency, today, published=report is not None and report.is_published
    )
    panels.append(
        Panel(
            "annual_report_due",
            105,
            "reports/due/agency_panel.html",
            agency=profile.agency,
            status=status,
            report=report,
        )
    )
