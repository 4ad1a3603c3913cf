"""The agency sites as the inspectors see them at T, read in bulk: every live column with the
newest item that had become public in it by T (a fixed number of queries for any number
of agencies)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F
from django.db.models.expressions import Window
from django.db.models.functions import Length, RowNumber, Substr
from django.urls import reverse
from wagtail.models import Page, Site

from gongkai.catalog.categories import DisclosureMode
from gongkai.catalog.models import ColumnPage, InfoItem
from gongkai.reports.models import AnnualReportPage


@dataclass
class Item:
    """A public item as evidence: its title, addresses, shown date and real first publication."""

    pk: int
    title: str
    url: str | None
    became_public_at: datetime
    shown_at: datetime | None
    origin: str

    @property
    def admin_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.pk])


@dataclass
class Column:
    pk: int
    agency_id: int
    title: str
    slug: str
    path: str
    depth: int
    url: str | None
    column_class: str
    update_days: int | None
    closed: bool
    closed_reason: str
    newest: Item | None = None  # the newest item public in the column itself by T
    latest: Item | None = None  # the newest in it or its sub-columns (what its page lists)
    children: list[Column] = field(default_factory=list)
    parent: Column | None = None

    @property
    def admin_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.pk])

    @property
    def is_container(self) -> bool:
        """A column of columns (it holds none of its own items), e.g. 政务资讯, 法定主动公开内容."""
        return bool(self.children) and self.newest is None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def first_level(self) -> bool:
        """A top-navigation column, or a direct child of a container column (so the tree's
        通知公告 and 政策文件 count)."""
        return self.parent is None or self.parent.is_container


class PublicPaths:
    """Root-relative public paths from ``url_path``: the default site's root (the portal)
    serves every agency site under its slug."""

    def __init__(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        self.root = site.root_page.url_path if site else None

    def __call__(self, url_path: str) -> str | None:
        if self.root is None or not url_path.startswith(self.root):
            return None
        return "/" + url_path[len(self.root) :]


def parent_path():
    """The ``path`` of a page's parent, as an expression."""
    return Substr("path", 1, Length("path") - Page.steplen)


def public_items(agency_ids, at: datetime):
    """The agencies' items anyone could read at ``at``: live, disclosed proactively, public
    and public by then."""
    return InfoItem.objects.filter(
        agency_id__in=agency_ids,
        live=True,
        disclosure_mode=DisclosureMode.PROACTIVE,
        became_public_at__lte=at,
    ).public()


def newest_items(agency_ids, at: datetime, paths: PublicPaths) -> dict[str, Item]:
    """Per column path: the newest public item that had become public in it by ``at`` —
    an InfoItem disclosed proactively, or a published annual report."""
    newest: dict[str, Item] = {}
    sources = (
        InfoItem.objects.filter(disclosure_mode=DisclosureMode.PROACTIVE),
        AnnualReportPage.objects.all(),
    )
    for queryset in sources:
        rows = (
            queryset.filter(agency_id__in=agency_ids, live=True, became_public_at__lte=at)
            .public()
            .annotate(
                parent_path=parent_path(),
                rank=Window(
                    RowNumber(),
                    partition_by=[parent_path()],
                    order_by=[F("became_public_at").desc(), F("pk").desc()],
                ),
            )
            .filter(rank=1)
            .values_list(
                "parent_path",
                "pk",
                "title",
                "url_path",
                "became_public_at",
                "first_published_at",
                "origin",
            )
        )
        for parent, pk, title, url_path, became, shown, origin in rows:
            item = Item(pk, title, paths(url_path), became, shown, origin)
            if parent not in newest or newest[parent].became_public_at < became:
                newest[parent] = item
    return newest


def agency_columns(agency_ids, at: datetime, paths: PublicPaths) -> dict[int, list[Column]]:
    """Every live column of each agency, as a tree (``parent``/``children``), with its newest
    item by ``at``."""
    rows = ColumnPage.objects.filter(agency_id__in=agency_ids, live=True).order_by("path")
    rows = rows.values_list(
        "pk",
        "agency_id",
        "title",
        "slug",
        "path",
        "depth",
        "url_path",
        "column_class",
        "update_days",
        "closed",
        "closed_reason",
    )
    newest = newest_items(agency_ids, at, paths)
    by_path: dict[str, Column] = {}
    result: dict[int, list[Column]] = {agency_id: [] for agency_id in agency_ids}
    for pk, agency_id, title, slug, path, depth, url_path, cls, days, closed, reason in rows:
        column = Column(
            pk,
            agency_id,
            title,
            slug,
            path,
            depth,
            paths(url_path),
            cls,
            days,
            closed,
            reason,
            newest=newest.get(path),
        )
        parent = by_path.get(path[: -Page.steplen])
        if parent is not None:
            column.parent = parent
            parent.children.append(column)
        by_path[path] = column
        result.setdefault(agency_id, []).append(column)
    # Deepest first: a column's page lists the items of its sub-columns too.
    for column in sorted(by_path.values(), key=lambda c: -c.depth):
        candidates = [c.latest for c in column.children if c.latest] + [column.newest]
        column.latest = max(
            (i for i in candidates if i), key=lambda i: i.became_public_at, default=None
        )
    return result
