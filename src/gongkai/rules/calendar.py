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
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, overload
from zoneinfo import ZoneInfo

from gongkai.rules.festivals import MissingFestivalLaw, fixed_festival

__all__ = [
    "CHINA_TZ",
    "FESTIVALS",
    "AdjustedWorkday",
    "CountResult",
    "DayInfo",
    "DayKind",
    "HolidayPeriod",
    "HolidaySchedule",
    "MissingHolidayData",
    "Notice",
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

# The whole-population festivals of 《全国年节及纪念日放假办法》 Art. 2. A schedule names a
# holiday period after one of them, or after two merged ones ("国庆节、中秋节", 2020/2023/2025).
FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")

# A typo in a year ("2020-12-02" for "2020-02-02") must not silently create a month-long
# holiday. The longest period ever declared is 10 days (春节 2020, after its extension).
MAX_PERIOD_DAYS = 31

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


class ScheduleError(ValueError):
    """A holiday schedule is malformed; ``problems`` lists every defect found."""

    def __init__(self, problems: list[str], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(self.problems))


@dataclass(frozen=True)
class Notice:
    number: str  # 文号, e.g. 国办发明电〔2019〕16号
    title: str
    date: date
    url: str | None = None


@dataclass(frozen=True)
class HolidayPeriod:
    name: str
    start: date
    end: date
    notice: str  # number of the notice that fixes this period as it now stands
    text: str = ""  # the notice's own words, for review
    note: str = ""  # e.g. what an amending notice changed

    def days(self) -> Iterator[date]:
        d = self.start
        while d <= self.end:
            yield d
            d += timedelta(days=1)


@dataclass(frozen=True)
class AdjustedWorkday:
    date: date
    holiday: str  # the holiday period it was shifted for
    notice: str


@dataclass(frozen=True)
class HolidaySchedule:
    year: int
    notices: tuple[Notice, ...]
    holidays: tuple[HolidayPeriod, ...]
    adjusted_workdays: tuple[AdjustedWorkday, ...]

    def to_dict(self) -> dict[str, Any]:
        """The file format, so that a schedule kept in the database round-trips."""

        def notice(n: Notice) -> dict[str, Any]:
            out: dict[str, Any] = {"number": n.number, "title": n.title, "date": n.date.isoformat()}
            if n.url:
                out["url"] = n.url
            return out

        def period(p: HolidayPeriod) -> dict[str, Any]:
            out: dict[str, Any] = {
                "name": p.name,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "notice": p.notice,
            }
            if p.text:
                out["text"] = p.text
            if p.note:
                out["note"] = p.note
            return out

        return {
            "year": self.year,
            "notices": [notice(n) for n in self.notices],
            "holidays": [period(p) for p in self.holidays],
            "adjusted_workdays": [
                {"date": a.date.isoformat(), "holiday": a.holiday, "notice": a.notice}
                for a in self.adjusted_workdays
            ],
        }


# --- parsing and validation -------------------------------------------------------------

_TOP_KEYS = {"year", "notices", "holidays", "adjusted_workdays"}
_NOTICE_KEYS = {"number", "title", "date", "url"}
_PERIOD_KEYS = {"name", "start", "end", "notice", "text", "note"}
_ADJUSTED_KEYS = {"date", "holiday", "notice"}


def _fixed_days_of(year: int) -> list[date]:
    days = []
    d = date(year, 1, 1)
    while d.year == year:
        try:
            if fixed_festival(d) is not None:
                days.append(d)
        except MissingFestivalLaw:
            pass
        d += timedelta(days=1)
    return days


def _is_festival_name(name: str) -> bool:
    parts = name.split("、")
    return all(p in FESTIVALS for p in parts) and len(set(parts)) == len(parts)


class _Parser:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def error(self, message: str) -> None:
        self.problems.append(message)

    def date(self, value: Any, where: str) -> date | None:
        if not isinstance(value, str):
            self.error(f"{where}: expected an ISO date string YYYY-MM-DD, got {value!r}")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.error(f"{where}: {value!r} is not a valid date (YYYY-MM-DD)")
            return None

    def string(self, item: Mapping[str, Any], key: str, where: str, *, required: bool) -> str:
        value = item.get(key)
        if value is None:
            if required:
                self.error(f"{where}: missing {key!r}")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(f"{where}: {key!r} must be a non-empty string, got {value!r}")
            return ""
        return value

    def unknown_keys(self, item: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for key in sorted(set(item) - allowed):
            self.error(f"{where}: unknown key {key!r}")

    def list_of_dicts(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = data.get(key)
        if not isinstance(value, list):
            self.error(f"{key!r} must be a list")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append(item)
            else:
                self.error(f"{key}[{i}] must be an object, got {item!r}")
        return out


def parse_schedule(
    data: Mapping[str, Any], *, source: str | None = None, expected_year: int | None = None
) -> HolidaySchedule:
    """Validate a schedule in the file format and return it; raise :class:`ScheduleError`.

    Every defect found is reported at once (``ScheduleError.problems``), each naming the
    entry it is about, so that an admin uploading a year can fix the file in one go.
    """
    p = _Parser()
    if not isinstance(data, Mapping):
        raise ScheduleError(["a schedule must be a JSON object"], source)
    p.unknown_keys(data, _TOP_KEYS, "schedule")

    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 < year < 3000:
        raise ScheduleError(p.problems + [f"'year' must be a year number, got {year!r}"], source)
    if expected_year is not None and year != expected_year:
        p.error(f"the file is for {year} but was given as the schedule for {expected_year}")

    # Dates normally lie in the schedule's own year; only a period reaching back over New
    # Year (元旦 2019: 2018-12-30..2019-01-01, with 2018-12-29 worked) may begin in the
    # December before, and the notice for the year is what decides those days.
    earliest = date(year - 1, 12, 1)
    latest = date(year, 12, 31)

    def in_range(d: date) -> bool:
        return earliest <= d <= latest

    notices: list[Notice] = []
    for i, item in enumerate(p.list_of_dicts(data, "notices")):
        where = f"notices[{i}]"
        p.unknown_keys(item, _NOTICE_KEYS, where)
        number = p.string(item, "number", where, required=True)
        title = p.string(item, "title", where, required=True)
        url = p.string(item, "url", where, required=False) or None
        issued = p.date(item.get("date"), f"{where}.date")
        if title and f"{year}年" not in title:
            p.error(f"{where}: title {title!r} does not name the year {year}年 — wrong year?")
        if issued and issued.year not in (year - 1, year):
            p.error(f"{where}: dated {issued}, not in {year - 1} or {year} — wrong year?")
        if number and title and issued:
            notices.append(Notice(number=number, title=title, date=issued, url=url))
    if not data.get("notices"):
        p.error("'notices' must name at least one State Council notice the schedule follows")
    numbers = [n.number for n in notices]
    for number in sorted({n for n in numbers if numbers.count(n) > 1}):
        p.error(f"notice {number} is listed twice")

    def check_notice(value: str, where: str) -> None:
        if value and value not in numbers:
            p.error(f"{where}: notice {value!r} is not among the schedule's 'notices'")

    periods: list[HolidayPeriod] = []
    for i, item in enumerate(p.list_of_dicts(data, "holidays")):
        name = item.get("name")
        where = f"holidays[{i}] ({name})" if isinstance(name, str) else f"holidays[{i}]"
        p.unknown_keys(item, _PERIOD_KEYS, where)
        name = p.string(item, "name", where, required=True)
        if name and not _is_festival_name(name):
            p.error(
                f"{where}: {name!r} is not a festival of 《全国年节及纪念日放假办法》 "
                f"(one of {'/'.join(FESTIVALS)}, or two joined by '、')"
            )
        notice = p.string(item, "notice", where, required=True)
        check_notice(notice, where)
        start = p.date(item.get("start"), f"{where}.start")
        end = p.date(item.get("end"), f"{where}.end")
        if start is None or end is None:
            continue
        if end < start:
            p.error(f"{where}: ends on {end}, before it starts on {start}")
            continue
        if not (in_range(start) and in_range(end)) or end.year != year:
            p.error(
                f"{where}: {start}..{end} is outside {year} "
                f"(only a period ending in {year} may start in December {year - 1}) — wrong year?"
            )
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            p.error(f"{where}: {start}..{end} is longer than {MAX_PERIOD_DAYS} days — typo?")
            continue
        periods.append(
            HolidayPeriod(
                name=name,
                start=start,
                end=end,
                notice=notice,
                text=p.string(item, "text", where, required=False),
                note=p.string(item, "note", where, required=False),
            )
        )

    names = [period.name for period in periods]
    for name in sorted({n for n in names if names.count(n) > 1}):
        p.error(f"holiday period {name} is listed twice")
    ordered = sorted(periods, key=lambda period: period.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.start <= a.end:
            p.error(
                f"holiday periods overlap: {a.name} {a.start}..{a.end} "
                f"and {b.name} {b.start}..{b.end}"
            )

    adjusted: list[AdjustedWorkday] = []
    for i, item in enumerate(p.list_of_dicts(data, "adjusted_workdays")):
        where = f"adjusted_workdays[{i}]"
        p.unknown_keys(item, _ADJUSTED_KEYS, where)
        holiday = p.string(item, "holiday", where, required=True)
        notice = p.string(item, "notice", where, required=True)
        check_notice(notice, where)
        day = p.date(item.get("date"), f"{where}.date")
        if day is None:
            continue
        where = f"{where} ({day})"
        if day.weekday() < 5:
            p.error(
                f"{where}: {day.strftime('%A')} is already a working day; an adjusted working "
                "day (调休上班) must be a Saturday or Sunday"
            )
        if not in_range(day):
            p.error(f"{where}: outside {year} — wrong year?")
        if holiday and holiday not in names:
            p.error(f"{where}: belongs to {holiday!r}, which is not a holiday period of {year}")
        for period in periods:
            if period.start <= day <= period.end:
                p.error(f"{where}: lies inside the holiday period {period.name}")
        adjusted.append(AdjustedWorkday(date=day, holiday=holiday, notice=notice))
    days = [a.date for a in adjusted]
    for day in sorted({d for d in days if days.count(d) > 1}):
        p.error(f"adjusted working day {day} is listed twice")
    # 《全国年节及纪念日放假办法》's fixed-date days are never working days.
    for day in _fixed_days_of(year):
        if day in days:
            p.error(f"{day} is a fixed holiday of the national festival law, never a working day")

    if p.problems:
        raise ScheduleError(p.problems, source)
    return HolidaySchedule(
        year=year,
        notices=tuple(notices),
        holidays=tuple(ordered),
        adjusted_workdays=tuple(sorted(adjusted, key=lambda a: a.date)),
    )


def load_schedule_file(path: str | Path) -> HolidaySchedule:
    """Read and validate one ``<year>.json`` file; the file name must match its year."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ScheduleError([f"not valid JSON: {exc}"], str(path)) from exc
    expected = int(path.stem) if path.stem.isdigit() else None
    return parse_schedule(data, source=str(path), expected_year=expected)


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


@dataclass(frozen=True)
class WorkdayResult:
    """A date computed in provisional mode, saying whether any year lacked data."""

    date: date
    missing_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.missing_years)


@dataclass(frozen=True)
class CountResult:
    """A working-day count computed in provisional mode."""

    count: int
    missing_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.missing_years)


def _require_date(value: Any, name: str) -> date:
    # datetime is a subclass of date; letting one through would compare a naive or foreign
    # time against China's calendar days.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, got {type(value).__name__}")
    return value


@dataclass
class _Walk:
    missing: set[int] = field(default_factory=set)


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

    def day_kind(self, d: date, *, provisional: bool = False) -> DayInfo:
        """Classify one date; raise :class:`MissingHolidayData` for a year without data.

        With ``provisional=True`` a date in such a year is classified by weekday alone and
        the result says so (``DayInfo.provisional``).
        """
        _require_date(d, "date")
        weekend = d.weekday() >= 5
        if d.year not in self._schedules:
            if not provisional:
                raise MissingHolidayData(d.year)
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

    def _is_workday(self, d: date, walk: _Walk, provisional: bool) -> bool:
        info = self.day_kind(d, provisional=provisional)
        if info.provisional:
            walk.missing.add(d.year)
        return info.is_workday

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
        walk = _Walk()
        d = start
        counted = 0
        while counted < n:
            d += timedelta(days=1)
            if self._is_workday(d, walk, provisional):
                counted += 1
        if provisional:
            return WorkdayResult(d, tuple(sorted(walk.missing)))
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
        walk = _Walk()
        count = 0
        d = start
        while d < end:
            d += timedelta(days=1)
            if self._is_workday(d, walk, provisional):
                count += 1
        if provisional:
            return CountResult(sign * count, tuple(sorted(walk.missing)))
        return sign * count
