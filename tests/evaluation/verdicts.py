"""Inspection verdicts built by hand on the contract of ``gongkai.inspection.results``, for
tests of the layers above that must not depend on what the records make of them."""

from gongkai.inspection.results import AgencyVerdict, IndicatorResult

VETO_IDS = (
    "serious_errors",
    "site_unreachable",
    "homepage_not_updated",
    "columns_not_updated",
    "interaction_poor",
    "services_impractical",
)


def verdict(agency, *, vetoes=(), deductions=None, not_measured=(), evidence=None):
    """A verdict of ``agency``: ``vetoes`` fire, ``deductions`` {id: points} apply."""
    deductions = deductions or {}
    evidence = evidence or {}
    indicators = []
    for ident in VETO_IDS:
        status = "veto" if ident in vetoes else "not_measured" if ident in not_measured else "pass"
        indicators.append(
            IndicatorResult(
                id=ident,
                name=ident,
                veto=True,
                status=status,
                deduction=0.0,
                evidence=evidence.get(ident, []),
            )
        )
    for ident, points in deductions.items():
        indicators.append(
            IndicatorResult(
                id=ident,
                name=ident,
                veto=False,
                status="deduct",
                deduction=points,
                evidence=evidence.get(ident, []),
            )
        )
    score = None if vetoes else 100 - sum(deductions.values())
    label = "不合格" if vetoes else "未完成" if not_measured else "合格"
    return AgencyVerdict(
        agency_id=agency.pk,
        slug=agency.slug,
        agency=agency.name,
        verdict=label,
        score=score,
        vetoes=list(vetoes),
        indicators=indicators,
    )


def fake_inspect(plan):
    """An ``inspect`` whose verdicts follow ``plan`` {slug: kwargs of verdict}."""
    calls = []

    def inspect(agencies, at):
        calls.append((tuple(a.slug for a in agencies), at))
        return [verdict(a, **plan.get(a.slug, {})) for a in agencies]

    inspect.calls = calls
    return inspect
