"""A year's holiday schedule (《国务院办公厅关于YYYY年部分节假日安排的通知》) as data: its
file format, declared once (:data:`SCHEDULE_SCHEMA`), and the validator that reads a file
against it and against the law (festival names, weekends, the fixed festival days).

``gongkai.rules.calendar`` counts working days with the schedules read here. Pure Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from gongkai.rules.festivals import MissingFestivalLaw, fixed_festival

# The whole-population festivals of 《全国年节及纪念日放假办法》 Art. 2. A schedule names a
# holiday period after one of them, or after two merged ones ("国庆节、中秋节", 2020/2023/2025).
FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")

# A typo in a year ("2020-12-02" for "2020-02-02") must not silently create a month-long
# holiday. The longest period ever declared is 10 days (春节 2020, after its extension).
MAX_PERIOD_DAYS = 31


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


@dataclass(frozen=True)
class Field:
    """One key of a schedule entry: ``text`` (a string; non-empty when required) or
    ``date`` (an ISO date string, always required)."""

    kind: Literal["text", "date"]
    required: bool = True


# The file format, declared once: each list of the schedule and the keys of its entries.
# ``year`` (an integer) and ``notices`` (at least one) are checked besides.
SCHEDULE_SCHEMA: dict[str, dict[str, Field]] = {
    "notices": {
        "number": Field("text"),  # 文号
        "title": Field("text"),
        "url": Field("text", required=False),
        "date": Field("date"),
    },
    "holidays": {
        "name": Field("text"),
        "notice": Field("text"),
        "start": Field("date"),
        "end": Field("date"),
        "text": Field("text", required=False),
        "note": Field("text", required=False),
    },
    "adjusted_workdays": {
        "holiday": Field("text"),
        "notice": Field("text"),
        "date": Field("date"),
    },
}
SCHEDULE_KEYS = {"year", *SCHEDULE_SCHEMA}


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
    """Validates against :data:`SCHEDULE_SCHEMA`, collecting every problem with the path of
    the value it is about."""

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

    def unknown_keys(self, item: Mapping[str, Any], allowed, where: str) -> None:
        for key in sorted(set(item) - set(allowed)):
            self.error(f"{where}: unknown key {key!r}")

    def entries(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        """The objects of the list ``key`` (each checked for keys it may not have)."""
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

    def record(self, item: Mapping[str, Any], fields: dict[str, Field], where: str) -> dict:
        """The entry's values by the schema: "" for a bad or absent text, None for a bad
        date; each defect reported under ``where``."""
        self.unknown_keys(item, fields, where)
        values: dict[str, Any] = {}
        for key, spec in fields.items():
            if spec.kind == "date":
                values[key] = self.date(item.get(key), f"{where}.{key}")
            else:
                values[key] = self.string(item, key, where, required=spec.required)
        return values


def parse_schedule(
    data: Mapping[str, Any], *, source: str | None = None, expected_year: int | None = None
) -> HolidaySchedule:
    """Validate a schedule in the file format (:data:`SCHEDULE_SCHEMA`) and return it; raise
    :class:`ScheduleError`.

    Every defect found is reported at once (``ScheduleError.problems``), each naming the
    entry it is about, so that an admin uploading a year can fix the file in one go.
    """
    p = _Parser()
    if not isinstance(data, Mapping):
        raise ScheduleError(["a schedule must be a JSON object"], source)
    p.unknown_keys(data, SCHEDULE_KEYS, "schedule")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 < year < 3000:
        raise ScheduleError(p.problems + [f"'year' must be a year number, got {year!r}"], source)
    if expected_year is not None and year != expected_year:
        p.error(f"the file is for {year} but was given as the schedule for {expected_year}")
    notices = _notices(p, data, year)
    periods = _periods(p, data, year, [n.number for n in notices])
    adjusted = _adjusted(p, data, year, [n.number for n in notices], periods)
    if p.problems:
        raise ScheduleError(p.problems, source)
    return HolidaySchedule(
        year=year,
        notices=tuple(notices),
        holidays=tuple(periods),
        adjusted_workdays=tuple(sorted(adjusted, key=lambda a: a.date)),
    )


def _in_range(d: date, year: int) -> bool:
    # Dates normally lie in the schedule's own year; only a period reaching back over New
    # Year (元旦 2019: 2018-12-30..2019-01-01, with 2018-12-29 worked) may begin in the
    # December before, and the notice for the year is what decides those days.
    return date(year - 1, 12, 1) <= d <= date(year, 12, 31)


def _check_notice(p: _Parser, value: str, numbers: list[str], where: str) -> None:
    if value and value not in numbers:
        p.error(f"{where}: notice {value!r} is not among the schedule's 'notices'")


def _notices(p: _Parser, data: Mapping[str, Any], year: int) -> list[Notice]:
    notices: list[Notice] = []
    for i, item in enumerate(p.entries(data, "notices")):
        where = f"notices[{i}]"
        v = p.record(item, SCHEDULE_SCHEMA["notices"], where)
        title, issued = v["title"], v["date"]
        if title and f"{year}年" not in title:
            p.error(f"{where}: title {title!r} does not name the year {year}年 — wrong year?")
        if issued and issued.year not in (year - 1, year):
            p.error(f"{where}: dated {issued}, not in {year - 1} or {year} — wrong year?")
        if v["number"] and title and issued:
            notices.append(
                Notice(number=v["number"], title=title, date=issued, url=v["url"] or None)
            )
    if not data.get("notices"):
        p.error("'notices' must name at least one State Council notice the schedule follows")
    numbers = [n.number for n in notices]
    for number in sorted({n for n in numbers if numbers.count(n) > 1}):
        p.error(f"notice {number} is listed twice")
    return notices


def _periods(p: _Parser, data, year: int, numbers: list[str]) -> list[HolidayPeriod]:
    """The holiday periods, in order of their start."""
    periods: list[HolidayPeriod] = []
    for i, item in enumerate(p.entries(data, "holidays")):
        name = item.get("name")
        where = f"holidays[{i}] ({name})" if isinstance(name, str) else f"holidays[{i}]"
        v = p.record(item, SCHEDULE_SCHEMA["holidays"], where)
        if v["name"] and not _is_festival_name(v["name"]):
            p.error(
                f"{where}: {v['name']!r} is not a festival of 《全国年节及纪念日放假办法》 "
                f"(one of {'/'.join(FESTIVALS)}, or two joined by '、')"
            )
        _check_notice(p, v["notice"], numbers, where)
        start, end = v["start"], v["end"]
        if start is None or end is None:
            continue
        if end < start:
            p.error(f"{where}: ends on {end}, before it starts on {start}")
            continue
        if not (_in_range(start, year) and _in_range(end, year)) or end.year != year:
            p.error(
                f"{where}: {start}..{end} is outside {year} "
                f"(only a period ending in {year} may start in December {year - 1}) — wrong year?"
            )
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            p.error(f"{where}: {start}..{end} is longer than {MAX_PERIOD_DAYS} days — typo?")
            continue
        periods.append(HolidayPeriod(**v))
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
    return ordered


def _adjusted(p: _Parser, data, year: int, numbers, periods) -> list[AdjustedWorkday]:
    names = [period.name for period in periods]
    adjusted: list[AdjustedWorkday] = []
    for i, item in enumerate(p.entries(data, "adjusted_workdays")):
        where = f"adjusted_workdays[{i}]"
        v = p.record(item, SCHEDULE_SCHEMA["adjusted_workdays"], where)
        _check_notice(p, v["notice"], numbers, where)
        day, holiday = v["date"], v["holiday"]
        if day is None:
            continue
        where = f"{where} ({day})"
        if day.weekday() < 5:
            p.error(
                f"{where}: {day.strftime('%A')} is already a working day; an adjusted working "
                "day (调休上班) must be a Saturday or Sunday"
            )
        if not _in_range(day, year):
            p.error(f"{where}: outside {year} — wrong year?")
        if holiday and holiday not in names:
            p.error(f"{where}: belongs to {holiday!r}, which is not a holiday period of {year}")
        for period in periods:
            if period.start <= day <= period.end:
                p.error(f"{where}: lies inside the holiday period {period.name}")
        adjusted.append(AdjustedWorkday(date=day, holiday=holiday, notice=v["notice"]))
    days = [a.date for a in adjusted]
    for day in sorted({d for d in days if days.count(d) > 1}):
        p.error(f"adjusted working day {day} is listed twice")
    # 《全国年节及纪念日放假办法》's fixed-date days are never working days.
    for day in _fixed_days_of(year):
        if day in days:
            p.error(f"{day} is a fixed holiday of the national festival law, never a working day")
    return adjusted


def load_schedule_file(path: str | Path) -> HolidaySchedule:
    """Read and validate one ``<year>.json`` file; the file name must match its year."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ScheduleError([f"not valid JSON: {exc}"], str(path)) from exc
    expected = int(path.stem) if path.stem.isdigit() else None
    return parse_schedule(data, source=str(path), expected_year=expected)
