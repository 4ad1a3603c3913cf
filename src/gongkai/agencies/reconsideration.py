"""The 行政复议机关 competent for an agency on a date, for the letters that must name it.

An agency's recorded entries (``ReconsiderationEntry``) win; without one in force the
defaults of the law in force on that date apply (``data/reconsideration.json``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from gongkai.agencies.models import Agency, AgencyKind, Leadership

DATA_FILE = Path(__file__).resolve().parent / "data" / "reconsideration.json"


@dataclass(frozen=True)
class Body:
    name: str
    agency: Agency | None = None


@cache
def _versions() -> tuple[tuple[date, str, dict], ...]:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))["versions"]
    versions = [(date.fromisoformat(v["valid_from"]), v["citation"], v["bodies"]) for v in raw]
    return tuple(sorted(versions, key=lambda v: v[0]))


def default_rule(on_date: date) -> tuple[str, dict]:
    in_force = [v for v in _versions() if v[0] <= on_date]
    if not in_force:
        raise ValueError(f"no reconsideration rule before {on_date}")
    _valid_from, citation, bodies = in_force[-1]
    return citation, bodies


def default_bodies(agency: Agency, on_date: date) -> tuple[Body, ...]:
    """What the law names for this agency's kind and leadership on ``on_date``."""
    _citation, rules = default_rule(on_date)
    key = agency.leadership if agency.leadership != Leadership.LOCAL else agency.kind
    if agency.kind == AgencyKind.GOVERNMENT:
        key = AgencyKind.GOVERNMENT
    bodies = []
    for part in rules[key]:
        if part == "government":
            government = agency.government
            if government is not None:
                bodies.append(Body(government.name, government))
            elif agency.kind == AgencyKind.GOVERNMENT:
                bodies.append(Body("上一级人民政府"))
            else:
                bodies.append(Body("本级人民政府"))
        elif part == "superior":
            bodies.append(Body(agency.superior_name or "上一级主管部门"))
    return tuple(bodies)


def reconsideration_bodies(agency: Agency, on_date: date) -> tuple[Body, ...]:
    """The one or two bodies an applicant may apply to for a decision made on ``on_date``."""
    entry = (
        agency.reconsideration_entries.filter(valid_from__lte=on_date)
        .select_related("first_agency", "second_agency")
        .order_by("-valid_from")
        .first()
    )
    if entry is None:
        return default_bodies(agency, on_date)
    bodies = [Body(entry.first_name, entry.first_agency)]
    if entry.second_name:
        bodies.append(Body(entry.second_name, entry.second_agency))
    return tuple(bodies)


def bodies_text(bodies: tuple[Body, ...]) -> str:
    """As a letter writes them: 庐山市人民政府或者九江市交通运输局."""
    return "或者".join(body.name for body in bodies)
