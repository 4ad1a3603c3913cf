"""The score arithmetic, with numbers worked out by hand from the default scheme:

inspection part 40 × (100 − deductions) / 100; art26 10; applications 10; messages 10;
annual report 10; policy interpretation (manual) 10; 信息报送 10.
"""

import pytest

from gongkai.evaluation import scheme as schemes
from gongkai.evaluation.measures import MEASURES
from gongkai.evaluation.periods import Period
from gongkai.evaluation.scoring import (
    FAIL,
    INCOMPLETE,
    PASS,
    InspectionFinding,
    ManualScore,
    Measurement,
    rank,
    score_agency,
)

SCHEME = schemes.parse(schemes.default_data(), MEASURES)
VETOES = [i.id for i in SCHEME.inspection.indicators if i.veto]


def clean(**changes):
    found = {v: InspectionFinding("pass") for v in VETOES}
    found.update(changes)
    return found


def measured(art26=1.0, apps=1.0, msgs=1.0, report=1.0, contrib=None):
    return {
        "art26_timeliness": Measurement(art26),
        "applications_on_time": Measurement(apps),
        "message_replies_on_time": Measurement(msgs),
        "annual_report": Measurement(report),
        "contributions_adoption": Measurement(contrib),
    }


def test_hand_worked_score_with_capped_deduction_and_unavailable_measure():
    # deductions: broken links 4, late publication 12 capped at 10 → 14; part = 40 × 0.86
    # = 34.4; art26 0.9 → 9; applications 10; messages 0.5 → 5; report 0.5 → 5; manual 7;
    # 信息报送 unavailable: 70.4 points of 90 counted → 78.22.
    result = score_agency(
        SCHEME,
        1,
        "甲",
        findings=clean(
            broken_links=InspectionFinding("deduct", 4),
            late_publication=InspectionFinding("deduct", 12),
        ),
        measurements=measured(art26=0.9, msgs=0.5, report=0.5),
        manual={"policy_interpretation": ManualScore(7, "解读及时")},
    )
    assert result.line("national_inspection").points == pytest.approx(34.4)
    assert result.line("late_publication").points == -10
    assert result.line("contributions_adoption").status == "unavailable"
    assert result.score == 78.22
    assert result.result == PASS
    assert result.pending == []


def test_a_veto_makes_the_agency_fail_without_a_score():
    result = score_agency(
        SCHEME,
        1,
        "甲",
        findings=clean(columns_not_updated=InspectionFinding("veto")),
        measurements=measured(),
        manual={"policy_interpretation": ManualScore(10)},
    )
    assert result.score is None
    assert result.result == FAIL
    assert result.vetoes == ["columns_not_updated"]


def test_below_the_pass_mark_fails():
    # part 40; art26 0 ; apps 0; msgs 0; report 0; manual 10; contributions 0.5 → 5
    # 55 of 100 → 55 < 60
    result = score_agency(
        SCHEME,
        1,
        "甲",
        findings=clean(),
        measurements=measured(0, 0, 0, 0, 0.5),
        manual={"policy_interpretation": ManualScore(10)},
    )
    assert result.score == 55
    assert result.result == FAIL


def test_a_pending_manual_score_and_an_unmeasured_veto_leave_the_result_incomplete():
    # 40 + 40 measured of 80 counted (manual pending, 信息报送 unavailable) → 100
    result = score_agency(
        SCHEME,
        1,
        "甲",
        findings=clean(site_unreachable=InspectionFinding("not_measured")),
        measurements=measured(),
        manual={},
    )
    assert result.score == 100
    assert result.result == INCOMPLETE
    assert result.pending == ["site_unreachable", "policy_interpretation"]


def test_without_an_inspection_the_part_is_pending():
    result = score_agency(SCHEME, 1, "甲", findings=None, measurements=measured(), manual={})
    assert result.line("national_inspection").status == "pending"
    assert "national_inspection" in result.pending
    assert result.result == INCOMPLETE


def test_a_manual_score_above_its_weight_counts_as_the_weight():
    result = score_agency(
        SCHEME,
        1,
        "甲",
        findings=clean(),
        measurements=measured(),
        manual={"policy_interpretation": ManualScore(12)},
    )
    assert result.line("policy_interpretation").points == 10


def _scored(agency_id, score):
    result = score_agency(
        SCHEME, agency_id, f"机关{agency_id}", findings=clean(), measurements=measured(), manual={}
    )
    result.score = score
    return result


def test_ranking_shares_a_rank_on_ties_and_skips_the_next_one():
    entries = [_scored(1, 80), _scored(2, 92.5), _scored(3, 80), _scored(4, None), _scored(5, 70)]
    ranked = rank(entries)
    assert [(e.agency_id, e.rank) for e in ranked] == [(2, 1), (1, 2), (3, 2), (5, 4), (4, None)]


def test_quarters():
    period = Period.parse("2026Q4")
    assert period.label == "2026年第四季度"
    assert str(period.first_day) == "2026-10-01"
    assert period.next() == Period(2027, 1)
    with pytest.raises(ValueError):
        Period.parse("2026Q5")
