"""Open applications' reply deadlines follow the holiday calendar (registered with
``workdays.dependents`` from ``ApplicationsConfig.ready``)."""

from gongkai.applications.models import OPEN_STATES, Application
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
