"""What the inspection (``gongkai.inspection``) reads of the monitoring: the contract.

Each function takes the agencies' ids and an instant and answers for all of them with a fixed
number of queries, however many agencies there are. Every evidence dict has ``kind``
("probe" | "link" | "account"), ``label`` (Chinese), ``url`` and ``date`` (ISO text or None)
and the specifics of its kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Case, Count, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value, When
from django.utils import timezone

from gongkai.monitoring.models import Account, LinkResult, LinkRun, PostCount, Probe

#: The national check list (国办秘函〔2019〕19号): monitored one week, at least 20 probes a day.
PROBE_DAYS = 7
PROBES_PER_DAY = 20


@dataclass(frozen=True)
class ProbeSummary:
    """The probes of the 7 days before an instant. ``measured`` is False when any of the 7
    days (24-hour spans ending at the instant) holds fewer than 20 probes: the short days are
    in ``evidence`` (``"short_day": True``) beside every failed probe."""

    measured: bool
    probes: int
    failures: int
    evidence: list[dict]

    @property
    def failure_share(self) -> float | None:
        """Failed probes as a share of all (None without probes); the veto is ≥ 0.05."""
        return self.failures / self.probes if self.probes else None


def _day_spans(at: datetime) -> list[tuple[datetime, datetime]]:
    """The 7 spans (start, end] of 24 hours before ``at``, the newest first."""
    return [(at - timedelta(days=i + 1), at - timedelta(days=i)) for i in range(PROBE_DAYS)]


def probe_summaries(agency_ids: Iterable[int], at: datetime) -> dict[int, ProbeSummary]:
    """Per agency: its probes in (at − 7 days, at]; two queries."""
    ids = list(agency_ids)
    spans = _day_spans(at)
    window = Probe.objects.filter(
        agency_id__in=ids, started_at__gt=spans[-1][0], started_at__lte=at
    )
    day = Case(
        *(
            When(started_at__gt=start, started_at__lte=end, then=Value(i))
            for i, (start, end) in enumerate(spans)
        ),
        output_field=IntegerField(),
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * PROBE_DAYS)
    failures: dict[int, int] = defaultdict(int)
    rows = (
        window.annotate(day=day)
        .values("agency_id", "day")
        .annotate(n=Count("pk"), failed=Count("pk", filter=Q(ok=False)))
        .order_by()
    )
    for row in rows:
        counts[row["agency_id"]][row["day"]] = row["n"]
        failures[row["agency_id"]] += row["failed"]
    failed: dict[int, list[dict]] = defaultdict(list)
    for probe in window.filter(ok=False).order_by("started_at", "pk"):
        failed[probe.agency_id].append(probe_evidence(probe))
    result = {}
    for agency_id in ids:
        per_day = counts[agency_id]
        short = [
            _short_day_evidence(spans[i], per_day[i])
            for i in reversed(range(PROBE_DAYS))
            if per_day[i] < PROBES_PER_DAY
        ]
        result[agency_id] = ProbeSummary(
            measured=not short,
            probes=sum(per_day),
            failures=failures[agency_id],
            evidence=short + failed[agency_id],
        )
    return result


def probe_evidence(probe: Probe) -> dict:
    local = timezone.localtime(probe.started_at)
    answer = probe.error or f"HTTP {probe.status_code}"
    return {
        "kind": "probe",
        "label": f"{local:%Y-%m-%d %H:%M} 探测失败：{answer}",
        "url": probe.url,
        "date": local.isoformat(),
        "time": local.isoformat(),
        "status": probe.status_code,
        "duration": probe.duration_ms / 1000,
        "error": probe.error,
        "ok": probe.ok,
    }


def _short_day_evidence(span: tuple[datetime, datetime], probes: int) -> dict:
    start, end = (timezone.localtime(t) for t in span)
    return {
        "kind": "probe",
        "label": f"{start:%m-%d %H:%M}—{end:%m-%d %H:%M} 仅探测 {probes} 次，不足每日 "
        f"{PROBES_PER_DAY} 次，未能监测",
        "url": None,
        "date": end.date().isoformat(),
        "time": None,
        "status": None,
        "duration": None,
        "error": "not measured: fewer than 20 probes",
        "short_day": True,
        "span_start": start.isoformat(),
        "span_end": end.isoformat(),
        "probes": probes,
    }


def broken_links(agency_ids: Iterable[int], at: datetime) -> dict[int, list[dict]]:
    """Per agency: the broken links of its latest link check finished at or before ``at``
    (an agency never checked has an empty list). One query."""
    ids = list(agency_ids)
    latest = (
        LinkRun.objects.filter(
            agency_id=OuterRef("run__agency_id"), finished_at__isnull=False, finished_at__lte=at
        )
        .order_by("-finished_at", "-pk")
        .values("pk")[:1]
    )
    results = (
        LinkResult.objects.filter(run__agency_id__in=ids, ok=False, run_id=Subquery(latest))
        .select_related("run")
        .order_by("run__agency_id", "page_title", "target", "pk")
    )
    found: dict[int, list[dict]] = {agency_id: [] for agency_id in ids}
    for result in results:
        found[result.run.agency_id].append(link_evidence(result))
    return found


def link_evidence(result: LinkResult) -> dict:
    checked = timezone.localtime(result.checked_at) if result.checked_at else None
    answer = result.error or f"HTTP {result.status_code}"
    return {
        "kind": "link",
        "label": f"错误链接（{answer}）：{result.page_title}",
        "url": result.target,
        "date": checked.isoformat() if checked else None,
        "target": result.target,
        "status": result.status_code,
        "error": result.error,
        "external": result.external,
        "page_title": result.page_title,
        "page_url": result.page_url,
    }


def _local_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def stale_accounts(
    agency_ids: Iterable[int], at: datetime, max_age_days: int = 14
) -> dict[int, list[dict]]:
    """Per agency: its accounts open at ``at`` with no post in the ``max_age_days`` before it.

    Posts are counted per period; a period with posts counts as posting on its last day (or on
    the day of ``at`` when it runs past it). An account opened less than ``max_age_days``
    before ``at`` is not stale yet. One query."""
    ids = list(agency_ids)
    day = _local_date(at)
    cutoff = _local_date(at - timedelta(days=max_age_days))
    accounts = (
        Account.objects.filter(agency_id__in=ids)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=cutoff))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day))
        .annotate(
            last_end=Max(
                "post_counts__end",
                filter=Q(post_counts__count__gt=0, post_counts__start__lte=day),
            )
        )
        .order_by("agency_id", "platform", "name", "pk")
    )
    found: dict[int, list[dict]] = {agency_id: [] for agency_id in ids}
    for account in accounts:
        last = min(account.last_end, day) if account.last_end else None
        if last is not None and last >= cutoff:
            continue
        found[account.agency_id].append(account_evidence(account, last, max_age_days))
    return found


def account_evidence(account: Account, last: date | None, max_age_days: int) -> dict:
    since = f"最近发文 {last.isoformat()}" if last else "无发文记录"
    return {
        "kind": "account",
        "label": f"{account.get_platform_display()}“{account.name}”{max_age_days}天未更新（{since}）",
        "url": account.url or None,
        "date": last.isoformat() if last else None,
        "platform": account.platform,
        "platform_label": str(account.get_platform_display()),
        "name": account.name,
        "account_id": account.account_id,
        "last_post": last.isoformat() if last else None,
    }


def posts_count(
    agency_ids: Iterable[int], start: date | datetime, end: date | datetime
) -> dict[int, int]:
    """Per agency: the posts of its accounts in the periods that lie within [start, end]
    (dates, both included; a datetime counts by its China date). One query."""
    ids = list(agency_ids)
    rows = (
        PostCount.objects.filter(
            account__agency_id__in=ids, start__gte=_local_date(start), end__lte=_local_date(end)
        )
        .values("account__agency_id")
        .annotate(total=Sum("count"))
        .order_by()
    )
    totals = {agency_id: 0 for agency_id in ids}
    for row in rows:
        totals[row["account__agency_id"]] = row["total"]
    return totals
