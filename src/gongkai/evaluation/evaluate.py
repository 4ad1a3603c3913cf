"""Scores of a quarter: the scheme of its year, the inspection (the quarter's newest stored
snapshot, or an inspection run at the instant the quarter is measured at), the measures
and the supervisor's manual scores, put together by ``scoring``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.evaluation import scheme as schemes
from gongkai.evaluation.measures import MEASURES, measure_all
from gongkai.evaluation.models import EvaluationScheme, InspectionSnapshot, ManualScore
from gongkai.evaluation.periods import Period
from gongkai.evaluation.scoring import (
    AgencyScore,
    InspectionFinding,
    rank,
    score_agency,
)
from gongkai.evaluation.scoring import (
    ManualScore as GivenScore,
)
from gongkai.inspection.engine import inspect


@dataclass(frozen=True)
class StoredScheme:
    scheme: schemes.Scheme
    year: int
    stored: bool  # False: the default file, not yet installed for the year


def scheme_for(year: int) -> StoredScheme:
    """The year's scheme as stored, or the default one until a supervisor installs it."""
    row = EvaluationScheme.objects.filter(year=year).first()
    data = row.data if row else schemes.default_data()
    return StoredScheme(schemes.parse(data, MEASURES), year, row is not None)


def active_agencies():
    return list(Agency.objects.filter(retired_on__isnull=True))


def findings_of(result: dict) -> dict[str, InspectionFinding]:
    """An inspection result (``AgencyVerdict.as_json()``) as the scoring reads it."""
    return {
        row["id"]: InspectionFinding(row["status"], float(row.get("deduction") or 0))
        for row in result.get("indicators", [])
    }


def inspection_results(agencies, period: Period, now: datetime) -> dict[int, dict]:
    """Per agency, the inspection the quarter is scored on: for a quarter that is over, its
    newest snapshot; otherwise (or without one) an inspection at the quarter's instant."""
    results: dict[int, dict] = {}
    if period.end <= now:
        newest = (
            InspectionSnapshot.objects.filter(
                agency__in=agencies, taken_at__gte=period.start, taken_at__lt=period.end
            )
            .values("agency_id")
            .annotate(last=Max("taken_at"))
        )
        wanted = {(row["agency_id"], row["last"]) for row in newest}
        for snap in InspectionSnapshot.objects.filter(
            agency__in=agencies, taken_at__in={last for _, last in wanted}
        ):
            if (snap.agency_id, snap.taken_at) in wanted:
                results[snap.agency_id] = snap.result
    missing = [a for a in agencies if a.pk not in results]
    if missing:
        for verdict in inspect(missing, period.measured_at(now)):
            results[verdict.agency_id] = verdict.as_json()
    return results


def manual_scores(agencies, period: Period) -> dict[int, dict[str, ManualScore]]:
    found: dict[int, dict[str, ManualScore]] = {}
    for row in ManualScore.objects.filter(agency__in=agencies, period=str(period)):
        found.setdefault(row.agency_id, {})[row.indicator] = row
    return found


def evaluate(agencies, period: Period, now: datetime | None = None) -> list[AgencyScore]:
    """Every agency's score in ``period``, ranked."""
    now = now or timezone.now()
    stored = scheme_for(period.year)
    at = period.measured_at(now)
    measured = measure_all(
        [i.measure for i in stored.scheme.indicators("measured")], agencies, period, at
    )
    inspections = inspection_results(agencies, period, now)
    manual = manual_scores(agencies, period)
    scores = []
    for agency in agencies:
        given = manual.get(agency.pk, {})
        score = score_agency(
            stored.scheme,
            agency.pk,
            agency.name,
            findings=findings_of(inspections[agency.pk]) if agency.pk in inspections else None,
            measurements={name: found[agency.pk] for name, found in measured.items()},
            manual={k: GivenScore(float(v.points), v.reason) for k, v in given.items()},
        )
        score.extra = {
            "slug": agency.slug,
            "manual": given,
            "inspection": inspections.get(agency.pk),
        }
        scores.append(score)
    return rank(scores)


def scores_over_time(agencies, year: int, now: datetime | None = None):
    """``[(period, [AgencyScore …])]`` for each quarter of ``year`` begun by ``now``."""
    now = now or timezone.now()
    return [
        (period, evaluate(agencies, period, now))
        for period in Period(year, 1).year_quarters()
        if period.start <= now
    ]
