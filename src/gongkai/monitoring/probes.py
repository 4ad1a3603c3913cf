"""Probes of the agencies' public home pages (站点无法访问, 国办秘函〔2019〕19号).

A probe GETs the agency's home page — ``GONGKAI_BASE_URL/<slug>/``, or the root of the
agency's own host name — and succeeds when a complete answer (2xx/3xx and the whole body)
came within ``GONGKAI_PROBE_TIMEOUT_SECONDS``. The probes of one run go out at the same
time, at most ``GONGKAI_PROBE_CONCURRENCY`` at once, and are stored together.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from django.conf import settings

from gongkai.agencies.models import Agency
from gongkai.catalog.addresses import agency_base_url, base_url
from gongkai.monitoring.fetching import get
from gongkai.monitoring.models import Probe


def home_url(agency: Agency) -> str:
    """The public address of the agency's home page, as a visitor types it."""
    if agency.hostname:
        return agency_base_url(agency) + "/"
    return f"{base_url()}/{agency.slug}/"


def probe_agencies(
    agencies, *, timeout: float | None = None, concurrency: int | None = None
) -> list[Probe]:
    """Probe every agency of ``agencies`` once, concurrently; returns the stored probes."""
    agencies = list(agencies)
    if not agencies:
        return []
    timeout = timeout or settings.GONGKAI_PROBE_TIMEOUT_SECONDS
    concurrency = concurrency or settings.GONGKAI_PROBE_CONCURRENCY
    urls = [home_url(agency) for agency in agencies]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(urls))) as pool:
        answers = list(pool.map(lambda url: get(url, timeout=timeout), urls))
    probes = [
        Probe(
            agency=agency,
            url=answer.url,
            started_at=answer.started_at,
            duration_ms=round(answer.seconds * 1000),
            status_code=answer.status,
            error=answer.error[:300],
            ok=answer.ok,
        )
        for agency, answer in zip(agencies, answers, strict=True)
    ]
    return Probe.objects.bulk_create(probes)


def agencies_to_probe(slugs: list[str] | None = None):
    """The agencies not retired (all, or those of ``slugs``: LookupError names an unknown one)."""
    agencies = Agency.objects.filter(retired_on__isnull=True).order_by("sort_order", "pk")
    if not slugs:
        return list(agencies)
    found = {agency.slug: agency for agency in agencies.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise LookupError(
            f"没有名为 {', '.join(unknown)} 的在用机关 / no active agency {', '.join(unknown)}"
        )
    return [found[slug] for slug in dict.fromkeys(slugs)]


def latest_probes(agency_ids, since: datetime):
    return Probe.objects.filter(agency_id__in=agency_ids, started_at__gte=since)
