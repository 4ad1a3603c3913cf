"""The indicators read from the monitoring (``gongkai.monitoring.api``): 站点无法访问 from
the probes of the 7 days before T, broken links from the latest link check, and 政务新媒体
accounts not updated for 14 days. Never-measured is "not_measured", never a pass."""

from __future__ import annotations

from datetime import datetime

from gongkai.inspection.results import NOT_MEASURED, PASS, VETO, IndicatorResult
from gongkai.inspection.scheme import Scheme
from gongkai.monitoring import api
from gongkai.monitoring.models import LinkRun


def site_unreachable(summary, scheme: Scheme) -> IndicatorResult:
    """Veto when the failed probes reach the scheme's share (5 %) of at least 20 probes a day
    over 7 days; fewer probes than that is not measured."""
    share = scheme.veto("site_unreachable", "failure_share")
    if summary is None or not summary.measured or not summary.probes:
        evidence = summary.evidence if summary is not None else []
        return IndicatorResult.of("site_unreachable", NOT_MEASURED, evidence)
    fired = summary.failures >= share * summary.probes
    return IndicatorResult.of("site_unreachable", VETO if fired else PASS, summary.evidence)


def probe_summaries(agency_ids, at: datetime) -> dict:
    return api.probe_summaries(agency_ids, at)


def link_checked(agency_ids, at: datetime) -> set[int]:
    """The agencies whose pages a link check had gone through by T."""
    return set(
        LinkRun.objects.filter(
            agency_id__in=agency_ids, finished_at__isnull=False, finished_at__lte=at
        ).values_list("agency_id", flat=True)
    )


def broken_links(agency_ids, at: datetime) -> dict[int, list[dict]]:
    return api.broken_links(agency_ids, at)


def stale_accounts(agency_ids, at: datetime, scheme: Scheme) -> dict[int, list[dict]]:
    days = scheme.deduction_settings["newmedia_not_updated"]["window_days"]
    return api.stale_accounts(agency_ids, at, max_age_days=days)
