"""Art. 26 timeliness of each published item: from its formation to its first publication,
and again from each change (变更日期) to the publication that carried it."""

from django.utils import timezone

from gongkai.catalog.models import InfoItem
from gongkai.rules.proactive import publication_timeliness, timed_from
from gongkai.workdays.models import current_calendar


def _already_timed(item):
    # Items timed before the change date existed were timed from their formation.
    if item.timed_from is not None:
        return item.timed_from
    return item.generated_on if item.publication_workdays is not None else None


def record_timeliness(item, calendar=None) -> None:
    """At a publication: time the formation (first publication) or a change not yet timed,
    to the day it was published. A republication of the same change times nothing."""

    if item.first_published_at is None or item.generated_on is None:
        return
    start = timed_from(item.generated_on, item.changed_on)
    if start == _already_timed(item):
        return
    if item.publication_workdays is None:
        published_on = timezone.localdate(item.first_published_at)
    else:
        published_on = timezone.localdate(item.last_published_at or timezone.now())
    _time(item, start, published_on, calendar)


def _time(item, start, published_on, calendar=None) -> None:
    result = publication_timeliness(calendar or current_calendar(), start, published_on)
    InfoItem.objects.filter(pk=item.pk).update(
        publication_workdays=result.workdays,
        publication_late=result.late,
        publication_provisional=result.provisional,
        timed_from=start,
        timed_to=published_on,
    )


def retime(item, calendar=None) -> None:
    """Count the recorded span again (the calendar changed): the same formation or change,
    the same publication."""
    if item.first_published_at is None or item.generated_on is None:
        return
    start = _already_timed(item) or item.generated_on
    end = item.timed_to or timezone.localdate(item.first_published_at)
    _time(item, start, end, calendar)


def recompute_provisional() -> int:
    """After a holiday schedule is added, settle the counts that were only provisional."""

    calendar = current_calendar()
    items = list(InfoItem.objects.filter(publication_provisional=True))
    for item in items:
        retime(item, calendar)
    return len(items)
