"""索引号: given once, when an item is first published, unique in the site group, never changed."""

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.agencies.models import Agency


class IndexCounter(models.Model):
    """The last serial handed out for an agency and year; advanced with a conditional UPDATE."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "catalog"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="index_counter_per_agency_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_serial}"


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
    from gongkai.catalog.models import InfoItem

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
