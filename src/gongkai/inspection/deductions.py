"""The deduction indicators beside the vetoes: items published more than 20 working days
after their 成文日期 (Art. 26), the annual report not published by its deadline (Art. 49)
and the 政府信息公开指南 not updated in the year. Each reads all agencies in one or two
queries; the points per instance and their maximum are scheme data (unverified)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from gongkai.catalog.models import GuidePage
from gongkai.inspection.results import DEDUCT, PASS, IndicatorResult, evidence
from gongkai.inspection.scheme import Scheme
from gongkai.inspection.site import PublicPaths, public_items
from gongkai.inspection.windows import days_before
from gongkai.reports.due import agency_deadline, current_site_group
from gongkai.reports.models import AnnualReport, ReportState


def deduction(indicator_id: str, entries: list[dict], scheme: Scheme) -> IndicatorResult:
    points = scheme.deductions[indicator_id].points(len(entries))
    return IndicatorResult.of(indicator_id, DEDUCT if points else PASS, entries, points)


def late_items(agency_ids, at: datetime, scheme: Scheme, paths: PublicPaths):
    """Per agency: items that became public in the window before T more than 20 working days
    after their 成文日期."""
    days = scheme.deduction_settings["late_publication"]["window_days"]
    rows = (
        public_items(agency_ids, at)
        .filter(publication_late=True, became_public_at__gt=days_before(at, days))
        .order_by("path")
        .values_list(
            "pk",
            "agency_id",
            "title",
            "url_path",
            "became_public_at",
            "generated_on",
            "publication_workdays",
        )
    )
    found: dict[int, list[dict]] = {}
    for pk, agency_id, title, url_path, became, generated_on, workdays in rows:
        found.setdefault(agency_id, []).append(
            evidence(
                "item",
                title,
                paths(url_path),
                timezone.localdate(became),
                generated_on=generated_on.isoformat(),
                workdays=workdays,
                admin_url=reverse("wagtailadmin_pages:edit", args=[pk]),
            )
        )
    return found


def _report_year(agency, today, group) -> int:
    """The latest year whose report was due before ``today``."""
    year = today.year - 1
    if today <= agency_deadline(agency, year, site_group=group):
        year -= 1
    return year


def late_reports(agencies, at: datetime) -> dict[int, list[dict]]:
    """Per agency: its latest report that was due before T, when it was not published by its
    deadline (published late, or not at all by T)."""
    today = timezone.localdate(at)
    group = current_site_group()
    due = {a.pk: _report_year(a, today, group) for a in agencies}
    reports = {
        (agency_id, year): (pk, moment if state == ReportState.PUBLISHED else None)
        for pk, agency_id, year, state, moment in AnnualReport.objects.filter(
            agency_id__in=list(due), year__in=set(due.values())
        ).values_list("pk", "agency_id", "year", "state", "published_at")
    }
    found: dict[int, list[dict]] = {}
    for agency in agencies:
        year = due[agency.pk]
        deadline = agency_deadline(agency, year, site_group=group)
        pk, moment = reports.get((agency.pk, year), (None, None))
        if moment is not None and moment > at:
            moment = None
        if moment is not None and timezone.localdate(moment) <= deadline:
            continue
        found[agency.pk] = [
            evidence(
                "report",
                f"{year}年政府信息公开工作年度报告"
                + ("逾期发布" if moment else "截至检查时未发布"),
                reverse("reports_detail", args=[pk]) if pk else reverse("reports_index"),
                moment,
                year=year,
                deadline=deadline.isoformat(),
            )
        ]
    return found


def stale_guides(agency_ids, at: datetime, scheme: Scheme, paths: PublicPaths):
    """Per agency: its guide when its latest publication by T is older than the window (a
    guide not yet published at T counts as not updated)."""
    days = scheme.deduction_settings["guide_not_updated"]["window_days"]
    guides = list(
        GuidePage.objects.filter(agency_id__in=agency_ids).values_list(
            "pk", "agency_id", "title", "url_path", "first_published_at"
        )
    )
    published = dict(
        PageLogEntry.objects.filter(
            page_id__in=[g[0] for g in guides], action="wagtail.publish", timestamp__lte=at
        )
        .values("page_id")
        .annotate(latest=Max("timestamp"))
        .values_list("page_id", "latest")
    )
    found: dict[int, list[dict]] = {}
    for pk, agency_id, title, url_path, first in guides:
        latest = published.get(pk)
        if latest is None and first is not None and first <= at:
            latest = first
        if latest is not None and latest > days_before(at, days):
            continue
        found.setdefault(agency_id, []).append(
            evidence(
                "guide",
                title,
                paths(url_path),
                latest,
                window_days=days,
                admin_url=reverse("wagtailadmin_pages:edit", args=[pk]),
            )
        )
    return found
