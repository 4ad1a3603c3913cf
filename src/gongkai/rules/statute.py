"""The statutory periods (法定期限) as data, chosen by date: ``data/statute.json``.

The reply period, the longest extension, the correction-notice and consultation windows,
the fee-payment period and the annual-report deadlines (Art. 49) are numbers the law sets
and a later amendment may change. They live in one data file with a version per date a
change took effect; :func:`statute_for` returns the version in force on a day, and a day
before the first version raises :class:`StatuteError` rather than borrowing a later rule.

Pure Python, no Django import: the clock, the case actions and the report deadlines read it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType

DATA_FILE = Path(__file__).resolve().parent / "data" / "statute.json"

PERIODS = ("reply", "extension_max", "correction_notice", "consultation_answer", "fee_payment")


class StatuteError(LookupError):
    """No statute version covers the day asked about, or the data file is malformed."""


@dataclass(frozen=True)
class StatutoryPeriod:
    working_days: int
    citation: str  # as shown to staff, in Chinese
    article: str  # short English reference, as used in code comments


@dataclass(frozen=True)
class ReportDeadline:
    """Art. 49: (month, day) in the year after the report year."""

    month: int
    day: int
    citation: str

    def on(self, report_year: int) -> date:
        return date(report_year + 1, self.month, self.day)


@dataclass(frozen=True)
class Remedies:
    """The periods for 行政复议 and 行政诉讼 that every reply letter states."""

    review_days: int
    review_law: str
    litigation_months: int
    litigation_law: str


@dataclass(frozen=True)
class Statute:
    reply: StatutoryPeriod
    extension_max: StatutoryPeriod
    correction_notice: StatutoryPeriod
    consultation_answer: StatutoryPeriod
    fee_payment: StatutoryPeriod
    # Keyed by agency kind ("department", "government").
    annual_report_deadlines: Mapping[str, ReportDeadline]
    remedies: Remedies | None = None
    id: str = ""
    title: str = ""
    effective: date = date.min


def _period(data: dict, name: str, version: str) -> StatutoryPeriod:
    try:
        period = data[name]
        days = period["working_days"]
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise StatuteError(f"{version}: {name}.working_days must be a positive integer")
        return StatutoryPeriod(days, period["citation"], period["article"])
    except KeyError as missing:
        raise StatuteError(f"{version}: period {name} lacks {missing}") from None


def parse_versions(data: dict) -> tuple[Statute, ...]:
    """The versions of a statute document, oldest first; StatuteError when malformed."""
    versions = []
    for raw in data.get("versions", []):
        name = raw.get("id") or "?"
        try:
            effective = date.fromisoformat(raw["effective"])
            deadlines = {
                kind: ReportDeadline(d["month"], d["day"], d["citation"])
                for kind, d in raw["annual_report_deadlines"].items()
            }
            for deadline in deadlines.values():
                deadline.on(2000)  # 2001 has no 29 February: the day must exist every year
            remedies = None
            if "remedies" in raw:
                fields = raw["remedies"]
                remedies = Remedies(
                    int(fields["review_days"]),
                    fields["review_law"],
                    int(fields["litigation_months"]),
                    fields["litigation_law"],
                )
        except (KeyError, TypeError, ValueError) as error:
            raise StatuteError(f"statute version {name}: {error}") from None
        periods = {p: _period(raw.get("periods", {}), p, name) for p in PERIODS}
        versions.append(
            Statute(
                **periods,
                annual_report_deadlines=MappingProxyType(deadlines),
                remedies=remedies,
                id=name,
                title=raw.get("title", ""),
                effective=effective,
            )
        )
    if not versions:
        raise StatuteError("the statute data has no versions")
    versions.sort(key=lambda version: version.effective)
    days = [version.effective for version in versions]
    if len(set(days)) != len(days):
        raise StatuteError("two statute versions take effect on the same day")
    return tuple(versions)


@cache
def versions() -> tuple[Statute, ...]:
    return parse_versions(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def statute_for(day: date, available: tuple[Statute, ...] | None = None) -> Statute:
    """The version in force on ``day``: the latest whose effective date is not after it."""
    available = versions() if available is None else available
    in_force = [version for version in available if version.effective <= day]
    if not in_force:
        first = available[0].effective
        raise StatuteError(
            f"{day} 早于系统收录的最早法定期限（{first} 起施行），无法计算期限 / "
            f"no statutory periods are recorded for {day}; the first version takes effect {first}"
        )
    return in_force[-1]
