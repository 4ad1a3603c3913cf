"""The link checker: every link in the published content of an agency's site.

Links come from the rich text of the agency's live public items, its columns' descriptions
and its home page's introduction. A link to the site group itself (a page or document link
of the editor, a root-relative path, or an address on the group's or an agency's host) is
checked in-process (``internal.py``). An external link is checked over HTTP only when
``GONGKAI_LINKCHECK_EXTERNAL`` is on, politely: one request at a time per host, a pause
between two, a timeout, at most ``GONGKAI_LINKCHECK_DAILY_BUDGET`` requests a day, and each
answer kept for ``GONGKAI_LINKCHECK_RECHECK_DAYS`` days (``LinkTarget``).
"""

from __future__ import annotations

import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from gongkai.agencies.models import Agency
from gongkai.catalog.addresses import base_url
from gongkai.catalog.models import AgencyHomePage, ColumnPage, live_items
from gongkai.monitoring import internal
from gongkai.monitoring.fetching import Answer, get
from gongkai.monitoring.models import LinkResult, LinkRun, LinkTarget

SKIPPED_SCHEMES = {"mailto", "tel", "javascript", "data", "sms"}
#: Seconds between two requests to the same external host.
HOST_PAUSE = 1.0
#: External answers are read up to this size: the status is what matters.
EXTERNAL_MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Link:
    page_id: int
    page_title: str
    page_url: str
    target: str  # as written (an editor's page/document link as its public path)
    kind: str  # "page" | "document" | "path" | "external"
    ref: object  # page id, (document id, None), (path, hostname) or the absolute URL


def internal_hosts() -> set[str]:
    hosts = {urlsplit(base_url()).netloc.lower()}
    hosts |= {
        h.lower() for h in Agency.objects.exclude(hostname="").values_list("hostname", flat=True)
    }
    return hosts


def links_of_html(html: str, page_url: str, hosts: set[str]):
    """(kind, ref, target) of each link in a rich-text ``html``."""
    soup = BeautifulSoup(html or "", "html.parser")
    for anchor in soup.find_all("a"):
        linktype = anchor.get("linktype")
        if linktype == "page" and anchor.get("id", "").isdigit():
            yield "page", int(anchor["id"]), f"page:{anchor['id']}"
            continue
        if linktype == "document" and anchor.get("id", "").isdigit():
            yield "document", (int(anchor["id"]), None), f"document:{anchor['id']}"
            continue
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        absolute = urljoin(page_url, href)
        parts = urlsplit(absolute)
        if parts.scheme in SKIPPED_SCHEMES or parts.scheme not in ("http", "https"):
            continue
        if parts.netloc.lower() in hosts:
            own = parts.hostname if parts.netloc.lower() != urlsplit(base_url()).netloc else None
            yield "path", (parts.path or "/", own), href
        else:
            yield "external", absolute.split("#")[0], href


def pages_of(agency: Agency):
    """(page, html) of every published page of the agency that carries rich text."""
    for item in live_items().filter(agency=agency).order_by("pk"):
        yield item, item.body
    for column in ColumnPage.objects.live().public().filter(agency=agency).order_by("pk"):
        if column.description:
            yield column, column.description
    for home in AgencyHomePage.objects.live().filter(agency=agency):
        if home.intro:
            yield home, home.intro


def collect_links(agency: Agency, hosts: set[str]) -> list[Link]:
    found = []
    for page, html in pages_of(agency):
        page_url = page.full_url or base_url() + "/"
        for kind, ref, target in links_of_html(html, page_url, hosts):
            found.append((page, page_url, kind, ref, target))
    shown = _shown_targets(found)
    return [
        Link(
            page.pk,
            page.title[:255],
            page_url[:1000],
            shown.get((kind, ref), target)[:1000],
            kind,
            ref,
        )
        for page, page_url, kind, ref, target in found
    ]


def _shown_targets(found) -> dict:
    """The public address of each page or document an editor linked to, where it still
    exists (a deleted one keeps ``page:ID``/``document:ID``)."""
    page_ids = {ref for _, _, kind, ref, _ in found if kind == "page"}
    document_ids = {ref[0] for _, _, kind, ref, _ in found if kind == "document"}
    shown = {}
    for page in Page.objects.filter(pk__in=page_ids).specific():
        if page.full_url:
            shown[("page", page.pk)] = page.full_url
    for document in get_document_model().objects.filter(pk__in=document_ids):
        shown[("document", (document.pk, None))] = base_url() + document.url
    return shown


def _internal_status(link: Link, cache: dict) -> tuple[int, str]:
    key = (link.kind, link.ref)
    if key not in cache:
        if link.kind == "page":
            cache[key] = internal.page_status(link.ref)
        elif link.kind == "document":
            cache[key] = internal.document_status(link.ref[0])
        else:
            cache[key] = internal.check_path(*link.ref)
    return cache[key]


def check_agencies(agencies, *, now: datetime | None = None, pause: float = HOST_PAUSE):
    """One run per agency: collect its links, check them, store the run; returns the runs."""
    now = now or timezone.now()
    hosts = internal_hosts()
    collected = {agency.pk: (agency, collect_links(agency, hosts)) for agency in agencies}
    externals = {
        link.ref for _, links in collected.values() for link in links if link.kind == "external"
    }
    answers = external_answers(sorted(externals), now=now, pause=pause)
    cache: dict = {}
    runs = []
    for agency, links in collected.values():
        runs.append(_store_run(agency, links, answers, cache, now))
    return runs


def _store_run(agency, links, answers, cache, now) -> LinkRun:
    results = []
    for link in links:
        if link.kind == "external":
            target = answers.get(link.ref)
            status, error, ok, checked_at = (
                (target.status_code, target.error, target.ok, target.checked_at)
                if target
                else (None, "未检查 / not checked", None, None)
            )
        else:
            status, error = _internal_status(link, cache)
            ok, checked_at = not error, now
        results.append(
            LinkResult(
                page_id=link.page_id,
                page_title=link.page_title,
                page_url=link.page_url,
                target=link.target,
                external=link.kind == "external",
                status_code=status,
                error=error[:300],
                ok=ok,
                checked_at=checked_at,
            )
        )
    with transaction.atomic():
        run = LinkRun.objects.create(agency=agency, started_at=now)
        for result in results:
            result.run = run
        LinkResult.objects.bulk_create(results)
        run.links = len(results)
        run.broken = sum(1 for r in results if r.ok is False)
        run.unchecked = sum(1 for r in results if r.ok is None)
        run.finished_at = timezone.now()
        run.save()
    return run


def external_answers(urls: list[str], *, now: datetime, pause: float = HOST_PAUSE):
    """url → LinkTarget (cached or newly checked) for the external ``urls``; absent: not
    checked (external checking off, or beyond the day's budget and never checked before)."""
    if not urls or not settings.GONGKAI_LINKCHECK_EXTERNAL:
        return {}
    known = {t.url: t for t in LinkTarget.objects.filter(url__in=urls)}
    fresh_after = now - timedelta(days=settings.GONGKAI_LINKCHECK_RECHECK_DAYS)
    due = [u for u in urls if u not in known or known[u].checked_at < fresh_after]
    due.sort(key=lambda u: (u in known, known[u].checked_at if u in known else now))
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    spent = LinkTarget.objects.filter(checked_at__gte=today, checked_at__lte=now).count()
    budget = max(0, settings.GONGKAI_LINKCHECK_DAILY_BUDGET - spent)
    checked = check_external(due[:budget], pause=pause)
    for url, answer in checked.items():
        values = {
            "host": urlsplit(url).netloc.lower()[:255],
            "status_code": answer.status,
            "error": answer.error[:300],
            "ok": answer.ok,
            "checked_at": now,
        }
        known[url], _ = LinkTarget.objects.update_or_create(url=url, defaults=values)
    return known


def check_external(
    urls: list[str], *, pause: float = HOST_PAUSE, timeout: float | None = None
) -> dict[str, Answer]:
    """GET each URL: hosts in parallel (``GONGKAI_LINKCHECK_HOSTS`` at once), one request at
    a time per host with ``pause`` seconds between two."""
    timeout = timeout or settings.GONGKAI_LINKCHECK_TIMEOUT_SECONDS
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[urlsplit(url).netloc.lower()].append(url)

    def one_host(host_urls: list[str]) -> list[tuple[str, Answer]]:
        answers = []
        for i, url in enumerate(host_urls):
            if i and pause:
                time.sleep(pause)
            answers.append((url, get(url, timeout=timeout, max_bytes=EXTERNAL_MAX_BYTES)))
        return answers

    if not by_host:
        return {}
    workers = min(settings.GONGKAI_LINKCHECK_HOSTS, len(by_host))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return {url: a for group in pool.map(one_host, by_host.values()) for url, a in group}
