"""Edge cases and error paths of every action: wrong state, wrong agency, inactive accounts,
the exact audit payload each case-changing action writes, and what the applicant is told.

Dates are counted by hand on the 2026 calendar: received in person Mon 2026-09-21, the reply
is due Mon 2026-10-26 (中秋 09-25…27 and 国庆 10-01…07 skipped, Sat 10-10 worked).
"""

import contextlib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from wagtail.models import ModelLogEntry

from gongkai.applications import sms
from gongkai.applications.actions import (
    ACTION_PREFIX,
    ActionError,
    TransitionError,
    do_close_unanswered,
    do_confirm_receipt,
    do_end_consultation,
    do_extend,
    do_receive_correction,
    do_record_payment,
    do_reply,
    do_request_correction,
    do_send_fee_notice,
    do_start_consultation,
    do_transfer,
    do_withdraw,
    fee_for,
)
from gongkai.applications.models import Application, FeeMethod, Outcome, State
from gongkai.applications.staff_forms import ExtendForm
from gongkai.disputes.actions import do_conclude_remedy, do_record_remedy
from gongkai.disputes.audit import AUDIT as DISPUTES_AUDIT
from gongkai.disputes.audit import LABELS as DISPUTES_LABELS
from gongkai.disputes.models import RemedyKind, RemedyResult
from tests.applications.conftest import ID_NUMBER, PHONE, at, d

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register):
    return register(arrived=at(2026, 9, 21)).application


def entries(app, action=None):
    """The case's audit entries, or those of ``action`` (an application's action, or one of
    the register of remedies, which writes on the case's history under its own app)."""
    found = ModelLogEntry.objects.for_instance(app).order_by("timestamp", "pk")
    if action:
        name = DISPUTES_AUDIT[action] if action in DISPUTES_LABELS else ACTION_PREFIX + action
        found = found.filter(action=name)
    return list(found)


def last_entry(app, action):
    (entry,) = entries(app, action)
    return entry


# --- who may act ------------------------------------------------------------------------------

ACTIONS_ON_AN_OPEN_CASE = {
    "confirm_receipt": lambda app, u: do_confirm_receipt(
        app, confirmed_on=d(2026, 9, 21), acting_user=u
    ),
    "request_correction": lambda app, u: do_request_correction(
        app,
        on=d(2026, 9, 22),
        correct_by=d(2026, 10, 9),
        acting_user=u,
        note="请写明所需信息的具体名称和年份",
    ),
    "receive_correction": lambda app, u: do_receive_correction(
        app, on=d(2026, 9, 22), acting_user=u
    ),
    "start_consultation": lambda app, u: do_start_consultation(
        app, on=d(2026, 9, 22), acting_user=u, party_name="某公司", matter="是否同意公开"
    ),
    "end_consultation": lambda app, u: do_end_consultation(
        app, on=d(2026, 9, 22), acting_user=u, result="agrees"
    ),
    "extend": lambda app, u: do_extend(
        app,
        working_days=5,
        reason="复杂",
        approved_by=get_user_model().objects.get(username="head_a"),
        notice_sent_on=d(2026, 10, 9),
        acting_user=u,
    ),
    "send_fee_notice": lambda app, u: do_send_fee_notice(
        app,
        method=FeeMethod.PER_VOLUME,
        pages=150,
        sent_on=d(2026, 9, 22),
        acting_user=u,
        how_to_pay="缴入本机关指定的非税收入账户",
    ),
    "record_payment": lambda app, u: do_record_payment(app, paid_on=d(2026, 9, 22), acting_user=u),
    "reply": lambda app, u: do_reply(
        app,
        outcome=Outcome.DISCLOSED,
        text="公开",
        replied_on=d(2026, 9, 30),
        acting_user=u,
        obtain_how="随本告知书提供",
    ),
    "withdraw": lambda app, u: do_withdraw(app, on=d(2026, 9, 25), acting_user=u),
    "close_unanswered": lambda app, u: do_close_unanswered(app, on=d(2026, 12, 1), acting_user=u),
    "record_remedy": lambda app, u: do_record_remedy(
        app, kind=RemedyKind.REVIEW, filed_on=d(2026, 10, 1), acting_user=u
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS_ON_AN_OPEN_CASE))
@pytest.mark.parametrize("who", ["clerk_b", "reviewer_b", "group_supervisor", "inactive_officer"])
def test_no_one_outside_the_agency_and_no_inactive_account_may_act(case, users, action, who):
    user = users["officer_a"] if who == "inactive_officer" else users[who]
    if who == "inactive_officer":
        user.is_active = False
        user.save()
    before = len(entries(case))
    with pytest.raises(PermissionDenied):
        ACTIONS_ON_AN_OPEN_CASE[action](case, user)
    stored = Application.objects.get(pk=case.pk)
    assert (stored.state, stored.reply_due) == (State.PROCESSING, d(2026, 10, 26))
    assert len(entries(case)) == before
    assert not stored.clock_events.exists() and not stored.remedies.exists()


def test_anonymous_may_only_withdraw_not_act_as_staff(case):
    with pytest.raises(PermissionDenied):
        do_reply(
            case,
            outcome=Outcome.DISCLOSED,
            text="公开",
            replied_on=d(2026, 9, 30),
            acting_user=None,
            obtain_how="随本告知书提供",
        )
    app = do_withdraw(case, on=d(2026, 9, 25), acting_user=None)
    assert app.state == State.WITHDRAWN
    assert last_entry(app, "withdraw").user is None


def test_concluding_a_remedy_needs_staff_of_the_agency(case, officer, users):
    do_reply(
        case,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2026, 9, 30),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    review = do_record_remedy(case, kind="review", filed_on=d(2026, 10, 9), acting_user=officer)
    for outsider in (users["clerk_b"], users["group_supervisor"]):
        with pytest.raises(PermissionDenied):
            do_conclude_remedy(
                review, decision="upheld", concluded_on=d(2026, 11, 2), acting_user=outsider
            )
    review.refresh_from_db()
    assert review.result == RemedyResult.PENDING and review.concluded_on is None


def test_inactive_head_cannot_approve_an_extension(case, officer, users):
    head = users["head_a"]
    head.is_active = False
    head.save()
    with pytest.raises(ActionError, match="负责人"):
        do_extend(
            case,
            working_days=5,
            reason="复杂",
            approved_by=head,
            notice_sent_on=d(2026, 10, 9),
            acting_user=officer,
        )
    assert not case.extensions.exists()
    # The form offers only the active heads of the case's agency: none is left.
    approvers = ExtendForm(application=case).fields["approved_by"].queryset
    assert list(approvers) == []
    form = ExtendForm(
        {
            "working_days": "5",
            "reason": "复杂",
            "approved_by": head.pk,
            "notice_sent_on": "2026-10-09",
        },
        application=case,
    )
    assert not form.is_valid()
    assert "延期须经本机关政府信息公开工作机构负责人同意" in str(form.errors["approved_by"])


# --- wrong state -------------------------------------------------------------------------------


def test_confirming_twice_is_refused_in_chinese(register, officer):
    app = register(channel="fax", arrived=at(2026, 9, 18)).application
    do_confirm_receipt(app, confirmed_on=d(2026, 9, 21), acting_user=officer)
    with pytest.raises(TransitionError, match="该申请不需要确认收到"):
        do_confirm_receipt(app, confirmed_on=d(2026, 9, 22), acting_user=officer)
    app.refresh_from_db()
    assert app.received_on == d(2026, 9, 21)
    assert len(entries(app, "confirm_receipt")) == 1


def test_an_unconfirmed_application_cannot_be_answered_or_consulted_on(register, officer, head):
    app = register(acting_user=None, channel="online", arrived_at=at(2026, 9, 18)).application
    with pytest.raises(TransitionError, match="待确认收到"):
        do_reply(
            app,
            outcome=Outcome.DISCLOSED,
            text="公开",
            replied_on=d(2026, 9, 30),
            acting_user=officer,
            obtain_how="随本告知书提供",
        )
    with pytest.raises(TransitionError, match="不能征求意见"):
        do_start_consultation(
            app, on=d(2026, 9, 22), acting_user=officer, party_name="某公司", matter="是否同意公开"
        )
    with pytest.raises(TransitionError, match="不能延期"):
        do_extend(
            app,
            working_days=5,
            reason="复杂",
            approved_by=head,
            notice_sent_on=d(2026, 9, 22),
            acting_user=officer,
        )
    assert Application.objects.get(pk=app.pk).state == State.AWAITING_CONFIRMATION


def test_consultations_may_run_in_parallel(case, officer):
    do_start_consultation(
        case, on=d(2026, 9, 22), acting_user=officer, party_name="某公司", matter="是否同意公开"
    )
    do_start_consultation(
        case, on=d(2026, 9, 23), acting_user=officer, party_name="某局", matter="是否同意公开",
        party_kind="agency",
    )  # fmt: skip
    assert case.clock_events.count() == 2 and case.consultations.count() == 2


def test_extension_while_consulting_adds_to_the_assumed_window(case, officer, head):
    # Consulting since 09-22 with no answer: the due date assumes the whole window, 11-17.
    # Five more working days: 11-18, 19, 20, 23, 24.
    app = do_start_consultation(
        case, on=d(2026, 9, 22), acting_user=officer, party_name="某公司", matter="是否同意公开"
    )
    assert app.reply_due == d(2026, 11, 17)
    app = do_extend(
        app,
        working_days=5,
        reason="第三方意见复杂",
        approved_by=head,
        notice_sent_on=d(2026, 9, 23),
        acting_user=officer,
    )
    assert (app.state, app.reply_due) == (State.CONSULTING, d(2026, 11, 24))


def test_blank_reason_or_reply_text_is_refused(case, officer, head):
    with pytest.raises(ActionError, match="请填写延期理由"):
        do_extend(
            case,
            working_days=5,
            reason="  \n ",
            approved_by=head,
            notice_sent_on=d(2026, 10, 9),
            acting_user=officer,
        )
    with pytest.raises(ActionError, match="请填写答复内容"):
        do_reply(
            case,
            outcome=Outcome.DISCLOSED,
            text=" \n",
            replied_on=d(2026, 9, 30),
            acting_user=officer,
            obtain_how="随本告知书提供",
        )
    assert Application.objects.get(pk=case.pk).state == State.PROCESSING


def test_payment_without_a_fee_notice_is_refused(case, officer):
    with pytest.raises(TransitionError, match="该申请未在等待缴费"):
        do_record_payment(case, paid_on=d(2026, 9, 30), acting_user=officer)
    assert not case.clock_events.exists()


def test_a_second_fee_notice_is_refused_even_after_payment(case, officer):
    do_send_fee_notice(
        case,
        method=FeeMethod.PER_VOLUME,
        pages=150,
        sent_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    do_record_payment(case, paid_on=d(2026, 9, 24), acting_user=officer)
    with pytest.raises(ActionError, match="每件申请只能发出一次收费通知"):
        do_send_fee_notice(
            case,
            method=FeeMethod.PER_VOLUME,
            pages=300,
            sent_on=d(2026, 9, 28),
            acting_user=officer,
            how_to_pay="缴入本机关指定的非税收入账户",
        )
    case.refresh_from_db()
    assert case.state == State.PROCESSING and case.fee_notice.amount == 1700


def test_per_piece_count_is_per_agency(register, users, agency_b):
    # Ten requests of the month to agency B do not make the first one to agency A chargeable.
    for day in (1, 2, 3, 4, 7, 8, 9, 10, 11, 14):
        register(agency=agency_b, acting_user=users["officer_b"], arrived=at(2026, 9, day))
    first_at_a = register(arrived=at(2026, 9, 21)).application
    assert fee_for(first_at_a, FeeMethod.PER_PIECE) == (1, 0)
    eleventh_at_b = register(
        agency=agency_b, acting_user=users["officer_b"], arrived=at(2026, 9, 22)
    ).application
    assert fee_for(eleventh_at_b, FeeMethod.PER_PIECE) == (11, 100)


def test_transfer_rules(register, case, officer, users, agency_a, agency_b):
    with pytest.raises(ActionError, match="不能转办给本机关"):
        do_transfer(case, to_agency=agency_a, reason="职责", acting_user=officer)
    do_request_correction(
        case,
        on=d(2026, 9, 22),
        correct_by=d(2026, 10, 9),
        acting_user=officer,
        note="请写明所需信息的具体名称和年份",
    )
    with pytest.raises(TransitionError, match="“待补正”，不能转办"):
        do_transfer(case, to_agency=agency_b, reason="职责", acting_user=officer)
    assert Application.objects.get(pk=case.pk).agency == agency_a
    # An online application not yet confirmed may be handed on; it still waits.
    online = register(acting_user=None, channel="online", arrived_at=at(2026, 9, 18)).application
    moved = do_transfer(online, to_agency=agency_b, reason="属乙局职责", acting_user=officer)
    assert (moved.agency, moved.state, moved.reply_due) == (
        agency_b,
        State.AWAITING_CONFIRMATION,
        None,
    )
    # Agency B confirms it; the clock runs from B's confirmation.
    moved = do_confirm_receipt(moved, confirmed_on=d(2026, 9, 21), acting_user=users["officer_b"])
    assert moved.reply_due == d(2026, 10, 26)


def test_remedy_links_are_checked(register, case, officer):
    other = register(arrived=at(2026, 9, 21)).application
    for app in (case, other):
        do_reply(
            app,
            outcome="art36_2_disclose",
            text="公开",
            replied_on=d(2026, 9, 30),
            acting_user=officer,
            obtain_how="随本告知书提供",
        )
    their_review = do_record_remedy(
        other, kind="review", filed_on=d(2026, 10, 9), acting_user=officer
    )
    with pytest.raises(ActionError, match="所关联的不是本申请的行政复议"):
        do_record_remedy(
            case,
            kind="after_review",
            review=their_review,
            filed_on=d(2026, 11, 2),
            acting_user=officer,
        )
    with pytest.raises(ActionError, match="其他类型不能关联"):
        do_record_remedy(
            other, kind="direct", review=their_review, filed_on=d(2026, 11, 2), acting_user=officer
        )
    assert not case.remedies.exists() and other.remedies.count() == 1


def test_a_remedy_is_concluded_once(case, officer):
    do_reply(
        case,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2026, 9, 30),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    review = do_record_remedy(case, kind="review", filed_on=d(2026, 10, 9), acting_user=officer)
    with pytest.raises(ActionError, match="审结结果的取值“pending”不在可选范围内"):
        do_conclude_remedy(
            review, decision="pending", concluded_on=d(2026, 11, 2), acting_user=officer
        )
    do_conclude_remedy(review, decision="revoked", concluded_on=d(2026, 11, 2), acting_user=officer)
    with pytest.raises(ActionError, match="该案件已登记审结结果"):
        do_conclude_remedy(
            review, decision="upheld", concluded_on=d(2026, 11, 3), acting_user=officer
        )
    review.refresh_from_db()
    assert (review.result, review.concluded_on) == ("corrected", d(2026, 11, 2))
    assert len(entries(case, "conclude_remedy")) == 1


def test_unpaid_fee_period_runs_from_the_notice_received(case, officer):
    # Received by the applicant Thu 09-24: 20 working days are 09-28 … 10-29 (国庆 skipped,
    # Sat 10-10 worked); closing is allowed only from 10-30.
    do_send_fee_notice(
        case,
        method=FeeMethod.PER_VOLUME,
        pages=150,
        sent_on=d(2026, 9, 22),
        received_on=d(2026, 9, 24),
        acting_user=officer,
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    with pytest.raises(ActionError, match="期限至 2026-10-29 届满"):
        do_close_unanswered(case, on=d(2026, 10, 29), acting_user=officer)
    app = do_close_unanswered(case, on=d(2026, 10, 30), acting_user=officer)
    assert (app.state, app.outcome, app.concluded_on) == (
        State.CLOSED,
        Outcome.OTHER_FEE_UNPAID,
        d(2026, 10, 30),
    )


def test_withdrawal_before_receipt_is_refused(register, users, agency_a):
    from gongkai.applications.reporting import t3_cells
    from gongkai.rules.formats import load_format

    app = register(arrived=at(2026, 1, 5)).application
    with contextlib.suppress(ActionError):
        do_withdraw(app, on=d(2025, 12, 1), acting_user=users["officer_a"])
    # Stored as it is, the case is received in 2026 but concluded in neither year: the
    # 2026 table 三 no longer balances.
    results = load_format("gb2021").evaluate(t3_cells(agency_a, 2026, "gb2021"))
    assert all(r.status == "pass" for r in results if r.rule == "T3_BALANCE")


def test_extension_notified_after_the_deadline_is_refused(case, officer, head):
    with pytest.raises(ActionError):
        do_extend(
            case,
            working_days=10,
            reason="复杂",
            approved_by=head,
            notice_sent_on=d(2026, 10, 28),  # two days after the 10-26 deadline
            acting_user=officer,
        )


def test_a_refused_late_extension_leaves_no_trace(case, officer, head):
    with pytest.raises(ActionError) as refused:
        do_extend(case, working_days=10, reason="复杂", approved_by=head,
                  notice_sent_on=d(2026, 10, 28), acting_user=officer)  # fmt: skip
    assert "延期告知应在答复期限 2026-10-26 届满前发出" in str(refused.value)
    case.refresh_from_db()
    assert case.reply_due == d(2026, 10, 26) and not case.extensions.exists()
    assert not case.clock_events.exists() and not entries(case, "extend")


def test_an_extension_while_a_consultation_holds_the_clock_counts(case, officer, head):
    # Consultation from 10-20 (before the 10-26 deadline), not yet answered: the clock stands
    # still, so an extension notified on 10-28 is in time, as the clock itself decides.
    do_start_consultation(
        case, on=d(2026, 10, 20), acting_user=officer, party_name="某公司", matter="是否同意公开"
    )
    do_extend(case, working_days=5, reason="复杂", approved_by=head,
              notice_sent_on=d(2026, 10, 28), acting_user=officer)  # fmt: skip
    case.refresh_from_db()
    assert case.extensions.count() == 1
    assert entries(case, "extend")[0].data["data"]["days"] == 5


def test_impossible_date_is_refused_in_chinese(case, officer):
    do_send_fee_notice(
        case,
        method=FeeMethod.PER_VOLUME,
        pages=150,
        sent_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    with pytest.raises(ActionError) as refused:
        do_record_payment(case, paid_on=d(2026, 9, 21), acting_user=officer)
    # Chinese first; the English after the slash is for an English interface.
    assert str(refused.value) == "缴费日期不能早于收费通知发出日期（2026-09-22）"


def test_a_consultation_before_receipt_is_refused_in_chinese(case, officer):
    with pytest.raises(ActionError) as refused:
        do_start_consultation(
            case, on=d(2026, 9, 20), acting_user=officer, party_name="某公司", matter="是否同意公开"
        )
    assert str(refused.value) == "征求意见日期不能早于收到申请之日（2026-09-21）"
    case.refresh_from_db()
    assert case.state == "processing"


# --- the audit log ----------------------------------------------------------------------------


def test_registration_is_audited_with_its_receipt_and_deadline(case, officer):
    entry = last_entry(case, "register")
    assert entry.user == officer
    assert entry.data == {
        "old_state": "",
        "new_state": "processing",
        "data": {
            "channel": "in_person",
            "received_on": "2026-09-21",
            "reply_due": "2026-10-26",
            "provisional": False,
        },
    }


def test_every_state_change_is_audited_with_the_new_deadline(case, officer, users, agency_b):
    do_extend(
        case,
        working_days=5,
        reason="需调取档案",
        approved_by=users["head_a"],
        notice_sent_on=d(2026, 10, 9),
        acting_user=officer,
    )
    do_send_fee_notice(
        case,
        method=FeeMethod.PER_VOLUME,
        pages=150,
        sent_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    do_record_payment(case, paid_on=d(2026, 9, 24), acting_user=officer)
    do_start_consultation(
        case, on=d(2026, 9, 28), acting_user=officer, party_name="某公司", matter="是否同意公开"
    )
    do_end_consultation(case, on=d(2026, 9, 28), acting_user=officer, result="agrees")
    case = do_transfer(case, to_agency=agency_b, reason="属乙局职责", acting_user=officer)
    do_reply(
        case,
        outcome=Outcome.NP_REPEAT,
        text="重复申请",
        replied_on=d(2026, 10, 30),
        acting_user=users["officer_b"],
    )
    # By hand: 10-26 + 5 working days = 11-02; the fee stop 09-22…09-24 takes out three
    # working days (→ 11-05). While the consultation sent 09-28 awaits its answer, the whole
    # window 09-28…10-23 (16 working days) is assumed (→ 11-27); answered the same day, it
    # takes out one working day only (→ 11-06).
    rows = [
        (
            e.action.removeprefix(ACTION_PREFIX),
            e.data["old_state"],
            e.data["new_state"],
            e.data["data"]["reply_due"],
            e.user.username,
        )
        for e in entries(case)
        if e.action != ACTION_PREFIX + "issue_notice"
    ]
    assert rows == [
        ("register", "", "processing", "2026-10-26", "officer_a"),
        ("extend", "processing", "processing", "2026-11-02", "officer_a"),
        ("send_fee_notice", "processing", "awaiting_fee", None, "officer_a"),
        ("record_payment", "awaiting_fee", "processing", "2026-11-05", "officer_a"),
        ("start_consultation", "processing", "consulting", "2026-11-27", "officer_a"),
        ("end_consultation", "consulting", "processing", "2026-11-06", "officer_a"),
        ("transfer", "processing", "processing", "2026-11-06", "officer_a"),
        ("reply", "processing", "replied", "2026-11-06", "officer_b"),
    ]
    # Each step's notice in the sequence of the agency that sent it; the reply is agency B's.
    issued = [
        (e.data["data"]["kind"], e.data["data"]["number"]) for e in entries(case, "issue_notice")
    ]
    assert issued == [
        ("receipt", "甲交依申〔2026〕1号"),
        ("extension", "甲交依申〔2026〕2号"),
        ("fee", "甲交依申〔2026〕3号"),
        ("consultation", "甲交依申〔2026〕4号"),
        ("reply", "乙农依申〔2026〕1号"),
    ]


def test_remedies_are_audited_with_their_details(case, officer):
    do_request_correction(
        case,
        on=d(2026, 9, 22),
        correct_by=d(2026, 10, 15),
        acting_user=officer,
        note="请写明所需信息的具体名称和年份",
    )
    do_close_unanswered(case, on=d(2026, 10, 16), acting_user=officer)
    review = do_record_remedy(case, kind="review", filed_on=d(2026, 10, 20), acting_user=officer)
    assert last_entry(case, "record_remedy").data == {
        "old_state": "closed",
        "new_state": "closed",
        "data": {"kind": "review", "filed_on": "2026-10-20"},
    }
    assert review.reply is None  # a closed case has no reply
    do_conclude_remedy(review, decision="other", concluded_on=d(2026, 12, 1), acting_user=officer)
    assert last_entry(case, "conclude_remedy").data == {
        "old_state": "closed",
        "new_state": "closed",
        "data": {
            "result": "other",
            "decision": "other",
            "concluded_on": "2026-12-01",
            "document": False,
        },
    }


# What each action should add to its audit entry, for the calls of ACTIONS_ON_AN_OPEN_CASE.
DETAILS = {
    "confirm_receipt": {"received_on": "2026-09-21"},
    "request_correction": {"on": "2026-09-22"},
    "start_consultation": {"on": "2026-09-22"},
    "extend": {"days": 5, "old_due": "2026-10-26"},
    "send_fee_notice": {"amount": 1700},
    "reply": {"outcome": "art36_2_disclose", "late": False},
    "withdraw": {"on": "2026-09-25"},
}


@pytest.mark.parametrize("action", sorted(DETAILS))
def test_each_action_audits_its_details(register, officer, action):
    channel = "fax" if action == "confirm_receipt" else "in_person"
    app = register(channel=channel, arrived=at(2026, 9, 21)).application
    ACTIONS_ON_AN_OPEN_CASE[action](app, officer)
    data = last_entry(app, action).data["data"]
    assert {key: data.get(key) for key in DETAILS[action]} == DETAILS[action]


def test_transfer_audit_names_both_agencies(case, officer, agency_a, agency_b):
    do_transfer(case, to_agency=agency_b, reason="属乙局职责", acting_user=officer)
    data = last_entry(case, "transfer").data["data"]
    assert (data.get("from_agency"), data.get("to_agency")) == (agency_a.pk, agency_b.pk)


def test_refused_actions_write_no_audit_entry(case, officer):
    before = len(entries(case))
    with pytest.raises(ActionError):
        do_start_consultation(
            case, on=d(2026, 9, 1), acting_user=officer, party_name="某公司", matter="是否同意公开"
        )  # before receipt
    with pytest.raises(ActionError):
        do_close_unanswered(case, on=d(2026, 12, 1), acting_user=officer)
    assert len(entries(case)) == before


# --- what the applicant is told ---------------------------------------------------------------


def run(callbacks_fixture, action):
    with callbacks_fixture(execute=True):
        return action()


def sms_texts():
    return [m.text for m in sms.outbox]


def test_each_message_says_what_happened(
    case, officer, agency_b, django_capture_on_commit_callbacks, head
):
    cb = django_capture_on_commit_callbacks
    sms.outbox.clear()
    mail.outbox.clear()
    run(
        cb,
        lambda: do_extend(
            case,
            working_days=5,
            reason="需调取档案",
            approved_by=head,
            notice_sent_on=d(2026, 10, 9),
            acting_user=officer,
        ),
    )
    run(
        cb,
        lambda: do_send_fee_notice(
            case,
            method=FeeMethod.PER_VOLUME,
            pages=150,
            sent_on=d(2026, 9, 22),
            acting_user=officer,
            how_to_pay="缴入本机关指定的非税收入账户",
        ),
    )
    run(cb, lambda: do_record_payment(case, paid_on=d(2026, 9, 22), acting_user=officer))
    run(cb, lambda: do_transfer(case, to_agency=agency_b, reason="职责", acting_user=officer))
    code = case.tracking_code
    texts = sms_texts()
    assert texts[0] == (
        f"【甲市交通运输局】您的政府信息公开申请（查询码 {code}）："
        "答复期限延长至 2026-11-02。理由：需调取档案"
    )
    # Sent 09-22, not yet received: 20 working days from the sending day.
    assert texts[1].endswith("应缴信息处理费 1700 元，请于 2026-10-27 前缴纳。")
    # Paid the day it was sent: one working day stopped, the extended due moves to 11-03.
    assert texts[2].endswith("已收到信息处理费，答复期限为 2026-11-03。")
    assert texts[3].startswith("【乙市农业农村局】")
    assert texts[3].endswith("您的申请已由甲市交通运输局转乙市农业农村局办理。")
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        f"延期答复告知（查询码 {code}）",
        f"信息处理费收费通知（查询码 {code}）",
        f"已收到缴费（查询码 {code}）",
        f"申请已转办（查询码 {code}）",
    ]
    assert [m.body for m in mail.outbox] == texts
    for text in texts:
        assert ID_NUMBER not in text and "张三" not in text


def test_conclusion_messages(register, officer, django_capture_on_commit_callbacks):
    cb = django_capture_on_commit_callbacks
    replied = register(arrived=at(2026, 9, 21)).application
    withdrawn = register(arrived=at(2026, 9, 21)).application
    closed = register(arrived=at(2026, 9, 21)).application
    sms.outbox.clear()
    run(
        cb,
        lambda: do_reply(
            replied,
            outcome=Outcome.PARTIAL,
            text="部分公开",
            replied_on=d(2026, 10, 9),
            acting_user=officer,
            withheld_ground="art16_2_process_info",
            refusal_reason="该部分属于内部讨论记录",
            obtain_how="随本告知书提供其余部分",
        ),
    )
    run(cb, lambda: do_withdraw(withdrawn, on=d(2026, 9, 25), acting_user=officer))
    run(
        cb,
        lambda: do_request_correction(
            closed,
            on=d(2026, 9, 22),
            correct_by=d(2026, 10, 15),
            note="请写明年份",
            acting_user=officer,
        ),
    )
    run(cb, lambda: do_close_unanswered(closed, on=d(2026, 10, 16), acting_user=officer))
    texts = sms_texts()
    assert texts[0].endswith("本机关已于 2026-10-09 作出答复：部分公开（区分处理）。")
    assert texts[1].endswith("您的申请已于 2026-09-25 撤回。")
    assert texts[2].endswith("请于 2026-10-15 前补正申请内容。请写明年份")
    assert texts[3].endswith("其他处理：申请人无正当理由逾期不补正，本机关于 2026-10-16 终止办理。")


@pytest.mark.parametrize(
    ("contact", "emails", "texts"),
    [
        ({"email": ""}, 0, 1),
        ({"phone": ""}, 1, 0),
        ({"phone": "", "email": "", "postal_address": "甲市某路2号"}, 0, 0),
    ],
)
def test_messages_go_only_where_the_applicant_can_be_reached(
    register, officer, django_capture_on_commit_callbacks, contact, emails, texts
):
    app = register(**contact).application
    mail.outbox.clear()
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do_withdraw(app, on=d(2026, 9, 25), acting_user=officer)
    assert (len(mail.outbox), len(sms.outbox)) == (emails, texts)
    if texts:
        assert sms.outbox[0].phone == PHONE


def test_receipt_messages(register, officer, django_capture_on_commit_callbacks):
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        online = register(acting_user=None, channel="online", arrived_at=at(2026, 9, 18, 22))
    with django_capture_on_commit_callbacks(execute=True):
        do_confirm_receipt(online.application, confirmed_on=d(2026, 9, 21), acting_user=officer)
    with django_capture_on_commit_callbacks(execute=True):
        register(arrived=at(2026, 12, 10))  # due in 2027, whose schedule is not stored
    waiting, confirmed, provisional = sms_texts()
    assert waiting.endswith("已收到您的申请，待本机关与您确认后开始计算答复期限。")
    assert confirmed.endswith("本机关于 2026-09-21 收到您的申请，答复期限为 2026-10-26。")
    assert provisional.endswith(
        "本机关于 2026-12-10 收到您的申请，答复期限为 2027-01-08（暂定）。"
    )  # never on 元旦
    for text in (waiting, confirmed, provisional):
        assert online.secret not in text and ID_NUMBER not in text
