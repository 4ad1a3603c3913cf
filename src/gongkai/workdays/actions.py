"""Storing a year's holiday schedule, and everything that moves with it.

``do_store_schedule`` is the one way a schedule enters the database from the back office:
atomic, audited (who, when, the old and the new schedule) and followed by the recomputation
of every date that depends on the calendar — open applications' reply deadlines, open
messages' due dates and the catalog's Art. 26 timeliness — whose before/after it returns. The apps
that keep those dates register themselves in ``dependents``.
"""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.log_actions import log

from gongkai.rules.calendar import parse_schedule
from gongkai.workdays.dependents import Move, dependents
from gongkai.workdays.models import HolidaySchedule, current_calendar

SCHEDULE_STORED = "gongkai_workdays.schedule_stored"


@dataclass
class Moves:
    year: int
    created: bool
    moves: list[Move] = field(default_factory=list)


@transaction.atomic
def do_store_schedule(year: int, data: dict, *, acting_user) -> Moves:
    """Store (add or replace) the schedule of ``year``; raise ScheduleError when invalid."""
    parse_schedule(data, source=f"{year}", expected_year=year)
    old_calendar = current_calendar()
    before = [(dependent, dependent.snapshot()) for dependent in dependents()]

    row = HolidaySchedule.objects.select_for_update().filter(year=year).first()
    old_data = row.data if row else None
    created = row is None
    row = row or HolidaySchedule(year=year)
    row.data = data
    row.added_by = acting_user
    # post_save recomputes the applications' deadlines (applications.clock) and settles the
    # catalog's provisional counts (catalog.signals).
    row.save()
    new_calendar = current_calendar()

    moves = Moves(year=year, created=created)
    for dependent, snapshot in before:
        moves.moves += dependent.recompute(year, old_calendar, new_calendar, snapshot)
    log(
        instance=row,
        action=SCHEDULE_STORED,
        user=acting_user,
        data={
            "year": year,
            "old": old_data,
            "new": data,
            "moved": len(moves.moves),
        },
    )
    return moves
