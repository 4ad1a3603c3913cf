"""Open messages' due dates follow the holiday calendar (registered with
``workdays.dependents`` from ``InteractionConfig.ready``)."""

from django.utils import timezone

from gongkai.casework import audit
from gongkai.interaction.audit import AUDIT
from gongkai.interaction.models import OPEN_STATES, Message
from gongkai.rules.interaction import reply_due
from gongkai.workdays.dependents import Dependent, Move, due_text


class MessageDeadlines(Dependent):
    """Open messages keep their number of working days; their due date follows the calendar."""

    order = 20

    def recompute(self, year, old_calendar, new_calendar, before) -> list[Move]:
        moves = []
        open_messages = Message.objects.select_for_update().filter(state__in=OPEN_STATES)
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
            audit(
                message,
                AUDIT,
                "due_recomputed",
                user=None,
                old_state=message.state,
                old_due=message.due_on,
                new_due=due.on,
            )
            moves.append(
                Move("留言", message.tracking_code, before_text, due_text(due.on, due.provisional))
            )
        return moves
