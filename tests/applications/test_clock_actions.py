"""The clock of stored cases through every stop kind (dates counted by hand, 2026 calendar)."""

import pytest

from gongkai.applications.actions import (
    ActionError,
    TransitionError,
    do_end_consultation,
    do_extend,
    do_receive_correction,
    do_record_payment,
    do_reply,
    do_request_correction,
    do_send_fee_notice,
    do_start_consultation,
)
from gongkai.applications.clock import compute
from gongkai.applications.models import FeeMethod, Outcome, State
from tests.applications.conftest import at, d

pytestmark = pytest.mark.django_db


def test_correction_restarts_the_clock_after_spring_festival(register, officer):
    # Received Tue 2026-02-10: correction notice due Thu 02-26 (Sat 02-14 counts, 02-15…02-23
    # Spring Festival skipped); reply due Mon 03-16 without correction.
    app = register(arrived=at(2026, 2, 10)).application
    assert app.reply_due == d(2026, 3, 16)
    assert compute(app).correction_due == d(2026, 2, 26)
    app = do_request_correction(
        app,
        on=d(2026, 2, 12),
        correct_by=d(2026, 3, 5),
        acting_user=officer,
        note="请写明所需信息的具体名称和年份",
    )
    assert app.state == State.AWAITING_CORRECTION
    assert app.reply_due is None  # waiting: no deadline runs
    # Corrected application arrives Mon 03-02: 20 working days later is Mon 03-30.
    app = do_receive_correction(app, on=d(2026, 3, 2), acting_user=officer)
    assert app.state == State.PROCESSING
    assert app.reply_due == d(2026, 3, 30)


def test_only_one_correction_notice(register, officer):
    app = register(arrived=at(2026, 2, 10)).application
    do_request_correction(
        app,
        on=d(2026, 2, 12),
        correct_by=d(2026, 3, 5),
        acting_user=officer,
        note="请写明所需信息的具体名称和年份",
    )
    do_receive_correction(app, on=d(2026, 3, 2), acting_user=officer)
    with pytest.raises(ActionError, match="一次性"):
        do_request_correction(
            app,
            on=d(2026, 3, 3),
            correct_by=d(2026, 3, 20),
            acting_user=officer,
            note="请写明所需信息的具体名称和年份",
        )


def test_receiving_a_correction_that_was_not_requested_is_refused(register, officer):
    app = register().application
    with pytest.raises(TransitionError):
        do_receive_correction(app, on=d(2026, 9, 25), acting_user=officer)


def test_consultation_stops_the_clock_across_mid_autumn(register, officer):
    # Received Mon 09-21, due 10-26. Consultation Tue 09-22 … Tue 09-29 takes out the
    # working days 09-22, 23, 24, 28, 29 (09-25…27 is 中秋): due moves 5 working days to 11-02.
    app = register(arrived=at(2026, 9, 21)).application
    app = do_start_consultation(
        app, on=d(2026, 9, 22), acting_user=officer, party_name="某公司", matter="是否同意公开"
    )
    assert app.state == State.CONSULTING
    # While no answer is in, the due date assumes the whole 15-working-day window.
    assert app.reply_due == d(2026, 11, 17)
    with pytest.raises(TransitionError):
        do_reply(
            app,
            outcome=Outcome.DISCLOSED,
            text="公开",
            replied_on=d(2026, 9, 30),
            acting_user=officer,
            obtain_how="随本告知书提供",
        )
    app = do_end_consultation(app, on=d(2026, 9, 29), acting_user=officer, result="agrees")
    assert app.state == State.PROCESSING
    assert app.reply_due == d(2026, 11, 2)


def test_ending_a_consultation_that_was_not_started_is_refused(register, officer):
    app = register().application
    with pytest.raises(TransitionError):
        do_end_consultation(app, on=d(2026, 9, 25), acting_user=officer, result="agrees")


def test_full_extension_after_spring_festival(register, officer, users):
    app = register(arrived=at(2026, 2, 10)).application
    app = do_extend(
        app,
        working_days=20,
        reason="需调取档案",
        approved_by=users["head_a"],
        notice_sent_on=d(2026, 3, 10),
        acting_user=officer,
    )
    assert app.reply_due == d(2026, 4, 14)  # spec §5 example
    assert app.extensions.get().approved_by == users["head_a"]


def test_extension_needs_an_approver_of_the_disclosure_office(register, officer, users):
    app = register().application
    for approver in (users["clerk_a"], users["reviewer_b"], users["group_supervisor"]):
        with pytest.raises(ActionError, match="负责人"):
            do_extend(
                app,
                working_days=5,
                reason="复杂",
                approved_by=approver,
                notice_sent_on=d(2026, 10, 9),
                acting_user=officer,
            )


def test_extensions_total_at_most_20_working_days(register, officer, head):
    app = register().application
    kwargs = dict(
        reason="复杂", approved_by=head, notice_sent_on=d(2026, 10, 9), acting_user=officer
    )
    do_extend(app, working_days=15, **kwargs)
    with pytest.raises(ActionError, match="20"):
        do_extend(app, working_days=6, **kwargs)
    app = do_extend(app, working_days=5, **kwargs)
    assert app.reply_due == d(2026, 11, 23)  # 10-26 + 20: 10-27…11-23
    with pytest.raises(ActionError):
        do_extend(app, working_days=0, **kwargs)


def _fee_case(register, officer):
    # The applicant's 11th application this month: the first that costs 100 元 (按件).
    for day in range(1, 11):
        register(arrived=at(2026, 9, day if day < 6 else day + 2))
    return register(arrived=at(2026, 9, 21)).application


def test_fee_notice_stops_the_clock_until_payment(register, officer):
    app = _fee_case(register, officer)
    notice = do_send_fee_notice(
        app,
        method=FeeMethod.PER_PIECE,
        sent_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    assert (notice.basis, notice.amount) == (11, 100)
    app.refresh_from_db()
    assert app.state == State.AWAITING_FEE
    assert app.reply_due is None
    assert compute(app).fee_payment_due == d(2026, 10, 27)
    # Paid Mon 10-12: the stop 09-22…10-12 holds 10 working days (incl. Sat 10-10 调休).
    app = do_record_payment(app, paid_on=d(2026, 10, 12), acting_user=officer)
    assert app.state == State.PROCESSING
    assert app.reply_due == d(2026, 11, 9)
    assert app.fee_notice.paid_on == d(2026, 10, 12)


def test_fee_notice_does_not_stop_the_clock_when_so_configured(register, officer, settings):
    settings.GONGKAI_FEE_NOTICE_STOPS_CLOCK = False
    app = _fee_case(register, officer)
    do_send_fee_notice(
        app,
        method=FeeMethod.PER_PIECE,
        sent_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    app.refresh_from_db()
    assert app.reply_due == d(2026, 10, 26)
    app = do_record_payment(app, paid_on=d(2026, 10, 12), acting_user=officer)
    assert app.reply_due == d(2026, 10, 26)


def test_free_applications_get_no_fee_notice(register, officer):
    app = register().application
    with pytest.raises(ActionError, match="不收费"):
        do_send_fee_notice(
            app,
            method=FeeMethod.PER_PIECE,
            sent_on=d(2026, 9, 22),
            acting_user=officer,
            how_to_pay="缴入本机关指定的非税收入账户",
        )
    with pytest.raises(ActionError, match="不收费"):
        do_send_fee_notice(
            app,
            method=FeeMethod.PER_VOLUME,
            pages=30,
            sent_on=d(2026, 9, 22),
            acting_user=officer,
            how_to_pay="缴入本机关指定的非税收入账户",
        )
    notice = do_send_fee_notice(
        app,
        method=FeeMethod.PER_VOLUME,
        pages=150,
        sent_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    assert notice.amount == 1700


def test_unpaid_fee_closes_after_the_payment_period(register, officer):
    from gongkai.applications.actions import do_close_unanswered

    app = _fee_case(register, officer)
    do_send_fee_notice(
        app,
        method=FeeMethod.PER_PIECE,
        sent_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    with pytest.raises(ActionError):
        do_close_unanswered(app, on=d(2026, 10, 27), acting_user=officer)
    app = do_close_unanswered(app, on=d(2026, 10, 28), acting_user=officer)
    assert app.outcome == Outcome.OTHER_FEE_UNPAID
    assert app.state == State.CLOSED


def test_impossible_dates_are_refused_and_nothing_is_stored(register, officer):
    app = register(arrived=at(2026, 9, 21)).application
    with pytest.raises(ActionError):
        do_start_consultation(
            app, on=d(2026, 9, 1), acting_user=officer, party_name="某公司", matter="是否同意公开"
        )
    app.refresh_from_db()
    assert app.state == State.PROCESSING
    assert not app.clock_events.exists()


def test_explanation_names_the_skipped_national_day(register):
    app = register(arrived=at(2026, 9, 21)).application
    texts = [step.text for step in compute(app).steps]
    assert any("2026-10-01" in t and "国庆节放假" in t for t in texts)
    assert any("2026-10-10" in t and "调休上班日" in t for t in texts)


def test_no_extension_while_waiting_for_a_correction(register, officer, head):
    app = register().application
    do_request_correction(
        app,
        on=d(2026, 9, 22),
        correct_by=d(2026, 10, 15),
        acting_user=officer,
        note="请写明所需信息的具体名称和年份",
    )
    with pytest.raises(TransitionError, match="不能延期"):
        do_extend(
            app,
            working_days=5,
            reason="复杂",
            approved_by=head,
            notice_sent_on=d(2026, 9, 23),
            acting_user=officer,
        )
