"""The case apps' dates that follow the calendar: applications' reply deadlines and
messages' due dates.

These belong to ``applications`` and ``interaction`` (the cases layer), which should
register them from their own ``AppConfig.ready``; until they do, this module — the one
place in the base layer that imports the cases layer — registers them (``apps.py``).
"""

from django.utils import timezone
from wagtail.log_actions import log

from gongkai.applications.models import OPEN_STATES, Application
from gongkai.interaction.models import Message, MessageState
from gongkai.rules.interaction import reply_due
from gongkai.workdays.dependents import Dependent, Move, due_text


class ApplicationDeadlines(Dependent):
    """Open applications; their deadlines are recomputed by ``applications.clock`` when
    the schedule row is saved, so only the moves are collected here."""

    order = 10

    def snapshot(self):
        return {
            app.pk: (app.tracking_code, app.reply_due, app.provisional)
            for app in Application.objects.filter(state__in=OPEN_STATES, received_on__isnull=False)
        }

    def recompute(self, year, old_calendar, new_calendar, before) -> list[Move]:
        moves = []
        for pk, (code, due, provisional) in self.snapshot().items():
            old = before.get(pk)
            if old and (old[1], old[2]) != (due, provisional):
                moves.append(
                    Move("依申请公开", code, due_text(old[1], old[2]), due_text(due, provisional))
                )
        return moves


class MessageDeadlines(Dependent):
    """Open messages keep their number of working days; their due date follows the calendar."""

    order = 20

    def recompute(self, year, old_calendar, new_calendar, before) -> list[Move]:
        moves = []
        open_messages = Message.objects.select_for_update().exclude(
            state__in=[MessageState.ANSWERED, MessageState.REDIRECTED]
        )
        for message in open_messages:
            received = timezone.localdate(message.received_at)
            workdays = old_calendar.workdays_between(
                received, message.due_on, provisional=True
            ).count
            if workdays < 1:
                continue
            due = reply_due(new_calendar, received, workdays)
            if (due.on, due.provisional) == (message.due_on, message.due_provisional):
                continue
            before_text = due_text(message.due_on, message.due_provisional)
            Message.objects.filter(pk=message.pk).update(
                due_on=due.on, due_provisional=due.provisional
            )
            log(
                instance=message,
                action="gongkai.message.due_recomputed",
                data={"old_due": message.due_on.isoformat(), "new_due": due.on.isoformat()},
            )
            moves.append(
                Move("留言", message.tracking_code, before_text, due_text(due.on, due.provisional))
            )
        return moves
