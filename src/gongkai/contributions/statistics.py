"""信息报送 figures per agency and department for a period: submitted (报送), adopted (采用)
and returned (退回).

A contribution counts as submitted in the period it was submitted, and as adopted or
returned in the period of that decision, by its state now (an adoption later withdrawn
counts as returned). ``start`` and ``end`` are days, both included, in the site's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from gongkai.agencies.models import Agency, Department
from gongkai.contributions.models import Contribution, ContributionState

FIGURES = ("submitted", "adopted", "returned")


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def _counted(rows, key: str, start: date, end: date):
    """(group values, figure) → count, for the three figures, in three queries."""
    since, until = _bounds(start, end)
    counts: dict[tuple, dict[str, int]] = {}
    queries = {
        "submitted": rows.filter(submitted_at__gte=since, submitted_at__lt=until),
        "adopted": rows.filter(
            state=ContributionState.ADOPTED, decided_at__gte=since, decided_at__lt=until
        ),
        "returned": rows.filter(
            state=ContributionState.RETURNED, decided_at__gte=since, decided_at__lt=until
        ),
    }
    keys = ("agency_id", key) if key != "agency_id" else ("agency_id",)
    for figure, query in queries.items():
        for row in query.values(*keys).annotate(n=Count("pk")).order_by():
            group = tuple(row[k] for k in keys)
            counts.setdefault(group, dict.fromkeys(FIGURES, 0))[figure] = row["n"]
    return counts


def contribution_counts(agency_ids, start: date, end: date) -> dict[int, dict]:
    """``{agency_id: {"submitted": n, "adopted": n, "returned": n}}`` for the agencies as
    submitters — every agency asked for is in the answer, with zeros when it has none. For
    the evaluation (考评) as a measured indicator."""
    agency_ids = list(agency_ids)
    rows = Contribution.objects.filter(agency_id__in=agency_ids)
    counts = _counted(rows, "agency_id", start, end)
    return {
        agency_id: counts.get((agency_id,), dict.fromkeys(FIGURES, 0)) for agency_id in agency_ids
    }


@dataclass(frozen=True)
class Row:
    agency: str
    department: str
    submitted: int
    adopted: int
    returned: int

    @property
    def adoption_rate(self) -> float | None:
        """Adopted per submitted in the period (None when nothing was submitted)."""
        return self.adopted / self.submitted if self.submitted else None


def department_rows(agency_ids, start: date, end: date) -> list[Row]:
    """One row per agency and department with any figure in the period, then one total row
    per agency, ordered like the site group's agencies."""
    agency_ids = list(agency_ids)
    rows = Contribution.objects.filter(agency_id__in=agency_ids)
    counts = _counted(rows, "department_id", start, end)
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=agency_ids)}
    departments = dict(
        Department.objects.filter(agency_id__in=agency_ids).values_list("pk", "name")
    )
    result = []
    for agency in sorted(agencies.values(), key=lambda a: (a.sort_order, a.name)):
        groups = (
            sorted(
                (dept_id, figures)
                for (agency_id, dept_id), figures in counts.items()
                if agency_id == agency.pk
            )
            if counts
            else []
        )
        totals = dict.fromkeys(FIGURES, 0)
        for dept_id, figures in groups:
            name = departments.get(dept_id, "") if dept_id else ""
            result.append(Row(agency.name, name or "（未指定股室）", **figures))
            for figure in FIGURES:
                totals[figure] += figures[figure]
        result.append(Row(agency.name, "合计", **totals))
    return result
