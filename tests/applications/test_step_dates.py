"""Dates entered for a case step are checked, and fees follow the fee measures' own dates.

Each date is hand-chosen around the case's receipt on Mon 2026-09-21 and "today", which the
tests fix with ``on_day``.
"""

import pytest

from gongkai.applications.actions import (
    ActionError,
    do_end_consultation,
    do_extend,
    do_receive_correction,
    do_record_payment,
    do_reply,
    do_request_correction,
    do_send_fee_notice,
    do_start_consultation,
    do_withdraw,
)
from gongkai.applications.models import FeeMethod, Outcome, State
from gongkai.rules.statute import fees_for
from tests.applications.conftest import at, d, on_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register):
    return register(arrived=at(2026, 9, 21)).application


def refused(call, message):
    with pytest.raises(ActionError) as error:
        call()
    assert str(error.value) == message


def test_a_step_dated_after_today_is_refused(case, officer):
    with on_day(2026, 9, 25):
        refused(
            lambda: do_reply(
                case,
                outcome=Outcome.DISCLOSED,
                text="公开",
                replied_on=d(2026, 9, 26),
                acting_user=officer,
                obtain_how="随本告知书提供",
            ),
            "答复日期不能晚于今天（2026-09-25）",
        )
        refused(
            lambda: do_start_consultation(
                case,
                on=d(2031, 1, 2),
                acting_user=officer,
                party_name="某公司",
                matter="是否同意公开",
            ),
            "征求意见日期不能晚于今天（2026-09-25）",
        )
        # Today itself is allowed.
        do_reply(
            case,
            outcome=Outcome.DISCLOSED,
            text="公开",
            replied_on=d(2026, 9, 25),
            acting_user=officer,
            obtain_how="随本告知书提供",
        )
    case.refresh_from_db()
    assert case.state == State.REPLIED


def test_a_step_dated_before_receipt_is_refused(case, officer):
    with on_day(2026, 10, 9):
        refused(
            lambda: do_request_correction(
                case,
                on=d(2026, 9, 18),
                correct_by=d(2026, 10, 9),
                acting_user=officer,
                note="请写明所需信息的具体名称和年份",
            ),
            "补正告知日期不能早于收到申请之日（2026-09-21）",
        )
        refused(
            lambda: do_withdraw(case, on=d(2026, 9, 20), acting_user=officer),
            "撤回日期不能早于收到申请之日（2026-09-21）",
        )


def test_a_reply_to_a_correction_cannot_precede_the_correction_notice(case, officer):
    with on_day(2026, 10, 9):
        do_request_correction(
            case,
            on=d(2026, 9, 24),
            correct_by=d(2026, 10, 9),
            acting_user=officer,
            note="请写明所需信息的具体名称和年份",
        )
        refused(
            lambda: do_receive_correction(case, on=d(2026, 9, 23), acting_user=officer),
            "收到补正日期不能早于补正告知日期（2026-09-24）",
        )
        do_receive_correction(case, on=d(2026, 9, 24), acting_user=officer)
    case.refresh_from_db()
    assert case.state == State.PROCESSING


def test_an_answer_cannot_precede_the_consultation(case, officer):
    with on_day(2026, 10, 9):
        do_start_consultation(
            case, on=d(2026, 9, 28), acting_user=officer, party_name="某公司", matter="是否同意公开"
        )
        refused(
            lambda: do_end_consultation(
                case, on=d(2026, 9, 25), acting_user=officer, result="agrees"
            ),
            "收到意见日期不能早于征求意见日期（2026-09-28）",
        )


def test_an_extension_notice_cannot_be_dated_in_the_future(case, officer, users):
    with on_day(2026, 10, 9):
        refused(
            lambda: do_extend(
                case,
                working_days=5,
                reason="复杂",
                approved_by=users["head_a"],
                notice_sent_on=d(2026, 10, 12),
                acting_user=officer,
            ),
            "延期告知日期不能晚于今天（2026-10-09）",
        )
    assert not case.extensions.exists()


def test_the_fee_measures_take_effect_on_1_january_2021():
    assert fees_for(d(2020, 12, 31)) is None
    measures = fees_for(d(2021, 1, 1))
    assert "国办函〔2020〕109号" in measures.citation
    assert measures.per_volume_forms == {"paper", "electronic"}


def test_no_fee_notice_before_the_fee_measures(register, officer):
    old = register(arrived=at(2020, 12, 1)).application
    with on_day(2020, 12, 10):
        refused(
            lambda: do_send_fee_notice(
                old,
                method=FeeMethod.PER_VOLUME,
                pages=150,
                sent_on=d(2020, 12, 10),
                acting_user=officer,
                how_to_pay="缴入本机关指定的非税收入账户",
            ),
            "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号，2020年11月17日印发）"
            "自2021-01-01起施行，此前不能收取信息处理费",
        )
    assert not hasattr(old, "fee_notice") or old.fee_notice is None


def test_no_volume_fee_for_reading_on_site(register, officer):
    reading = register(arrived=at(2026, 9, 21), provision_form="inspection").application
    with on_day(2026, 9, 22):
        refused(
            lambda: do_send_fee_notice(
                reading,
                method=FeeMethod.PER_VOLUME,
                pages=150,
                sent_on=d(2026, 9, 22),
                acting_user=officer,
                how_to_pay="缴入本机关指定的非税收入账户",
            ),
            "申请人要求的提供形式为“当场阅览、抄录”，不适用按量计收"
            "（《政府信息公开信息处理费管理办法》第五条）",
        )


def test_a_fee_notice_cannot_be_received_before_it_was_sent(case, officer):
    with on_day(2026, 9, 30):
        refused(
            lambda: do_send_fee_notice(
                case,
                method=FeeMethod.PER_VOLUME,
                pages=150,
                sent_on=d(2026, 9, 22),
                received_on=d(2026, 9, 21),
                acting_user=officer,
                how_to_pay="缴入本机关指定的非税收入账户",
            ),
            "收到收费通知的日期应在发出日期与今天之间",
        )
        notice = do_send_fee_notice(
            case,
            method=FeeMethod.PER_VOLUME,
            pages=150,
            sent_on=d(2026, 9, 22),
            received_on=d(2026, 9, 24),
            acting_user=officer,
            how_to_pay="缴入本机关指定的非税收入账户",
        )
        assert notice.amount == 1700  # 70 × 10 + 50 × 20
        refused(
            lambda: do_record_payment(case, paid_on=d(2026, 10, 8), acting_user=officer),
            "缴费日期不能晚于今天（2026-09-30）",
        )


def test_unclear_after_correction_needs_a_correction_asked_for_and_received(case, officer):
    def reply():
        return do_reply(
            case,
            outcome=Outcome.UNABLE_UNCLEAR,
            text="补正后仍不明确",
            replied_on=d(2026, 10, 9),
            acting_user=officer,
        )

    message = "“补正后申请内容仍不明确”须先告知补正并收到补正材料（第三十条）"
    with on_day(2026, 10, 9):
        refused(reply, message)
        do_request_correction(
            case,
            on=d(2026, 9, 22),
            correct_by=d(2026, 9, 30),
            acting_user=officer,
            note="请写明所需信息的具体名称和年份",
        )
        do_receive_correction(case, on=d(2026, 9, 28), acting_user=officer)
        assert reply().outcome == Outcome.UNABLE_UNCLEAR


def test_a_third_party_refusal_needs_a_consultation(case, officer):
    def reply():
        return do_reply(
            case,
            outcome=Outcome.DENIED_THIRD_PARTY,
            text="涉及商业秘密",
            replied_on=d(2026, 10, 9),
            acting_user=officer,
            refusal_reason="经审查，属于该项情形",
        )

    with on_day(2026, 10, 9):
        refused(reply, "以保护第三方合法权益为由不予公开，须先征求第三方意见（第三十二条）")
        do_start_consultation(
            case, on=d(2026, 9, 22), acting_user=officer, party_name="某公司", matter="是否同意公开"
        )
        do_end_consultation(case, on=d(2026, 9, 30), acting_user=officer, result="agrees")
        assert reply().outcome == Outcome.DENIED_THIRD_PARTY
