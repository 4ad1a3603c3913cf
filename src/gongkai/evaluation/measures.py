"""The measured indicators: each reads the records of a quarter for many agencies at once
(a fixed number of queries whatever their number) and returns one Measurement per agency.

A measure is a function ``(agencies, period, at) -> {agency_id: Measurement}`` registered
under the name a scheme uses (``"measure": …``); ``at`` is the instant the quarter is
measured at (its end, or now while it runs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.catalog.models import InfoItem
from gongkai.contributions.statistics import contribution_counts
from gongkai.evaluation.periods import Period
from gongkai.evaluation.scoring import Measurement
from gongkai.interaction.models import Message, MessageState
from gongkai.reports.due import agency_deadline, current_site_group
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.validate import validate

Measure = Callable[[list, Period, datetime], dict[int, Measurement]]
MEASURES: dict[str, Measure] = {}
EVIDENCE_LIMIT = 50  # entries of evidence kept per agency and measure


def measure(name: str):
    def register(func: Measure) -> Measure:
        MEASURES[name] = func
        return func

    return register


def _share(good: int, total: int) -> float:
    return good / total if total else 1.0


@measure("art26_timeliness")
def art26_timeliness(agencies, period: Period, at: datetime) -> dict[int, Measurement]:
    """Items first published in the quarter (up to ``at``) within 20 working days of their
    成文日期 (Art. 26, ``InfoItem.publication_late`` as recorded at publication)."""
    rows = (
        InfoItem.objects.live()
        .public()
        .order_by()
        .filter(
            agency__in=agencies,
            generated_on__isnull=False,
            first_published_at__gte=period.start,
            first_published_at__lte=at,
        )
        .values_list(
            "pk",
            "agency_id",
            "title",
            "url_path",
            "publication_late",
            "publication_workdays",
            "first_published_at",
        )
    )
    total, good, evidence = defaultdict(int), defaultdict(int), defaultdict(list)
    for pk, agency_id, title, _path, is_late, workdays, published in rows:
        total[agency_id] += 1
        if not is_late:
            good[agency_id] += 1
        elif len(evidence[agency_id]) < EVIDENCE_LIMIT:
            evidence[agency_id].append(
                {
                    "kind": "item",
                    "label": f"{title}（{workdays} 个工作日）",
                    "url": reverse("wagtailadmin_pages:edit", args=[pk]),
                    "date": timezone.localtime(published).date().isoformat(),
                }
            )
    return _by_agency(agencies, total, good, evidence)


@measure("applications_on_time")
def applications_on_time(agencies, period: Period, at: datetime) -> dict[int, Measurement]:
    """Applications whose reply was due in the quarter (up to ``at``): answered by the
    due date, against answered late or still unanswered."""
    today = timezone.localtime(at).date()
    rows = Application.objects.filter(
        agency__in=agencies, reply_due__gte=period.first_day, reply_due__lte=today
    ).values_list("pk", "agency_id", "tracking_code", "reply_due", "replied_on")
    return _replies_on_time(agencies, rows, "application", "applications_staff_detail")


@measure("message_replies_on_time")
def message_replies_on_time(agencies, period: Period, at: datetime) -> dict[int, Measurement]:
    """Messages due in the quarter (up to ``at``), not redirected to another channel:
    answered by their due date, against answered late or unanswered."""
    today = timezone.localtime(at).date()
    rows = (
        Message.objects.filter(agency__in=agencies, due_on__gte=period.first_day, due_on__lte=today)
        .exclude(state=MessageState.REDIRECTED)
        .values_list("pk", "agency_id", "subject", "due_on", "replied_at")
    )
    # A message's reply is an instant; its due date a day in Asia/Shanghai.
    rows = (
        (pk, agency_id, subject, due, timezone.localtime(replied_at).date() if replied_at else None)
        for pk, agency_id, subject, due, replied_at in rows
    )
    return _replies_on_time(agencies, rows, "message", "interaction_staff_detail")


def _replies_on_time(agencies, rows, kind: str, url_name: str) -> dict[int, Measurement]:
    """Rows ``(pk, agency_id, name, due, replied)``: answered by the due date, against
    answered late or unanswered (those are the evidence, linked to ``url_name``)."""
    total, good, evidence = defaultdict(int), defaultdict(int), defaultdict(list)
    for pk, agency_id, name, due, replied in rows:
        total[agency_id] += 1
        if replied is not None and replied <= due:
            good[agency_id] += 1
        elif len(evidence[agency_id]) < EVIDENCE_LIMIT:
            state = f"{replied} 答复" if replied else "未答复"
            evidence[agency_id].append(
                {
                    "kind": kind,
                    "label": f"{name}：期限 {due}，{state}",
                    "url": reverse(url_name, args=[pk]),
                    "date": due.isoformat(),
                }
            )
    return _by_agency(agencies, total, good, evidence)


def _by_agency(agencies, total, good, evidence) -> dict[int, Measurement]:
    return {
        a.pk: Measurement(
            _share(good[a.pk], total[a.pk]),
            good[a.pk],
            total[a.pk],
            note=f"{good[a.pk]}/{total[a.pk]}",
            evidence=tuple(evidence[a.pk]),
        )
        for a in agencies
    }


@measure("annual_report")
def annual_report(agencies, period: Period, at: datetime) -> dict[int, Measurement]:
    """The report on the year before the quarter's year (Art. 49): half the weight for
    publishing by the agency's deadline, half for no error in the report check
    (``reports.validate``). Before its deadline an unpublished report costs nothing."""
    today = timezone.localtime(at).date()
    year = period.year - 1
    group = current_site_group()
    reports = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(
            agency__in=agencies, year=year, state=ReportState.PUBLISHED, published_at__lte=at
        )
    }
    found = {}
    for agency in agencies:
        due = agency_deadline(agency, year, site_group=group)
        report = reports.get(agency.pk)
        if report is None:
            share = 1.0 if today <= due else 0.0
            note = f"{year}年度报告未发布（期限 {due}）"
            evidence = ()
        else:
            published = timezone.localtime(report.published_at).date()
            errors = validate(report).errors
            share = (0.5 if published <= due else 0.0) + (0.0 if errors else 0.5)
            note = f"{published} 发布（期限 {due}），体检错误 {len(errors)} 项"
            evidence = (
                {
                    "kind": "report",
                    "label": f"{year}年度报告",
                    "url": reverse("reports_detail", args=[report.pk]),
                    "date": published.isoformat(),
                    "errors": [f.message for f in errors][:EVIDENCE_LIMIT],
                },
            )
        found[agency.pk] = Measurement(share, note=note, evidence=evidence)
    return found


@measure("contributions_adoption")
def contributions_adoption(agencies, period: Period, at: datetime) -> dict[int, Measurement]:
    """The share of an agency's 信息报送 submissions of the quarter that were adopted, from
    ``contributions.statistics.contribution_counts`` (days, both included); an agency that
    submitted nothing scores nothing."""
    today = timezone.localtime(at).date()
    counts = contribution_counts([a.pk for a in agencies], period.first_day, today)
    found = {}
    for agency in agencies:
        row = counts.get(agency.pk, {})
        adopted, submitted = row.get("adopted", 0), row.get("submitted", 0)
        share = adopted / submitted if submitted else 0.0
        found[agency.pk] = Measurement(
            min(share, 1.0), adopted, submitted, note=f"采用 {adopted}/报送 {submitted}"
        )
    return found


def measure_all(names, agencies, period: Period, at: datetime) -> dict[str, dict[int, Measurement]]:
    """Every measure in ``names`` for every agency."""
    return {name: MEASURES[name](agencies, period, at) for name in set(names)}
