"""The listing sources of this app (``gongkai.catalog.listings``): adopted reference entries
and the items of mapped columns, computed when a listing is read — always consistent with
the source pages (a title edit shows at once; an unpublished, deleted or moved item is gone
from every listing that showed it)."""

from django.db.models import Q
from wagtail.models import Page

from gongkai.catalog.models import AgencyHomePage, ColumnPage
from gongkai.contributions.models import ColumnMapping, Contribution, ContributionState


def adopted_entries(page) -> Q | None:
    """The originals adopted as they are into ``page`` or a column under it (one query: their
    ids). Not a subquery of the listing's: OR-ed with the tree condition, a subquery made
    PostgreSQL test it on every item of the group (seconds at a million items)."""
    adopted = list(
        Contribution.objects.filter(
            state=ContributionState.ADOPTED,
            with_edits=False,
            item__isnull=False,
            target__path__startswith=page.path,
        ).values_list("item_id", flat=True)
    )
    return Q(pk__in=adopted) if adopted else None


def mapped_entries(page) -> Q | None:
    """The items under every column mapped into ``page`` or a column under it (one query:
    the mapped columns' tree paths)."""
    paths = list(
        ColumnMapping.objects.filter(target__path__startswith=page.path).values_list(
            "source__path", "source__depth"
        )
    )
    if not paths:
        return None
    condition = Q()
    for path, depth in paths:
        condition |= Q(path__startswith=path, depth__gt=depth)
    return condition


def listing_pages(columns) -> list:
    """The public pages whose listing shows what ``columns`` list: the columns, the columns
    above them and their agency's home (its newest list) — one query."""
    paths = set()
    for column in columns:
        if column is None:
            continue
        steplen = column.steplen
        paths.update(column.path[:end] for end in range(steplen, len(column.path) + 1, steplen))
    if not paths:
        return []
    pages = Page.objects.filter(path__in=paths).order_by("path").specific()
    return [page for page in pages if isinstance(page, ColumnPage | AgencyHomePage)]
