"""A people's government's report for its whole area (Art. 49-50, as many counties report):
its own office's cells plus the newest published version of the report of each department,
township and street office under it, cell by cell, each figure traced to its report.

Where the site group's setting ``government_reports_whole_area`` is off, or the agency is
not a people's government, a report covers its own agency only. :func:`add_up` is pure;
:func:`area_scope` reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.reports.due import current_site_group
from gongkai.reports.records import PUBLIC_STATES, AnnualReport

#: The agencies whose reports a government's area report adds up.
MEMBER_KINDS = (AgencyKind.DEPARTMENT, AgencyKind.TOWNSHIP, AgencyKind.STREET)


@dataclass(frozen=True)
class AreaScope:
    """Who a government's area report covers: the reports it adds (agency, report) and the
    agencies whose report is not published (or is in another format) yet."""

    government: object
    included: list = field(default_factory=list)  # [(agency, AnnualReport)]
    missing: list = field(default_factory=list)  # [agency]

    def counts(self) -> dict[str, int]:
        """How many of each kind the report covers, e.g. {"department": 2, "township": 1}."""
        out: dict[str, int] = {}
        for agency, _report in self.included:
            out[agency.kind] = out.get(agency.kind, 0) + 1
        return out


def covers_area(agency) -> bool:
    if agency.kind != AgencyKind.GOVERNMENT:
        return False
    group = current_site_group()
    return bool(group and group.government_reports_whole_area)


def members(government):
    return Agency.objects.filter(
        government=government, kind__in=MEMBER_KINDS, retired_on__isnull=True
    ).order_by("sort_order", "name")


def area_scope(government, year: int, format_id: str) -> AreaScope:
    reports = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(
            agency__government=government,
            year=year,
            state__in=PUBLIC_STATES,
            published_cells__isnull=False,
            format_id=format_id,
        )
    }
    scope = AreaScope(government)
    for agency in members(government):
        report = reports.get(agency.pk)
        if report is None:
            scope.missing.append(agency)
        else:
            scope.included.append((agency, report))
    return scope


def add_up(own, published: list[tuple[str, int, dict]], money: bool):
    """``own`` (int or Decimal) plus each report's value: (agency name, report pk, cells
    value) -> (total, [(name, pk, value), …] for the reports that added something)."""
    total = Decimal(str(own))
    parts = []
    for name, pk, value in published:
        if value in (None, 0):
            continue
        total += Decimal(str(value))
        parts.append((name, pk, value))
    if money:
        return total.normalize() if total else Decimal(0), parts
    return int(total), parts
