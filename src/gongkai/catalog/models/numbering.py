"""The counter behind the 索引号 (``catalog/index_numbers.py`` hands the numbers out)."""

from django.db import models

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
