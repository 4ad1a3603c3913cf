"""The inspection's windows: calendar spans ending at the monitoring instant (B3: "2 weeks,
6 months, 1 year" are calendar spans, not working days)."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta


def months_before(moment: datetime, months: int) -> datetime:
    """``moment`` moved back by whole calendar months; the day is clipped to the month's
    last (31 August − 6 months = 28 or 29 February)."""
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def days_before(moment: datetime, days: int) -> datetime:
    return moment - timedelta(days=days)


def inside(when: datetime | None, start: datetime, end: datetime) -> bool:
    """Whether ``when`` lies in the window (start, end]."""
    return when is not None and start < when <= end
