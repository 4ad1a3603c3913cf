"""Lists for the disclosure officer and the supervisor: cases due soon and overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.applications.access import listed_for
from gongkai.applications.clock import clock_settings
from gongkai.applications.models import OPEN_STATES, Application
from gongkai.rules.clock import DeadlineState, DeadlineStatus, china_today, deadline_status
from gongkai.workdays.models import current_calendar


@dataclass(frozen=True)
class CaseDeadline:
    application: Application
    status: DeadlineStatus


@dataclass(frozen=True)
class DeadlineLists:
    due_soon: list[CaseDeadline]
    overdue: list[CaseDeadline]
    provisional: list[Application]  # deadlines to be recomputed once a schedule is stored


def deadline_lists(user, today: date | None = None) -> DeadlineLists:
    """The open cases ``user`` may see (own agency; every agency for a supervisor), with a
    running clock, sorted by due date."""
    today = today or china_today()
    calendar, settings = current_calendar(), clock_settings()
    due_soon, overdue, provisional = [], [], []
    cases = listed_for(user).filter(state__in=OPEN_STATES, reply_due__isnull=False)
    for app in cases.select_related("agency").order_by("reply_due", "pk"):
        status = deadline_status(
            app.reply_due, today, calendar, settings=settings, provisional=True
        )
        if status.state == DeadlineState.OVERDUE:
            overdue.append(CaseDeadline(app, status))
        elif status.state == DeadlineState.DUE_SOON:
            due_soon.append(CaseDeadline(app, status))
        if app.provisional:
            provisional.append(app)
    return DeadlineLists(due_soon, overdue, provisional)
