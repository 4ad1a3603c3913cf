"""Evaluation periods: the quarters of a year (``2026Q4``), in China time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_PATTERN = re.compile(r"^(\d{4})Q([1-4])$")
_QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PATTERN.match(text or "")
        if not match:
            raise ValueError(f"not a quarter: {text!r} (e.g. 2026Q4)")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{_QUARTER_NAMES[self.quarter]}季度"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(0), tzinfo=SHANGHAI)

    @property
    def end(self) -> datetime:
        """The instant the quarter ends (exclusive): the next quarter's first midnight."""
        return self.next().start

    def next(self) -> Period:
        return (
            Period(self.year + 1, 1) if self.quarter == 4 else Period(self.year, self.quarter + 1)
        )

    def year_quarters(self) -> list[Period]:
        return [Period(self.year, q) for q in range(1, 5)]

    def measured_at(self, now: datetime) -> datetime:
        """The instant the period is measured at: its end, or ``now`` while it runs."""
        return min(now, self.end - timedelta(microseconds=1))
