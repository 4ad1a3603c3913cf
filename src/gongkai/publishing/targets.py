"""Which addresses are published, and which a change of a page makes stale.

A target is ``(host, address)``: ``host`` is "" for the site group's default host or an
agency's own host name, ``address`` a root-relative path with ``?page=N`` for a listing's
further pages (paths.py). Every live public page gives its own addresses (a column its
listing pages and feed, an agency home its catalog and feed, a report page its downloads);
the site group adds the portal's statutory pages, and every host (the group's default and
each agency's own host name) its sitemap, robots.txt and the API's documents that depend on
no query, with that host's addresses. An item's API document is published on the default
host and on its agency's own host, if it has one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from wagtail.models import Page, Site

from gongkai.catalog.api import API_PAGE_SIZE
from gongkai.catalog.categories import Art20Category
from gongkai.catalog.models import (
    AgencyHomePage,
    ColumnPage,
    InfoItem,
    PortalHomePage,
    live_items,
)
from gongkai.catalog.models.pages import PAGE_SIZE
from gongkai.catalog.views import CATALOG_PAGE_SIZE
from gongkai.publishing.paths import MAX_LISTING_PAGE
from gongkai.reports.models import DOWNLOADS, AnnualReportPage

Target = tuple[str, str]

GROUP_DOCUMENTS = ("/sitemap.xml", "/robots.txt", "/api/v1/", "/api/v1/agencies/")


def pages_of(count: int, size: int) -> int:
    """How many listing pages are published: at least the first, at most ten."""
    return max(1, min(MAX_LISTING_PAGE, math.ceil(count / size)))


def listing(address: str, pages: int) -> list[str]:
    return [address] + [f"{address}?page={n}" for n in range(2, pages + 1)]


class Hosts:
    """The host a Wagtail site answers on: "" for the default, else its host name."""

    def __init__(self):
        self._by_site = {
            site.pk: "" if site.is_default_site else site.hostname for site in Site.objects.all()
        }

    def all(self) -> list[str]:
        """Every host published: the default ("") first, then the agencies' own."""
        return ["", *sorted({host for host in self._by_site.values() if host})]

    def of(self, page) -> tuple[str, str] | None:
        parts = page.get_url_parts()
        if not parts or parts[2] is None:
            return None
        site_id, _root, path = parts
        return self._by_site.get(site_id, ""), path


def page_targets(page, hosts: Hosts | None = None) -> list[Target]:
    """The addresses ``page`` (specific) is published at, whatever its state now."""
    located = (hosts or Hosts()).of(page)
    if located is None:
        return []
    host, path = located
    addresses = [path]
    if isinstance(page, ColumnPage):
        count = live_items().descendant_of(page).count()
        addresses = [*listing(path, pages_of(count, PAGE_SIZE)), f"{path}feed/"]
    elif isinstance(page, AgencyHomePage):
        count = live_items().descendant_of(page).count()
        addresses += [*listing(f"{path}catalog/", pages_of(count, CATALOG_PAGE_SIZE))]
        addresses.append(f"{path}feed/")
    elif isinstance(page, PortalHomePage):
        addresses += statutory_addresses(path)
    elif isinstance(page, AnnualReportPage):
        addresses += [f"{path}{name}/" for name in DOWNLOADS]
    return [(host, address) for address in addresses]


def statutory_addresses(portal_path: str = "/", categories: Iterable[str] | None = None):
    items = live_items()
    if categories is None:
        categories = [c.value for c in Art20Category if c != Art20Category.NONE]
    addresses = [f"{portal_path}statutory/"]
    for category in categories:
        if category == Art20Category.NONE:
            continue
        count = items.filter(category=category).count()
        addresses += listing(f"{portal_path}statutory/{category}/", pages_of(count, PAGE_SIZE))
    return addresses


def group_targets(*, listing_items_only: bool = False, hosts: Hosts | None = None) -> list[Target]:
    """The documents of each host that are no page: sitemap, robots.txt, the API's (with
    ``listing_items_only``, those a change of an item can change)."""
    count = live_items().count()
    fixed = ("/sitemap.xml", "/api/v1/agencies/") if listing_items_only else GROUP_DOCUMENTS
    addresses = [*fixed, *listing("/api/v1/items/", pages_of(count, API_PAGE_SIZE))]
    return [(host, address) for host in (hosts or Hosts()).all() for address in addresses]


def item_api_target(item, hosts: Hosts | None = None) -> list[Target]:
    """The item's API document on the default host and on the host serving it."""
    if not item.index_number:
        return []
    address = f"/api/v1/items/{item.index_number}/"
    located = (hosts or Hosts()).of(item)
    served_on = located[0] if located is not None else ""
    return _unique([("", address), (served_on, address)])


def public_pages() -> Iterator[Page]:
    """Every live page anyone may read, as its specific class."""
    return Page.objects.live().public().filter(depth__gt=1).specific().iterator(chunk_size=500)


def all_targets() -> list[Target]:
    hosts = Hosts()
    found: list[Target] = []
    for page in public_pages():
        found += page_targets(page, hosts)
        if isinstance(page, InfoItem) and page.disclosure_mode == "proactive":
            found += item_api_target(page, hosts)
    return _unique([*found, *group_targets(hosts=hosts)])


def agency_targets(home: AgencyHomePage) -> list[Target]:
    """One agency's site, and the portal's pages that list it."""
    hosts = Hosts()
    found: list[Target] = []
    for page in Page.objects.live().public().descendant_of(home, inclusive=True).specific():
        found += page_targets(page, hosts)
        if isinstance(page, InfoItem):
            found += item_api_target(page, hosts)
    portal = PortalHomePage.objects.live().first()
    if portal is not None:
        found += page_targets(portal, hosts)
    return _unique([*found, *group_targets(hosts=hosts)])


def affected_targets(page) -> list[Target]:
    """Every address whose rendering a change of ``page`` (specific) changes.

    An item: itself, the listing pages and feeds of the columns above it, its agency's home,
    catalog and feed, the portal, the statutory pages of its category, the sitemap and the
    API. A column or an agency home: every page of the agency too (the column navigation
    and the masthead are on all of them).
    """
    hosts = Hosts()
    found = list(page_targets(page, hosts))
    ancestors = page.get_ancestors().live().specific()
    for ancestor in ancestors:
        if isinstance(ancestor, ColumnPage | AgencyHomePage):
            found += page_targets(ancestor, hosts)
    if isinstance(page, InfoItem):
        found += item_api_target(page, hosts)
    if isinstance(page, ColumnPage | AgencyHomePage):
        home = page if isinstance(page, AgencyHomePage) else _home_of(ancestors)
        if home is not None:
            found += agency_targets(home)
    portal = PortalHomePage.objects.live().first()
    if portal is not None:
        portal_path = (hosts.of(portal) or ("", "/"))[1]
        found.append(("", portal_path))
        category = getattr(page, "category", None)
        found += [("", a) for a in statutory_addresses(portal_path, [category] if category else [])]
    return _unique([*found, *group_targets(listing_items_only=True, hosts=hosts)])


def _home_of(ancestors) -> AgencyHomePage | None:
    for ancestor in ancestors:
        if isinstance(ancestor, AgencyHomePage):
            return ancestor
    return None


def _unique(targets: Iterable[Target]) -> list[Target]:
    return list(dict.fromkeys(targets))
