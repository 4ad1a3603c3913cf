"""Art. 26 timeliness of each published item, recorded at first publication."""

from django.utils import timezone

from gongkai.catalog.models import InfoItem
from gongkai.rules.proactive import publication_timeliness
from gongkai.workdays.models import current_calendar


def record_timeliness(item, calendar=None) -> None:

    if item.first_published_at is None or item.generated_on is None:
        return
    result = publication_timeliness(
        calendar or current_calendar(),
        item.generated_on,
        timezone.localdate(item.first_published_at),
    )
    InfoItem.objects.filter(pk=item.pk).update(
        publication_workdays=result.workdays,
        publication_late=result.late,
        publication_provisional=result.provisional,
    )


def recompute_provisional() -> int:
    """After a holiday schedule is added, settle the counts that were only provisional."""

    calendar = current_calendar()
    items = list(InfoItem.objects.filter(publication_provisional=True))
    for item in items:
        record_timeliness(item, calendar)
    return len(items)
