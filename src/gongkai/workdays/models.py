"""Holiday schedules added by an admin on top of the ones shipped in ``gongkai.rules``.

The State Council publishes each year's schedule in November or December; an admin stores
it here (the same JSON format as ``rules/data/holidays/``) without waiting for a release.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models
from django.utils.translation import gettext_lazy as _

from gongkai.rules.calendar import ScheduleError, WorkdayCalendar, parse_schedule


class HolidaySchedule(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    data = models.JSONField(
        _("节假日安排"), help_text=_("与 rules/data/holidays/<年份>.json 相同的格式")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    added_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.year}"

    def clean(self) -> None:
        try:
            parse_schedule(self.data or {}, source=f"{self.year}", expected_year=self.year)
        except ScheduleError as exc:
            # The rules module words its problems in English, naming the JSON it points at.
            raise ValidationError(
                {
                    "data": [
                        _("节假日安排数据有误：%(problem)s") % {"problem": problem}
                        for problem in exc.problems
                    ]
                }
            ) from exc


def current_calendar() -> WorkdayCalendar:
    """The built-in schedules, replaced or extended by the ones stored in the database.

    Before the database is migrated (``gongkai workdays`` right after ``make install``) there
    are no stored schedules, and the built-in ones are the whole calendar.
    """
    try:
        rows = list(HolidaySchedule.objects.all())
    except DatabaseError:
        rows = []
    stored = {
        row.year: parse_schedule(row.data, source=f"database {row.year}", expected_year=row.year)
        for row in rows
    }
    return WorkdayCalendar.builtin().with_schedules(stored)
