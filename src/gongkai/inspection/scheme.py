"""The inspection scheme as data (``data/scheme.json``): thresholds, windows, deduction
weights and the service-guide elements. The law is data: a change of the national list is a
change of the file. A file that lacks a value or has one of the wrong type is an explicit
error (:class:`SchemeError`), never a silent default."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SCHEME_FILE = Path(__file__).resolve().parent / "data" / "scheme.json"

VETO_KEYS = {
    "homepage_not_updated": {"window_days": int},
    "columns_not_updated": {
        "dynamic_news_days": int,
        "notice_policy_months": int,
        "stale_news_and_notices_threshold": int,
        "personnel_plan_months": int,
        "should_update_threshold": int,
        "blank_threshold": int,
    },
    "site_unreachable": {
        "days": int,
        "probes_per_day": int,
        "timeout_seconds": int,
        "failure_share": float,
    },
    "interaction_poor": {"unanswered_months": int, "lookback_months": int, "message_kinds": list},
    "services_impractical": {
        "max_missing_elements": int,
        "guide_genres": list,
        "online_service_hosts": list,
    },
    "serious_errors": {},
}
DEDUCTION_KEYS = {
    "broken_links": {},
    "late_publication": {"window_days": int},
    "annual_report_late": {},
    "guide_not_updated": {"window_days": int},
    "newmedia_not_updated": {"window_days": int},
}


class SchemeError(ValueError):
    """The scheme file is missing, not JSON, or lacks a value the inspection needs."""


@dataclass(frozen=True)
class Deduction:
    per_instance: float
    max: float
    verified: bool

    def points(self, count: int) -> float:
        return float(min(self.max, self.per_instance * count))


@dataclass(frozen=True)
class Scheme:
    pass_score: float
    vetoes: dict[str, dict]
    deductions: dict[str, Deduction]
    deduction_settings: dict[str, dict]
    guide_elements: tuple[str, ...]
    functional_columns: dict[str, str]
    services_columns: tuple[str, ...]

    def veto(self, indicator: str, key: str):
        return self.vetoes[indicator][key]


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check(section: dict, keys: dict, where: str) -> None:
    if not isinstance(section, dict):
        raise SchemeError(f"{where}: expected an object")
    if not isinstance(section.get("verified"), bool):
        raise SchemeError(f"{where}.verified: expected true or false")
    for key, kind in keys.items():
        value = section.get(key)
        ok = _number(value) if kind in (int, float) else isinstance(value, kind)
        if kind is int and ok:
            ok = isinstance(value, int) and value >= 0
        if not ok:
            raise SchemeError(f"{where}.{key}: expected {kind.__name__}, got {value!r}")


def parse_scheme(data) -> Scheme:
    """The scheme from the file's parsed JSON; SchemeError names the first bad value."""
    if not isinstance(data, dict):
        raise SchemeError("scheme: expected an object")
    if not _number(data.get("pass_score")):
        raise SchemeError("pass_score: expected a number")
    vetoes, deductions = data.get("vetoes") or {}, data.get("deductions") or {}
    for name, keys in VETO_KEYS.items():
        _check(vetoes.get(name), keys, f"vetoes.{name}")
    for name, keys in DEDUCTION_KEYS.items():
        section = deductions.get(name)
        _check(section, {"per_instance": float, "max": float, **keys}, f"deductions.{name}")
    elements = data.get("service_guide_elements") or {}
    _check(elements, {"elements": list}, "service_guide_elements")
    if not elements["elements"] or not all(isinstance(e, str) for e in elements["elements"]):
        raise SchemeError("service_guide_elements.elements: expected a list of names")
    functional = {
        slug: function
        for slug, function in (data.get("functional_columns") or {}).items()
        if slug != "about"
    }
    if not all(isinstance(f, str) for f in functional.values()):
        raise SchemeError("functional_columns: expected slug → function name")
    services = data.get("services_columns")
    if not isinstance(services, list) or not all(isinstance(s, str) for s in services):
        raise SchemeError("services_columns: expected a list of column slugs")
    return Scheme(
        pass_score=float(data["pass_score"]),
        vetoes={name: dict(vetoes[name]) for name in VETO_KEYS},
        deductions={
            name: Deduction(
                float(deductions[name]["per_instance"]),
                float(deductions[name]["max"]),
                deductions[name]["verified"],
            )
            for name in DEDUCTION_KEYS
        },
        deduction_settings={name: dict(deductions[name]) for name in DEDUCTION_KEYS},
        guide_elements=tuple(elements["elements"]),
        functional_columns=functional,
        services_columns=tuple(services),
    )


def load_scheme(path: Path = SCHEME_FILE) -> Scheme:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SchemeError(f"{path}: {error}") from error
    return parse_scheme(data)


@cache
def default_scheme() -> Scheme:
    return load_scheme()
