"""Catalog's dates that follow the calendar: the Art. 26 timeliness of published items."""

from django.db.models import Q

from gongkai.catalog.models import InfoItem
from gongkai.catalog.timeliness import retime
from gongkai.workdays.dependents import Dependent, Move


def _timeliness():
    return {
        item.pk: (item.title, item.publication_workdays, item.publication_late)
        for item in InfoItem.objects.filter(publication_workdays__isnull=False).only(
            "title", "publication_workdays", "publication_late"
        )
    }


def _text(workdays, late) -> str:
    return f"{workdays}个工作日" + ("（逾期）" if late else "")


class Timeliness(Dependent):
    """Items whose span from 成文 to publication touches the year are counted again."""

    order = 30

    def snapshot(self):
        return _timeliness()

    def recompute(self, year, old_calendar, new_calendar, before) -> list[Move]:
        items = InfoItem.objects.filter(
            first_published_at__isnull=False,
            generated_on__isnull=False,
            generated_on__year__lte=year,
        ).filter(Q(first_published_at__year__gte=year - 1) | Q(timed_to__year__gte=year - 1))
        for item in items:
            retime(item, new_calendar)
        moves = []
        for pk, (title, workdays, late) in _timeliness().items():
            old = before.get(pk)
            if old and (old[1], old[2]) != (workdays, late):
                moves.append(Move("主动公开", title, _text(old[1], old[2]), _text(workdays, late)))
        return moves
