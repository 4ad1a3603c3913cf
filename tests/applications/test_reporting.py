from datetime import datetime

import pytest
import time_machine

from gongkai.applications.actions import (
    do_close_unanswered,
    do_end_consultation,
    do_reply,
    do_request_correction,
    do_start_consultation,
    do_withdraw,
)
from gongkai.applications.models import Outcome
from gongkai.applications.reporting import outcome_row, t3_cells, year_cases
from gongkai.disputes.actions import do_conclude_remedy, do_record_remedy
from gongkai.disputes.models import Decision, RemedyKind
from gongkai.disputes.reporting import t4_cells
from gongkai.rules.formats import load_format
from tests.applications.conftest import SHANGHAI, at, d

pytestmark = pytest.mark.django_db

CHECKED_RULES = ("T3_BALANCE", "T3_ROW_TOTAL", "T3_RESULTS_TOTAL")


def test_every_outcome_has_exactly_one_row_in_both_formats():
    for format_id in ("gb2019", "gb2021"):
        fmt = load_format(format_id)
        rows = {r.id for r in fmt.table("t3").rows}
        leaves = rows - {"new_received", "carried_in", "results_total", "carried_out"}
        hit = {outcome_row(o, format_id) for o in Outcome}
        assert hit == leaves, format_id
        assert {e["code"] for e in fmt.data["outcome_to_row"]} == {o.value for o in Outcome}


def test_outcome_rows_differ_between_formats_only_for_other():
    assert outcome_row(Outcome.OTHER_FEE_UNPAID, "gb2021") == "other_fee_unpaid"
    assert outcome_row(Outcome.OTHER_FEE_UNPAID, "gb2019") == "other"
    assert (
        outcome_row(Outcome.PARTIAL, "gb2019")
        == outcome_row(Outcome.PARTIAL, "gb2021")
        == "partial"
    )
    assert outcome_row(Outcome.UNABLE_NOT_THIS_AGENCY, "gb2021") == "unable_not_held"


@pytest.fixture
def year_end_cases(register, users):
    officer = users["officer_a"]
    cases = {}
    # 2025: one concluded within the year, one open on 31 December (carried into 2026).
    cases["done_2025"] = register(arrived=at(2025, 11, 3)).application
    do_reply(
        cases["done_2025"],
        outcome=Outcome.DISCLOSED,
        text="公开",
        replied_on=d(2025, 11, 20),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    cases["carried"] = register(
        arrived=at(2025, 12, 22),
        applicant_kind="legal_person",
        applicant_name="某科技有限公司",
        organisation_type="commercial",
    ).application
    # Concluded on 31 December itself: not carried.
    cases["dec31"] = register(arrived=at(2025, 12, 15)).application
    do_withdraw(cases["dec31"], on=d(2025, 12, 31), acting_user=officer)
    # 2026: the carried case is answered on 5 January, after consulting the third party;
    # new ones arrive.
    do_start_consultation(
        cases["carried"],
        on=d(2025, 12, 23),
        acting_user=officer,
        party_name="某公司",
        matter="是否同意公开",
    )
    do_end_consultation(cases["carried"], on=d(2025, 12, 30), acting_user=officer, result="agrees")
    do_reply(
        cases["carried"],
        outcome=Outcome.DENIED_THIRD_PARTY,
        text="涉及商业秘密",
        replied_on=d(2026, 1, 5),
        acting_user=officer,
        refusal_reason="经审查，属于该项情形",
    )
    cases["partial"] = register(arrived=at(2026, 3, 2)).application
    do_reply(
        cases["partial"],
        outcome=Outcome.PARTIAL,
        text="部分公开",
        replied_on=d(2026, 3, 20),
        acting_user=officer,
        withheld_ground="art16_2_process_info",
        refusal_reason="该部分属于内部讨论记录",
        obtain_how="随本告知书提供其余部分",
    )
    cases["no_correction"] = register(
        arrived=at(2026, 4, 1),
        applicant_kind="legal_person",
        applicant_name="某研究院",
        organisation_type="research",
    ).application
    do_request_correction(
        cases["no_correction"],
        on=d(2026, 4, 3),
        correct_by=d(2026, 4, 20),
        acting_user=officer,
        note="请写明所需信息的具体名称和年份",
    )
    do_close_unanswered(cases["no_correction"], on=d(2026, 4, 21), acting_user=officer)
    cases["open_2026"] = register(arrived=at(2026, 12, 28)).application
    # An online application not yet confirmed still counts from its arrival.
    cases["unconfirmed"] = register(
        acting_user=None, channel="online", arrived_at=at(2026, 12, 31, 22)
    ).application
    # Another agency's case never counts here.
    register(agency=users["reviewer_b"].staff_profile.agency, acting_user=users["officer_b"])
    return cases


def test_carry_over_follows_from_the_records(year_end_cases, agency_a):
    c = year_end_cases
    assert year_cases(agency_a, 2025).carried_out == [c["carried"]]
    assert year_cases(agency_a, 2026).carried_in == [c["carried"]]
    assert set(year_cases(agency_a, 2026).carried_out) == {c["open_2026"], c["unconfirmed"]}
    assert set(year_cases(agency_a, 2027).carried_in) == {c["open_2026"], c["unconfirmed"]}


def test_t3_counts_by_applicant_and_outcome(year_end_cases, agency_a):
    cells = t3_cells(agency_a, 2026)
    assert cells["t3.new_received.natural_person"] == 3
    assert cells["t3.new_received.research"] == 1
    assert cells["t3.carried_in.commercial"] == 1
    assert cells["t3.denied_third_party.commercial"] == 1
    assert cells["t3.partial.natural_person"] == 1
    assert cells["t3.other_no_correction.research"] == 1
    assert cells["t3.results_total.total"] == 3
    assert cells["t3.carried_out.total"] == 2
    cells_2025 = t3_cells(agency_a, 2025)
    assert cells_2025["t3.new_received.total"] == 3
    assert cells_2025["t3.granted.natural_person"] == 1
    assert cells_2025["t3.other_other.natural_person"] == 1
    assert cells_2025["t3.carried_out.commercial"] == 1


@pytest.mark.parametrize("year", [2025, 2026])
@pytest.mark.parametrize("format_id", ["gb2019", "gb2021"])
def test_t3_satisfies_the_format_cross_checks(year_end_cases, agency_a, year, format_id):
    fmt = load_format(format_id)
    results = [
        r for r in fmt.evaluate(t3_cells(agency_a, year, format_id)) if r.rule in CHECKED_RULES
    ]
    assert results, "the rules were evaluated"
    assert {r.rule for r in results} == set(CHECKED_RULES)
    assert all(r.status == "pass" for r in results), [r for r in results if r.status != "pass"]


def test_t3_balance_check_would_catch_a_lost_case(year_end_cases, agency_a):
    cells = t3_cells(agency_a, 2026, "gb2021")
    cells["t3.carried_out.natural_person"] -= 1
    cells["t3.carried_out.total"] -= 1
    results = load_format("gb2021").evaluate(cells)
    assert any(r.rule == "T3_BALANCE" and r.status == "fail" for r in results)


def test_t4_counts_reviews_and_lawsuits(year_end_cases, agency_a, users):
    officer = users["officer_a"]
    case = year_end_cases["carried"]
    review = do_record_remedy(
        case, kind=RemedyKind.REVIEW, filed_on=d(2026, 2, 10), acting_user=officer
    )
    assert review.reply == case.reply
    do_conclude_remedy(
        review, decision=Decision.UPHELD, concluded_on=d(2026, 4, 1), acting_user=officer
    )
    do_record_remedy(
        case,
        kind=RemedyKind.AFTER_REVIEW,
        review=review,
        filed_on=d(2026, 4, 20),
        acting_user=officer,
    )
    direct = do_record_remedy(
        year_end_cases["partial"], kind="direct", filed_on=d(2026, 5, 6), acting_user=officer
    )
    # Decided only in 2027: pending in the 2026 report, counted again in 2027's.
    with time_machine.travel(datetime(2027, 2, 2, 10, tzinfo=SHANGHAI), tick=False):
        do_conclude_remedy(
            direct, decision=Decision.REVOKED, concluded_on=d(2027, 2, 1), acting_user=officer
        )
    cells_2027 = t4_cells(agency_a, 2027)
    assert cells_2027["t4.count.direct_corrected"] == cells_2027["t4.count.direct_total"] == 1
    cells = t4_cells(agency_a, 2026)
    assert cells["t4.count.review_upheld"] == cells["t4.count.review_total"] == 1
    assert cells["t4.count.after_review_pending"] == 1
    assert cells["t4.count.direct_pending"] == cells["t4.count.direct_total"] == 1
    assert cells["t4.count.direct_corrected"] == 0
    results = [r for r in load_format("gb2021").evaluate(cells) if r.rule.startswith("T4_")]
    assert results and all(r.status == "pass" for r in results)


def test_litigation_after_review_must_name_the_review(year_end_cases, users):
    from gongkai.applications.actions import ActionError

    with pytest.raises(ActionError):
        do_record_remedy(
            year_end_cases["carried"],
            kind=RemedyKind.AFTER_REVIEW,
            filed_on=d(2026, 2, 10),
            acting_user=users["officer_a"],
        )


@pytest.mark.parametrize(
    ("moment", "carried"),
    [
        # 23:30 in Shanghai on 31 December is 15:30 UTC: concluded in 2026, not carried.
        (datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI), False),
        # 00:30 in Shanghai on 1 January is still 31 December in UTC: concluded in 2027.
        (datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI), True),
    ],
)
def test_withdrawal_around_midnight_of_the_year_end(register, users, agency_a, moment, carried):
    app = register(arrived=at(2026, 12, 21)).application
    with time_machine.travel(moment, tick=False):
        do_withdraw(app, acting_user=users["officer_a"])
    assert (app in year_cases(agency_a, 2026).carried_out) is carried
    assert (app in year_cases(agency_a, 2027).carried_in) is carried
    cells = t3_cells(agency_a, 2027 if carried else 2026, "gb2021")
    assert cells["t3.other_other.natural_person"] == 1
