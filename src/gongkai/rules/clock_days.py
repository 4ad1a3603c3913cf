"""Day arithmetic beside the reply clock: the union of paused periods (several consultations
at once), today's date in China, and whether a deadline is on track, due soon or overdue.
Pure Python, no Django import; ``gongkai.rules.clock`` re-exports all three."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from gongkai.rules.calendar import CHINA_TZ, WorkdayCalendar
from gongkai.rules.clock_model import ClockSettings, DeadlineState, DeadlineStatus


def union_periods(periods: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """The union of closed date intervals, as disjoint intervals in order.

    Intervals that overlap or touch (one ends the day before the other starts) merge: a day
    is excluded from the reply period once, however many consultations cover it.
    """
    merged: list[list[date]] = []
    for first, last in sorted(periods):
        if last < first:
            raise ValueError(f"period ends before it starts: {first}..{last}")
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(first, last) for first, last in merged]


def deadline_status(
    due: date,
    today: date,
    calendar: WorkdayCalendar,
    *,
    settings: ClockSettings | None = None,
    provisional: bool = False,
) -> DeadlineStatus:
    """Classify a deadline on ``today``: overdue once the due day has passed; due soon when
    it is at most ``due_soon_working_days`` (5) working days away, the due day included."""
    settings = settings or ClockSettings()
    if provisional:
        result = calendar.workdays_between(today, due, provisional=True)
        left, missing = result.count, result.missing_years
    else:
        left, missing = calendar.workdays_between(today, due), ()
    if today > due:
        state = DeadlineState.OVERDUE
    elif left <= settings.due_soon_working_days:
        state = DeadlineState.DUE_SOON
    else:
        state = DeadlineState.ON_TRACK
    return DeadlineStatus(state, left, missing)


def china_today() -> date:
    """Today's date in China, whatever the server's time zone (for deadline_status)."""
    return datetime.now(tz=CHINA_TZ).date()
