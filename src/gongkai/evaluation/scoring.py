"""The score arithmetic of the evaluation: one agency's points per indicator, its total, its
result (合格/不合格/未完成) and the ranking. Plain Python: the inputs are already read.

- The national inspection part: any veto indicator of the scheme that the inspection found
  (status ``veto``) makes the agency 不合格 with no score; otherwise the part is worth
  ``weight`` × (100 − Σ min(deduction, max_deduction)) / 100.
- A measured indicator is worth ``weight`` × its share (0…1). A measure that does not exist
  on this platform (``share`` None, e.g. 信息报送 before it is installed) counts for
  nothing either way: its weight leaves the total, which is scaled back to 100.
- A manual indicator is worth what the supervisor gave it (0…weight); until then it is
  pending, left out of the total like an unavailable measure, and the result is 未完成.
- score = Σ points / Σ weights counted × 100, rounded to two decimals; 合格 when no veto
  fired, nothing is pending and score ≥ pass_mark; 未完成 when something is pending (a
  manual score, a veto indicator the inspection could not measure, no inspection at all).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.evaluation.scheme import INSPECTION, MANUAL, Scheme

PASS, FAIL, INCOMPLETE = "合格", "不合格", "未完成"
# Line statuses
SCORED, VETO, PENDING, UNAVAILABLE = "scored", "veto", "pending", "unavailable"


@dataclass(frozen=True)
class Measurement:
    """What a measure found for one agency in one period."""

    share: float | None  # 0…1; None: the measure is not available on this platform
    numerator: int = 0
    denominator: int = 0
    note: str = ""
    evidence: tuple[dict, ...] = ()


@dataclass(frozen=True)
class InspectionFinding:
    """One inspection indicator of one agency (from ``gongkai.inspection`` results)."""

    status: str  # "pass" | "deduct" | "veto" | "not_measured"
    deduction: float = 0.0


@dataclass(frozen=True)
class ManualScore:
    points: float
    reason: str = ""


@dataclass(frozen=True)
class Line:
    id: str
    name: str
    kind: str
    weight: float  # the most it is worth (0 for inspection checks: their part holds it)
    points: float | None
    status: str
    detail: str = ""
    measurement: Measurement | None = None
    veto: bool = False


@dataclass
class AgencyScore:
    agency_id: int
    agency: str
    score: float | None
    result: str
    vetoes: list[str]
    lines: list[Line]
    pending: list[str]
    rank: int | None = None
    extra: dict = field(default_factory=dict)

    def line(self, line_id: str) -> Line:
        return next(line for line in self.lines if line.id == line_id)


def _inspection_lines(scheme: Scheme, findings: dict[str, InspectionFinding] | None):
    part = scheme.inspection
    lines, vetoes, pending, deductions = [], [], [], 0.0
    for check in part.indicators:
        finding = (findings or {}).get(check.id)
        status = finding.status if finding else "not_measured"
        if check.veto:
            if status == "veto":
                vetoes.append(check.id)
            elif status == "not_measured":
                pending.append(check.id)
            lines.append(Line(check.id, check.name, INSPECTION, 0, None, status, veto=True))
            continue
        cut = min(finding.deduction, check.max_deduction) if finding else 0.0
        deductions += cut
        lines.append(Line(check.id, check.name, INSPECTION, 0, -cut, status))
    if findings is None:
        part_line = Line(part.id, part.name, INSPECTION, part.weight, None, PENDING)
        pending.append(part.id)
    else:
        points = part.weight * max(0.0, 100.0 - deductions) / 100.0
        part_line = Line(
            part.id,
            part.name,
            INSPECTION,
            part.weight,
            round(points, 4),
            SCORED,
            detail=f"100 − {deductions:g}",
        )
    return [part_line, *lines], vetoes, pending


def score_agency(
    scheme: Scheme,
    agency_id: int,
    agency: str,
    *,
    findings: dict[str, InspectionFinding] | None,
    measurements: dict[str, Measurement],
    manual: dict[str, ManualScore],
) -> AgencyScore:
    """The score of one agency: see the module's docstring for the rules."""
    lines, vetoes, pending = _inspection_lines(scheme, findings)
    counted_weight = scheme.inspection.weight if findings is not None else 0.0
    points = lines[0].points or 0.0
    for part in scheme.parts[1:]:
        for indicator in part.indicators:
            if indicator.kind == MANUAL:
                given = manual.get(indicator.id)
                if given is None:
                    pending.append(indicator.id)
                    line = Line(
                        indicator.id, indicator.name, MANUAL, indicator.weight, None, PENDING
                    )
                else:
                    value = max(0.0, min(given.points, indicator.weight))
                    line = Line(
                        indicator.id,
                        indicator.name,
                        MANUAL,
                        indicator.weight,
                        value,
                        SCORED,
                        detail=given.reason,
                    )
            else:
                found = measurements.get(indicator.measure)
                if found is None or found.share is None:
                    line = Line(
                        indicator.id,
                        indicator.name,
                        indicator.kind,
                        indicator.weight,
                        None,
                        UNAVAILABLE,
                        detail=found.note if found else "",
                        measurement=found,
                    )
                else:
                    value = indicator.weight * max(0.0, min(found.share, 1.0))
                    line = Line(
                        indicator.id,
                        indicator.name,
                        indicator.kind,
                        indicator.weight,
                        round(value, 4),
                        SCORED,
                        detail=found.note,
                        measurement=found,
                    )
            if line.status == SCORED:
                counted_weight += indicator.weight
                points += line.points
            lines.append(line)
    if vetoes:
        return AgencyScore(agency_id, agency, None, FAIL, vetoes, lines, pending)
    score = round(points / counted_weight * 100, 2) if counted_weight else None
    result = _result(scheme, score, pending)
    return AgencyScore(agency_id, agency, score, result, vetoes, lines, pending)


def _result(scheme: Scheme, score: float | None, pending: list[str]) -> str:
    if pending or score is None:
        return INCOMPLETE
    return PASS if score >= scheme.pass_mark else FAIL


def rank(scores: list[AgencyScore]) -> list[AgencyScore]:
    """Scores best first, ranked 1, 2, 2, 4 … (ties share a rank, the next rank skips);
    agencies without a score (a veto, nothing counted) come last, unranked. Ties keep the
    order they came in (the site group's order of agencies)."""
    scored = sorted((s for s in scores if s.score is not None), key=lambda s: -s.score)
    previous, position = None, 0
    for index, entry in enumerate(scored, start=1):
        if entry.score != previous:
            position, previous = index, entry.score
        entry.rank = position
    unscored = [s for s in scores if s.score is None]
    for entry in unscored:
        entry.rank = None
    return scored + unscored
