"""服务不实用: the agency's 政务服务 column provides no online service — it neither links to
the province's 一体化政务服务平台 (a link to a government host of the scheme's list) nor
holds service guides — or a service guide lacks required elements (事项名称、设定依据 …;
the list and the number that may be missing are scheme data, unverified).

A service guide is a public item of the 政务服务 column whose 体裁 (genre) or title names
it one (scheme: ``guide_genres``); an element is present when its name appears in the
guide's title, summary or body."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import ColumnPage
from gongkai.inspection.results import PASS, VETO, IndicatorResult, evidence
from gongkai.inspection.scheme import Scheme
from gongkai.inspection.site import PublicPaths, parent_path, public_items

HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def platform_links(html: str, hosts) -> list[str]:
    """The links of ``html`` to a host under one of ``hosts`` (e.g. ``gov.cn``)."""
    found = []
    for href in HREF.findall(html or ""):
        host = (urlsplit(href).hostname or "").lower()
        if host and any(host == h or host.endswith("." + h) for h in hosts):
            found.append(href)
    return found


def missing_elements(text: str, elements) -> list[str]:
    return [element for element in elements if element not in text]


def service_facts(agency_ids, at: datetime, scheme: Scheme, paths: PublicPaths):
    """Per agency: its 政务服务 columns (``dict`` rows) and their service guides."""
    cfg = scheme.vetoes["services_impractical"]
    columns = ColumnPage.objects.filter(
        agency_id__in=agency_ids, slug__in=scheme.services_columns, live=True
    ).values("pk", "agency_id", "title", "path", "url_path", "description", "closed")
    by_agency: dict[int, list[dict]] = {}
    for row in columns:
        row["guides"] = []
        by_agency.setdefault(row["agency_id"], []).append(row)
    by_path = {row["path"]: row for rows in by_agency.values() for row in rows}
    if not by_path:
        return by_agency
    named = Q(genre__in=cfg["guide_genres"])
    for genre in cfg["guide_genres"]:
        named |= Q(title__contains=genre)
    guides = (
        public_items(agency_ids, at)
        .filter(named)
        .annotate(parent_path=parent_path())
        .filter(parent_path__in=list(by_path))
        .order_by("path")
        .values_list(
            "parent_path", "pk", "title", "summary", "body", "url_path", "became_public_at"
        )
    )
    for parent, pk, title, summary, body, url_path, became in guides:
        by_path[parent]["guides"].append(
            {
                "pk": pk,
                "title": title,
                "text": f"{title}\n{summary}\n{body}",
                "url": paths(url_path),
                "became_public_at": became,
            }
        )
    return by_agency


def services_impractical(columns: list[dict], scheme: Scheme, paths: PublicPaths):
    cfg = scheme.vetoes["services_impractical"]
    entries, online, incomplete = [], False, 0
    for column in columns:
        if column["closed"]:
            continue
        links = platform_links(column["description"], cfg["online_service_hosts"])
        online = online or bool(links) or bool(column["guides"])
        entries.append(
            evidence(
                "column",
                column["title"],
                paths(column["url_path"]),
                None,
                admin_url=reverse("wagtailadmin_pages:edit", args=[column["pk"]]),
                platform_links=links,
                service_guides=len(column["guides"]),
            )
        )
        for guide in column["guides"]:
            missing = missing_elements(guide["text"], scheme.guide_elements)
            if len(missing) > cfg["max_missing_elements"]:
                incomplete += 1
            entries.append(
                evidence(
                    "guide",
                    guide["title"],
                    guide["url"],
                    timezone.localdate(guide["became_public_at"]),
                    missing_elements=missing,
                    admin_url=reverse("wagtailadmin_pages:edit", args=[guide["pk"]]),
                )
            )
    if not online:
        entries.insert(
            0,
            evidence("column", "没有在线服务：政务服务栏目既无办事指南也未链接一体化政务服务平台"),
        )
    fired = not online or incomplete > 0
    return IndicatorResult.of("services_impractical", VETO if fired else PASS, entries)
