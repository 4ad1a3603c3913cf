"""Clock of the public's messages (政民互动): reply deadlines and the unanswered alarm.

The national website-inspection rules (国办秘函〔2019〕19号) fail a whole site when a valid
message in a consultation column stays unanswered for more than three months; the alarm rings
at 60 calendar days, a month before that line.
"""

from dataclasses import dataclass
from datetime import date

from gongkai.rules.calendar import WorkdayCalendar

DEFAULT_REPLY_WORKDAYS = {"inquiry": 5, "suggestion": 10, "complaint": 10}
ALARM_CALENDAR_DAYS = 60
DUE_SOON_WORKDAYS = 2


@dataclass(frozen=True)
class Due:
    on: date
    provisional: bool


def reply_due(calendar: WorkdayCalendar, received: date, workdays: int) -> Due:
    """The reply is due ``workdays`` working days after the day of receipt (not counted)."""
    result = calendar.add_workdays(received, workdays, provisional=True)
    return Due(result.date, result.provisional)


def needs_alarm(received: date, today: date) -> bool:
    return (today - received).days >= ALARM_CALENDAR_DAYS


def reply_workdays(calendar: WorkdayCalendar, received: date, replied: date) -> int:
    return max(calendar.workdays_between(received, replied, provisional=True).count, 0)
