"""Working days (工作日) under the State Council's yearly holiday schedules.

The Regulations count their periods in working days (Art. 30, 32, 33) without defining the
term; we follow the ordinary meaning: Monday to Friday, minus the public holidays, plus the
weekend days the State Council declares working days (调休上班日). Which days those are is
decided each year by a notice of the General Office of the State Council (《国务院办公厅关于
YYYY年部分节假日安排的通知》), sometimes amended by a later notice (2019 劳动节, 2020 春节).

Those notices are data, kept one file per year in ``data/holidays/``; this module only
interprets them. A year without a schedule is never guessed: asking about it raises
:class:`MissingHolidayData`, unless the caller explicitly asks for a *provisional* answer,
which counts weekends only for such years and says so in its result.

Pure Python: no Django import, so that the clock can be tested without a database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Literal, overload
from zoneinfo import ZoneInfo

from gongkai.rules.festivals import fixed_festival
from gongkai.rules.schedule import (
    FESTIVALS,
    MAX_PERIOD_DAYS,
    SCHEDULE_SCHEMA,
    AdjustedWorkday,
    HolidayPeriod,
    HolidaySchedule,
    Notice,
    ScheduleError,
    load_schedule_file,
    parse_schedule,
)

__all__ = [
    "CHINA_TZ",
    "FESTIVALS",
    "AdjustedWorkday",
    "CountResult",
    "DayInfo",
    "DayKind",
    "HolidayPeriod",
    "HolidaySchedule",
    "MAX_PERIOD_DAYS",
    "MissingHolidayData",
    "Notice",
    "SCHEDULE_SCHEMA",
    "ScheduleError",
    "WorkdayCalendar",
    "WorkdayResult",
    "builtin_schedules",
    "load_schedule_file",
    "parse_schedule",
    "shanghai_date",
]

# Working days are counted on the calendar of mainland China, whatever the server's zone.
CHINA_TZ = ZoneInfo("Asia/Shanghai")

_HOLIDAYS_PACKAGE = "gongkai.rules"
_HOLIDAYS_DIR = ("data", "holidays")


class DayKind(StrEnum):
    WORKDAY = "workday"
    ADJUSTED_WORKDAY = "adjusted_workday"  # 调休: a weekend day declared a working day
    WEEKEND = "weekend"
    HOLIDAY = "holiday"

    @property
    def is_working(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.ADJUSTED_WORKDAY)


@dataclass(frozen=True)
class DayInfo:
    """What kind of day a date is. Unpacks as ``kind, holiday = calendar.day_kind(d)``.

    ``holiday`` names the holiday period a holiday belongs to, or the holiday an adjusted
    working day was shifted for; ``provisional`` is true when the date lies in a year with
    no schedule and was classified by weekday only (provisional mode).
    """

    kind: DayKind
    holiday: str | None = None
    provisional: bool = False

    def __iter__(self) -> Iterator[Any]:
        yield self.kind
        yield self.holiday

    @property
    def is_workday(self) -> bool:
        return self.kind.is_working


class MissingHolidayData(LookupError):
    """A date lies in a year for which no holiday schedule is loaded."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"缺少 {year} 年的节假日安排（国务院办公厅通知），无法计算工作日 / "
            f"no holiday schedule loaded for {year}; working days cannot be computed"
        )


@cache
def _load_builtin() -> tuple[HolidaySchedule, ...]:
    folder = resources.files(_HOLIDAYS_PACKAGE).joinpath(*_HOLIDAYS_DIR)
    schedules = []
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            stem = entry.name.removesuffix(".json")
            data = json.loads(entry.read_text(encoding="utf-8"))
            expected = int(stem) if stem.isdigit() else None
            schedules.append(parse_schedule(data, source=entry.name, expected_year=expected))
    return tuple(sorted(schedules, key=lambda s: s.year))


def builtin_schedules() -> dict[int, HolidaySchedule]:
    """The schedules shipped in ``data/holidays/``, by year (a fresh dict each call)."""
    return {s.year: s for s in _load_builtin()}


def shanghai_date(moment: datetime) -> date:
    """The calendar date in China of an aware datetime (e.g. a stored UTC timestamp)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a naive datetime has no defined date in China; pass an aware one")
    return moment.astimezone(CHINA_TZ).date()


# --- the calendar ---------------------------------------------------------------------


class Provisional:
    """A result whose ``missing_years`` lists the years it touched that have no holiday
    schedule yet; it is ``provisional`` while there are any."""

    missing_years: tuple[int, ...]

    @property
    def provisional(self) -> bool:
        return bool(self.missing_years)


@dataclass(frozen=True)
class WorkdayResult(Provisional):
    """A date computed in provisional mode, saying whether any year lacked data."""

    date: date
    missing_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class CountResult(Provisional):
    """A working-day count computed in provisional mode."""

    count: int
    missing_years: tuple[int, ...] = ()


def _require_date(value: Any, name: str) -> date:
    # datetime is a subclass of date; letting one through would compare a naive or foreign
    # time against China's calendar days.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, got {type(value).__name__}")
    return value


class WorkdayCalendar:
    """Working days according to a set of yearly schedules.

    ``WorkdayCalendar(builtin_schedules())`` uses the shipped data; the web app adds the
    schedules kept in its database with :meth:`with_schedules` (a schedule for a year that
    is already present replaces it, so a correction can be loaded without a release).
    """

    def __init__(self, schedules: Mapping[int, HolidaySchedule]) -> None:
        self._schedules: dict[int, HolidaySchedule] = {}
        self._days: dict[date, DayInfo] = {}
        owner: dict[date, int] = {}
        for year in sorted(schedules):
            schedule = schedules[year]
            if schedule.year != year:
                raise ValueError(f"schedule for {schedule.year} was given under the key {year}")
            self._schedules[year] = schedule
            entries = [
                (d, DayInfo(DayKind.HOLIDAY, p.name)) for p in schedule.holidays for d in p.days()
            ]
            entries += [
                (a.date, DayInfo(DayKind.ADJUSTED_WORKDAY, a.holiday))
                for a in schedule.adjusted_workdays
            ]
            for d, info in entries:
                if d in self._days and self._days[d] != info:
                    raise ScheduleError(
                        [
                            f"{d} is {self._days[d].kind} ({self._days[d].holiday}) in the "
                            f"{owner[d]} schedule but {info.kind} ({info.holiday}) in the {year} one"
                        ]
                    )
                self._days[d] = info
                owner[d] = year

    @classmethod
    def builtin(cls) -> WorkdayCalendar:
        return cls(builtin_schedules())

    def with_schedules(self, schedules: Mapping[int, HolidaySchedule]) -> WorkdayCalendar:
        return WorkdayCalendar({**self._schedules, **schedules})

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(self._schedules)

    def has_year(self, year: int) -> bool:
        return year in self._schedules

    def schedule(self, year: int) -> HolidaySchedule:
        try:
            return self._schedules[year]
        except KeyError:
            raise MissingHolidayData(year) from None

    def day_kind(
        self, d: date, *, provisional: bool = False, missing: set[int] | None = None
    ) -> DayInfo:
        """Classify one date; raise :class:`MissingHolidayData` for a year without data.

        With ``provisional=True`` a date in such a year is classified by weekday alone and
        the result says so (``DayInfo.provisional``); its year is added to ``missing``.
        """
        _require_date(d, "date")
        weekend = d.weekday() >= 5
        if d.year not in self._schedules:
            if not provisional:
                raise MissingHolidayData(d.year)
            if missing is not None:
                missing.add(d.year)
            # The law's fixed-date days are holidays whatever the year's notice will say
            # (元旦, 劳动节, 国庆节); only the rest of the year is counted by weekday.
            festival = fixed_festival(d)
            if festival is not None:
                return DayInfo(DayKind.HOLIDAY, festival, provisional=True)
            return DayInfo(DayKind.WEEKEND if weekend else DayKind.WORKDAY, provisional=True)
        info = self._days.get(d)
        if info is not None:
            return info
        return DayInfo(DayKind.WEEKEND if weekend else DayKind.WORKDAY)

    def is_workday(self, d: date) -> bool:
        return self.day_kind(d).is_workday

    @overload
    def add_workdays(self, start: date, n: int) -> date: ...
    @overload
    def add_workdays(self, start: date, n: int, *, provisional: Literal[False]) -> date: ...
    @overload
    def add_workdays(self, start: date, n: int, *, provisional: Literal[True]) -> WorkdayResult: ...

    def add_workdays(self, start: date, n: int, *, provisional: bool = False):
        """The Nth working day after ``start`` (``start`` itself never counts; n ≥ 1).

        Following the rule for periods (民法典 Art. 201), the day of the triggering event is
        not counted, whatever kind of day it is. With ``provisional=True`` returns a
        :class:`WorkdayResult` instead of raising for years without data.
        """
        _require_date(start, "start")
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be an integer ≥ 1, got {n!r}")
        missing: set[int] = set()
        d = start
        counted = 0
        while counted < n:
            d += timedelta(days=1)
            if self.day_kind(d, provisional=provisional, missing=missing).is_workday:
                counted += 1
        if provisional:
            return WorkdayResult(d, tuple(sorted(missing)))
        return d

    @overload
    def workdays_between(self, start: date, end: date) -> int: ...
    @overload
    def workdays_between(self, start: date, end: date, *, provisional: Literal[False]) -> int: ...
    @overload
    def workdays_between(
        self, start: date, end: date, *, provisional: Literal[True]
    ) -> CountResult: ...

    def workdays_between(self, start: date, end: date, *, provisional: bool = False):
        """Working days elapsed from ``start`` to ``end``: those after ``start`` up to and
        including ``end``, so that ``workdays_between(s, add_workdays(s, n)) == n``.

        Negative when ``end`` is before ``start`` (the same count, reversed).
        """
        _require_date(start, "start")
        _require_date(end, "end")
        sign = 1
        if end < start:
            start, end, sign = end, start, -1
        missing: set[int] = set()
        count = 0
        d = start
        while d < end:
            d += timedelta(days=1)
            if self.day_kind(d, provisional=provisional, missing=missing).is_workday:
                count += 1
        if provisional:
            return CountResult(sign * count, tuple(sorted(missing)))
        return sign * count
