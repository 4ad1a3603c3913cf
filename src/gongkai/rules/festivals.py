"""The fixed-date days of 《全国年节及纪念日放假办法》, by the version in force on a date.

The law is data (``data/festival_law.json``, one entry per version with the date it took
effect); this module only picks the version and answers for a date. A date before the first
version is an explicit error, never a guess. Pure Python: no Django import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources


class MissingFestivalLaw(LookupError):
    """No version of the law is known for a date."""

    def __init__(self, day: date) -> None:
        self.day = day
        super().__init__(
            f"{day} 之前没有《全国年节及纪念日放假办法》的版本数据 / "
            f"no version of the national festival law is known for {day}"
        )


@dataclass(frozen=True)
class LawVersion:
    valid_from: date
    order: str
    fixed_days: dict[tuple[int, int], str]  # (month, day) -> festival


def parse_versions(data: dict) -> tuple[LawVersion, ...]:
    versions = []
    for entry in data["versions"]:
        fixed = {(d["month"], d["day"]): d["festival"] for d in entry["fixed_days"]}
        for month, day in fixed:
            date(2000, month, day)  # a leap year: rejects 2/30, keeps 2/29
        versions.append(LawVersion(date.fromisoformat(entry["valid_from"]), entry["order"], fixed))
    versions.sort(key=lambda v: v.valid_from)
    if len({v.valid_from for v in versions}) != len(versions):
        raise ValueError("two versions of the festival law take effect on the same day")
    return tuple(versions)


@cache
def law_versions() -> tuple[LawVersion, ...]:
    text = (
        resources.files("gongkai.rules")
        .joinpath("data", "festival_law.json")
        .read_text(encoding="utf-8")
    )
    return parse_versions(json.loads(text))


def version_on(day: date, versions: tuple[LawVersion, ...] | None = None) -> LawVersion:
    """The version of the law in force on ``day``."""
    found = None
    for version in versions if versions is not None else law_versions():
        if version.valid_from <= day:
            found = version
    if found is None:
        raise MissingFestivalLaw(day)
    return found


def fixed_festival(day: date, versions: tuple[LawVersion, ...] | None = None) -> str | None:
    """The festival whose fixed-date holiday ``day`` is under the law then in force, or None."""
    return version_on(day, versions).fixed_days.get((day.month, day.day))
