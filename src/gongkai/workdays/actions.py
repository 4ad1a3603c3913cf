"""Storing a year's holiday schedule, and everything that moves with it.

``do_store_schedule`` is the one way a schedule enters the database from the back office:
atomic, audited (who, when, the old and the new schedule) and followed by the recomputation
of every date that depends on the calendar — open applications' reply deadlines, open
messages' due dates and the catalog's Art. 26 timeliness — whose before/after it returns.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from gongkai.rules.calendar import parse_schedule
from gongkai.rules.interaction import reply_due
from gongkai.workdays.models import HolidaySchedule, current_calendar

SCHEDULE_STORED = "gongkai_workdays.schedule_stored"


@dataclass(frozen=True)
class Move:
    kind: str  # 依申请公开 / 留言 / 主动公开
    label: str  # a tracking code or a title, never personal data
    before: str
    after: str


@dataclass
class Moves:
    year: int
    created: bool
    moves: list[Move] = field(default_factory=list)


def _due_text(due: date | None, provisional: bool) -> str:
    if due is None:
        return "—"
    return f"{due:%Y-%m-%d}" + ("（暂算）" if provisional else "")


def _open_applications():
    from gongkai.applications.models import OPEN_STATES, Application

    return {
        app.pk: (app.tracking_code, app.reply_due, app.provisional)
        for app in Application.objects.filter(state__in=OPEN_STATES, received_on__isnull=False)
    }


def _timeliness():
    from gongkai.catalog.models import InfoItem

    return {
        item.pk: (item.title, item.publication_workdays, item.publication_late)
        for item in InfoItem.objects.filter(publication_workdays__isnull=False).only(
            "title", "publication_workdays", "publication_late"
        )
    }


def _recompute_messages(old_calendar, new_calendar) -> list[Move]:
    """Open messages keep their number of working days; their due date follows the calendar."""
    from gongkai.interaction.models import Message, MessageState

    moves = []
    open_messages = Message.objects.select_for_update().exclude(
        state__in=[MessageState.ANSWERED, MessageState.REDIRECTED]
    )
    for message in open_messages:
        received = timezone.localdate(message.received_at)
        workdays = old_calendar.workdays_between(received, message.due_on, provisional=True).count
        if workdays < 1:
            continue
        due = reply_due(new_calendar, received, workdays)
        if (due.on, due.provisional) == (message.due_on, message.due_provisional):
            continue
        before = _due_text(message.due_on, message.due_provisional)
        Message.objects.filter(pk=message.pk).update(due_on=due.on, due_provisional=due.provisional)
        log(
            instance=message,
            action="gongkai.message.due_recomputed",
            data={"old_due": message.due_on.isoformat(), "new_due": due.on.isoformat()},
        )
        moves.append(
            Move("留言", message.tracking_code, before, _due_text(due.on, due.provisional))
        )
    return moves


def _recompute_timeliness(year: int, calendar) -> None:
    """Items whose span from 成文 to publication touches ``year`` are counted again."""
    from gongkai.catalog.models import InfoItem
    from gongkai.catalog.timeliness import record_timeliness

    items = InfoItem.objects.filter(
        first_published_at__isnull=False,
        generated_on__isnull=False,
        generated_on__year__lte=year,
        first_published_at__year__gte=year - 1,
    )
    for item in items:
        record_timeliness(item, calendar)


@transaction.atomic
def do_store_schedule(year: int, data: dict, *, acting_user) -> Moves:
    """Store (add or replace) the schedule of ``year``; raise ScheduleError when invalid."""
    parse_schedule(data, source=f"{year}", expected_year=year)
    old_calendar = current_calendar()
    applications_before = _open_applications()
    timeliness_before = _timeliness()

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
    _recompute_timeliness(year, new_calendar)

    moves = Moves(year=year, created=created)
    for pk, (code, due, provisional) in _open_applications().items():
        old = applications_before.get(pk)
        if old and (old[1], old[2]) != (due, provisional):
            moves.moves.append(
                Move("依申请公开", code, _due_text(old[1], old[2]), _due_text(due, provisional))
            )
    moves.moves += _recompute_messages(old_calendar, new_calendar)
    for pk, (title, workdays, late) in _timeliness().items():
        old = timeliness_before.get(pk)
        if old and (old[1], old[2]) != (workdays, late):
            moves.moves.append(
                Move(
                    "主动公开",
                    title,
                    f"{old[1]}个工作日" + ("（逾期）" if old[2] else ""),
                    f"{workdays}个工作日" + ("（逾期）" if late else ""),
                )
            )
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
