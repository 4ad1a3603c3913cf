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
    """The remedies a reply letter states (Art. 51), as the law in force on its date says.

    ``review_first`` holds the outcome codes for which the applicant must apply for 行政复议
    before suing (行政复议法 2023 Art. 23(四)); for every other outcome the letter offers
    review or a lawsuit.
    """

    review_days: int
    review_law: str
    litigation_months: int
    litigation_law: str
    review_first: frozenset[str] = frozenset()
    review_first_citation: str = ""
    id: str = ""
    title: str = ""
    effective: date = date.min

    def requires_review_first(self, outcome: str, listed: frozenset[str] | None = None) -> bool:
        """Whether ``outcome`` must go to review first; ``listed`` replaces the data's list
        (a site group's own reading of Art. 23) but never where the law in force has none."""
        if not self.review_first_citation:
            return False
        return outcome in (self.review_first if listed is None else listed)


@dataclass(frozen=True)
class Statute:
    reply: StatutoryPeriod
    extension_max: StatutoryPeriod
    correction_notice: StatutoryPeriod
    consultation_answer: StatutoryPeriod
    fee_payment: StatutoryPeriod
    # Keyed by agency kind ("department", "government").
    annual_report_deadlines: Mapping[str, ReportDeadline]
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
        except (KeyError, TypeError, ValueError) as error:
            raise StatuteError(f"statute version {name}: {error}") from None
        periods = {p: _period(raw.get("periods", {}), p, name) for p in PERIODS}
        versions.append(
            Statute(
                **periods,
                annual_report_deadlines=MappingProxyType(deadlines),
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


def parse_remedies(data: dict) -> tuple[Remedies, ...]:
    """The remedy versions of a statute document, oldest first; StatuteError when malformed."""
    parsed = []
    for raw in data.get("remedies", []):
        name = raw.get("id") or "?"
        try:
            review_first = raw["review_first"]
            if not isinstance(review_first, list) or not all(
                isinstance(code, str) for code in review_first
            ):
                raise ValueError("review_first must be a list of outcome codes")
            if review_first and not raw["review_first_citation"]:
                raise ValueError("review_first needs the article that requires it")
            parsed.append(
                Remedies(
                    review_days=_positive(raw["review_days"]),
                    review_law=raw["review_law"],
                    litigation_months=_positive(raw["litigation_months"]),
                    litigation_law=raw["litigation_law"],
                    review_first=frozenset(review_first),
                    review_first_citation=raw["review_first_citation"],
                    id=name,
                    title=raw.get("title", ""),
                    effective=date.fromisoformat(raw["effective"]),
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise StatuteError(f"remedies version {name}: {error}") from None
    if not parsed:
        raise StatuteError("the statute data has no remedies")
    parsed.sort(key=lambda version: version.effective)
    if len({version.effective for version in parsed}) != len(parsed):
        raise StatuteError("two remedies versions take effect on the same day")
    return tuple(parsed)


def _positive(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{value!r} is not a positive integer")
    return value


@dataclass(frozen=True)
class FeeMeasures:
    """The processing-fee measures in force: no fee notice before the first version."""

    citation: str
    per_volume_forms: frozenset[str]  # provision forms for which 按量计收 is allowed
    per_volume_citation: str
    id: str = ""
    title: str = ""
    effective: date = date.min


def parse_fees(data: dict) -> tuple[FeeMeasures, ...]:
    parsed = []
    for raw in data.get("fees", []):
        name = raw.get("id") or "?"
        try:
            forms = raw["per_volume_forms"]
            if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
                raise ValueError("per_volume_forms must be a list of provision forms")
            parsed.append(
                FeeMeasures(
                    citation=raw["citation"],
                    per_volume_forms=frozenset(forms),
                    per_volume_citation=raw["per_volume_citation"],
                    id=name,
                    title=raw.get("title", ""),
                    effective=date.fromisoformat(raw["effective"]),
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise StatuteError(f"fee measures version {name}: {error}") from None
    parsed.sort(key=lambda version: version.effective)
    return tuple(parsed)


@cache
def fee_versions() -> tuple[FeeMeasures, ...]:
    return parse_fees(_document())


def fees_for(day: date, available: tuple[FeeMeasures, ...] | None = None) -> FeeMeasures | None:
    """The fee measures in force on ``day``; None before any took effect (no fee may be
    charged then — unlike the periods, the absence of a rule is itself the law)."""
    available = fee_versions() if available is None else available
    in_force = [version for version in available if version.effective <= day]
    return in_force[-1] if in_force else None


@cache
def _document() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def versions() -> tuple[Statute, ...]:
    return parse_versions(_document())


@cache
def remedy_versions() -> tuple[Remedies, ...]:
    return parse_remedies(_document())


def remedies_for(day: date, available: tuple[Remedies, ...] | None = None) -> Remedies:
    """The remedies in force on ``day`` (a letter's date); a day before the first is an error."""
    return _in_force(day, remedy_versions() if available is None else available)


def statute_for(day: date, available: tuple[Statute, ...] | None = None) -> Statute:
    """The version in force on ``day``: the latest whose effective date is not after it."""
    return _in_force(day, versions() if available is None else available)


def _in_force(day: date, available):
    in_force = [version for version in available if version.effective <= day]
    if not in_force:
        first = available[0].effective
        raise StatuteError(
            f"{day} 早于系统收录的最早法定期限（{first} 起施行），无法计算期限 / "
            f"no statutory periods are recorded for {day}; the first version takes effect {first}"
        )
    return in_force[-1]
