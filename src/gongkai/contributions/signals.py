"""A mapped or adopted item published, unpublished (deleted) or moved at its source changes
the listings that show it: tell static publishing which (after commit)."""

from django.db.models import Q
from wagtail.signals import page_published, page_unpublished, post_page_move

from gongkai.catalog.models import ColumnPage, InfoItem
from gongkai.contributions.actions import announce
from gongkai.contributions.models import ColumnMapping, Contribution, ContributionState


def _prefixes(path: str, steplen: int) -> list[str]:
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def showing_columns(item_pk, paths) -> list:
    """The target columns that list the item (by a mapping of a column above one of
    ``paths``, or by an adopted reference entry)."""
    prefixes = {p for path in paths for p in _prefixes(path, InfoItem.steplen)}
    mapped = ColumnMapping.objects.filter(source__path__in=prefixes).values("target_id")
    adopted = Contribution.objects.filter(
        item_id=item_pk, state=ContributionState.ADOPTED, with_edits=False
    ).values("target_id")
    return list(ColumnPage.objects.filter(Q(pk__in=mapped) | Q(pk__in=adopted)))


def _changed(instance, paths) -> None:
    columns = showing_columns(instance.pk, paths)
    if columns:
        announce(columns)


def on_published_or_unpublished(sender, instance, **kwargs):
    _changed(instance, [instance.path])


def on_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    paths = [p.path for p in (parent_page_before, parent_page_after) if p is not None]
    if instance.live:
        _changed(instance, paths)


page_published.connect(on_published_or_unpublished, sender=InfoItem)
page_unpublished.connect(on_published_or_unpublished, sender=InfoItem)
post_page_move.connect(on_moved, sender=InfoItem)
