"""索引号: given once, when an item is first published, unique in the site group, never changed."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalog.models import IndexCounter, InfoItem


def next_serial(agency: Agency, year: int) -> int:
    with transaction.atomic():
        IndexCounter.objects.get_or_create(agency=agency, year=year)
        # The UPDATE takes the row lock; two publishers never read the same value.
        IndexCounter.objects.filter(agency=agency, year=year).update(
            last_serial=F("last_serial") + 1
        )
        return IndexCounter.objects.get(agency=agency, year=year).last_serial


def assign_index_number(item) -> str:
    """Give ``item`` its 索引号 if it has none; the year is that of first publication."""
    if item.index_number:
        return item.index_number
    published = timezone.localtime(item.first_published_at or timezone.now())
    agency = item.agency
    while True:
        number = agency.format_index_number(
            published.year, published.month, next_serial(agency, published.year)
        )
        # A pattern without the year may collide with an earlier year's serial: skip ahead.
        if not InfoItem.objects.filter(index_number=number).exists():
            break
    InfoItem.objects.filter(pk=item.pk, index_number="").update(index_number=number)
    item.index_number = InfoItem.objects.values_list("index_number", flat=True).get(pk=item.pk)
    return item.index_number
