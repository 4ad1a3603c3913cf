"""The procedure through the actions: consultations in parallel and their results (Art. 32,
34), the Art. 35 date, 更正 of a step date, the late confirmation of an ordinary letter
(Art. 31(2)) and the approval of an extension (Art. 33 ¶2).

The case is received on Mon 2026-09-21 (in person); its plain due date is Mon 2026-10-26
(20 working days, counted in the first test).
2026: 中秋节 Fri 25 - Sun 27 Sept; 国庆节 Thu 1 - Wed 7 Oct; Sun 20 Sept and Sat 10 Oct are
调休上班 days.
"""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from gongkai.applications.actions import (
    ACTION_PREFIX,
    ActionError,
    TransitionError,
    do_confirm_receipt,
    do_correct_step_date,
    do_end_consultation,
    do_extend,
    do_record_consultation_result,
    do_request_correction,
    do_send_fee_notice,
    do_set_deadline,
    do_start_consultation,
)
from gongkai.applications.models import (
    Application,
    ConsultationResult,
    State,
    StepCorrection,
)
from gongkai.rules.clock import EventKind
from tests.applications.conftest import at, d, on_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register):
    return register(arrived=at(2026, 9, 21)).application


def entries(app, action):
    found = ModelLogEntry.objects.for_instance(app).filter(action=ACTION_PREFIX + action)
    return list(found.order_by("pk"))


def start(app, officer, on, name="某公司", kind="third_party"):
    do_start_consultation(
        app, on=on, acting_user=officer, party_name=name, party_kind=kind,
        party_contact="庐山市某路1号", matter="是否同意公开其报送的经营数据",
    )  # fmt: skip
    return app.consultations.order_by("-pk").first()


def fresh(app):
    return Application.objects.get(pk=app.pk)


# --- consultations ---------------------------------------------------------------------------


def test_the_plain_due_date_of_the_case(case):
    # Counted from Tue 22 Sept: 22, 23, 24 (3); 中秋节 25-27; 28, 29, 30 (6); 国庆节 1-7 Oct;
    # 8, 9 (8), Sat 10 调休 (9); 12-16 (14); 19-23 (19); Mon 26 Oct is the 20th.
    assert case.reply_due == d(2026, 10, 26)


def test_parallel_consultations_pause_the_clock_by_their_union(case, officer):
    with on_day(2026, 10, 14):
        third = start(case, officer, d(2026, 10, 8))
        agency = start(case, officer, d(2026, 10, 9), name="九江市交通运输局", kind="agency")
        assert fresh(case).state == State.CONSULTING
        # The third party answers on Mon 12 Oct; the agency's answer is still awaited.
        do_record_consultation_result(
            third, result="objects", on=d(2026, 10, 12), acting_user=officer, note="涉及商业秘密"
        )
    app = fresh(case)
    assert app.state == State.CONSULTING  # one consultation is still open
    third.refresh_from_db()
    agency.refresh_from_db()
    assert (third.result, third.result_on, third.result_note) == (
        "objects", d(2026, 10, 12), "涉及商业秘密",
    )  # fmt: skip
    # The agency's window: 15 working days from Fri 9 Oct: Sat 10 (1), 12-16 (6), 19-23
    # (11), 26-29 (15): Thu 29 Oct.
    assert agency.window_ends_on == d(2026, 10, 29)
    with on_day(2026, 10, 16):
        do_record_consultation_result(
            agency, result="agrees", on=d(2026, 10, 16), acting_user=officer
        )
    app = fresh(case)
    assert app.state == State.PROCESSING
    # Union: Thu 8 - Fri 16 Oct = 8, 9, Sat 10, 12, 13, 14, 15, 16 = 8 working days. Counted
    # before: 22 Sept - 30 Sept (6), nothing of 1-7 Oct: 14 left from Sat 17 Oct: 19-23 (5),
    # 26-30 (10), 2-5 Nov (14): Thu 5 Nov. (The sum, 2 + 8 = 10, would give Mon 9 Nov.)
    assert app.reply_due == d(2026, 11, 5)
    assert len(entries(app, "start_consultation")) == 2
    assert [e.data["data"]["result"] for e in entries(app, "end_consultation")] == [
        "objects",
        "agrees",
    ]


def test_a_third_partys_silence_is_not_consent(case, officer):
    with on_day(2026, 9, 22):
        third = start(case, officer, d(2026, 9, 22))
    # Window from Tue 22 Sept: 23, 24, 28, 29, 30 (5), 8, 9, 10 (8), 12-16 (13), 19, 20
    # (15): Tue 20 Oct.
    assert third.window_ends_on == d(2026, 10, 20)
    with on_day(2026, 10, 21):
        with pytest.raises(ActionError, match="不视为同意（第三十二条）"):
            do_record_consultation_result(third, result="deemed_consent", acting_user=officer)
        do_record_consultation_result(third, result="no_answer", acting_user=officer)
    third.refresh_from_db()
    assert (third.result, third.result_on) == (ConsultationResult.NO_ANSWER, d(2026, 10, 20))
    assert fresh(case).state == State.PROCESSING


def test_an_agencys_silence_is_deemed_consent_only_after_its_window(case, officer):
    with on_day(2026, 9, 22):
        agency = start(case, officer, d(2026, 9, 22), name="庐山市财政局", kind="agency")
    # The window's last day: an answer may still come.
    with on_day(2026, 10, 20), pytest.raises(ActionError, match="届满前不能记录逾期未提出意见"):
        do_record_consultation_result(agency, result="deemed_consent", acting_user=officer)
    with on_day(2026, 10, 21):
        with pytest.raises(ActionError, match="视为同意公开（第三十四条）"):
            do_record_consultation_result(agency, result="no_answer", acting_user=officer)
        do_record_consultation_result(agency, result="deemed_consent", acting_user=officer)
    agency.refresh_from_db()
    assert (agency.result, agency.result_on) == ("deemed_consent", d(2026, 10, 20))
    event = case.clock_events.get(kind=EventKind.CONSULTATION_ENDED)
    assert (event.on, event.consultation_id) == (d(2026, 10, 20), agency.pk)


def test_a_consultation_needs_a_party_and_a_matter_and_a_known_kind(case, officer):
    with on_day(2026, 9, 22):
        with pytest.raises(ActionError, match="请填写征求意见的对象"):
            do_start_consultation(
                case, on=d(2026, 9, 22), acting_user=officer, party_name=" ", matter="x"
            )
        with pytest.raises(ActionError, match="请填写征求意见的事项"):
            do_start_consultation(
                case, on=d(2026, 9, 22), acting_user=officer, party_name="某公司", matter=""
            )
        with pytest.raises(ActionError, match="对象类型不正确"):
            do_start_consultation(
                case, on=d(2026, 9, 22), acting_user=officer, party_name="某公司",
                matter="x", party_kind="court",
            )  # fmt: skip
        third = start(case, officer, d(2026, 9, 22))
        with pytest.raises(ActionError, match="结果不正确"):
            do_record_consultation_result(
                third, result="maybe", on=d(2026, 9, 22), acting_user=officer
            )
        with pytest.raises(ActionError, match="请填写收到意见的日期"):
            do_record_consultation_result(third, result="agrees", acting_user=officer)
        with pytest.raises(ActionError, match="不能早于征求意见日期"):
            do_record_consultation_result(
                third, result="agrees", on=d(2026, 9, 21), acting_user=officer
            )
        do_record_consultation_result(
            third, result="agrees", on=d(2026, 9, 22), acting_user=officer
        )
        with pytest.raises(TransitionError, match="已有结果"):
            do_record_consultation_result(
                third, result="objects", on=d(2026, 9, 22), acting_user=officer
            )
    assert case.consultations.count() == 1


def test_the_one_open_consultation_shortcut_refuses_when_several_are_open(case, officer):
    with on_day(2026, 9, 23):
        start(case, officer, d(2026, 9, 22))
        start(case, officer, d(2026, 9, 23), name="某局", kind="agency")
        with pytest.raises(TransitionError, match="有多项征求意见"):
            do_end_consultation(case, on=d(2026, 9, 23), result="agrees", acting_user=officer)


def test_another_agencys_officer_cannot_consult_or_record(case, officer, users):
    with on_day(2026, 9, 22):
        third = start(case, officer, d(2026, 9, 22))
        with pytest.raises(Exception) as error:
            start(case, users["officer_b"], d(2026, 9, 22))
        assert "PermissionDenied" in type(error.value).__name__
        with pytest.raises(Exception) as error:
            do_record_consultation_result(
                third, result="agrees", on=d(2026, 9, 22), acting_user=users["officer_b"]
            )
        assert "PermissionDenied" in type(error.value).__name__


# --- Art. 35 --------------------------------------------------------------------------------


def test_art35_date_needs_a_reason_and_must_be_later_than_the_due_date(case, officer):
    with on_day(2026, 10, 9):
        with pytest.raises(ActionError, match="须说明理由"):
            do_set_deadline(
                case, on=d(2026, 10, 9), until=d(2026, 12, 31), reason=" ", acting_user=officer
            )
        with pytest.raises(ActionError, match="应晚于依第三十三条计算的答复期限（2026-10-26）"):
            do_set_deadline(
                case, on=d(2026, 10, 9), until=d(2026, 10, 26), reason="数量大", acting_user=officer
            )
        do_set_deadline(
            case, on=d(2026, 10, 9), until=d(2026, 10, 27), reason="申请 300 份文件，理由合理",
            acting_user=officer,
        )  # fmt: skip
        with pytest.raises(ActionError, match="已另行确定过"):
            do_set_deadline(
                case, on=d(2026, 10, 9), until=d(2026, 12, 1), reason="再延", acting_user=officer
            )
    app = fresh(case)
    assert app.reply_due == d(2026, 10, 27)
    [entry] = entries(app, "set_deadline")
    assert (
        entry.data["data"]["old_due"] == "2026-10-26"
        and entry.data["data"]["until"] == "2026-10-27"
    )
    assert entry.data["data"]["reason"] == "申请 300 份文件，理由合理"


def test_art35_date_is_told_before_the_due_date_passes(case, officer):
    with on_day(2026, 10, 27), pytest.raises(ActionError, match="（2026-10-26）届满前告知"):
        do_set_deadline(
            case, on=d(2026, 10, 27), until=d(2026, 11, 30), reason="数量大", acting_user=officer
        )
    assert fresh(case).reply_due == d(2026, 10, 26)


# --- 更正 ----------------------------------------------------------------------------------


def test_a_wrong_step_date_is_corrected_and_the_clock_recomputed(case, officer):
    with on_day(2026, 10, 14):
        third = start(case, officer, d(2026, 10, 12))
        do_record_consultation_result(
            third, result="agrees", on=d(2026, 10, 14), acting_user=officer
        )
    # 12-14 Oct paused (3 working days): the 20th counted day moves from Mon 26 to Thu 29 Oct.
    assert fresh(case).reply_due == d(2026, 10, 29)
    event = case.clock_events.get(kind=EventKind.CONSULTATION_STARTED)
    with on_day(2026, 10, 15):
        with pytest.raises(ActionError, match="请填写更正理由"):
            do_correct_step_date(event, new_on=d(2026, 10, 13), reason="", acting_user=officer)
        with pytest.raises(ActionError, match="不能晚于今天"):
            do_correct_step_date(event, new_on=d(2026, 10, 16), reason="笔误", acting_user=officer)
        with pytest.raises(ActionError, match="与原日期相同"):
            do_correct_step_date(event, new_on=d(2026, 10, 12), reason="笔误", acting_user=officer)
        with pytest.raises(ActionError, match="期限事项的日期不合理"):  # after its answer
            do_correct_step_date(event, new_on=d(2026, 10, 15), reason="笔误", acting_user=officer)
        correction = do_correct_step_date(
            event, new_on=d(2026, 10, 13), reason="发函日期录入错误，以邮寄回执为准",
            acting_user=officer,
        )  # fmt: skip
    app = fresh(case)
    # 13-14 Oct paused (2 working days): Wed 28 Oct.
    assert app.reply_due == d(2026, 10, 28)
    third.refresh_from_db()
    assert third.sent_on == d(2026, 10, 13)
    # The window follows: 15 working days from Tue 13 Oct = Tue 3 Nov.
    assert third.window_ends_on == d(2026, 11, 3)
    assert (correction.old_on, correction.new_on, correction.corrected_by) == (
        d(2026, 10, 12), d(2026, 10, 13), officer,
    )  # fmt: skip
    [entry] = entries(app, "correct_step_date")
    assert (
        entry.data["data"]["old_on"] == "2026-10-12"
        and entry.data["data"]["new_on"] == "2026-10-13"
    )
    assert (
        entry.data["data"]["old_due"] == "2026-10-29"
        and entry.data["data"]["reply_due"] == "2026-10-28"
    )
    assert entry.data["data"]["reason"] == "发函日期录入错误，以邮寄回执为准"
    assert StepCorrection.objects.filter(application=app).count() == 1


def test_correcting_a_fee_date_moves_the_fee_notice_too(case, officer):
    with on_day(2026, 9, 23):
        do_send_fee_notice(
            case,
            method="per_volume",
            pages=2000,
            sent_on=d(2026, 9, 23),
            acting_user=officer,
            how_to_pay="到本机关缴纳",
        )
    event = case.clock_events.get(kind=EventKind.FEE_NOTICE_SENT)
    with on_day(2026, 9, 24):
        do_correct_step_date(event, new_on=d(2026, 9, 22), reason="笔误", acting_user=officer)
    case.fee_notice.refresh_from_db()
    assert case.fee_notice.sent_on == d(2026, 9, 22)


def test_correcting_an_extension_keeps_it_after_its_approval(case, officer, head):
    with on_day(2026, 10, 9):
        do_extend(
            case, working_days=5, reason="复杂", approved_by=head, approved_on=d(2026, 10, 9),
            notice_sent_on=d(2026, 10, 9), acting_user=officer,
        )  # fmt: skip
        event = case.clock_events.get(kind=EventKind.EXTENSION)
        with pytest.raises(ActionError, match="不能早于批准日期（2026-10-09）"):
            do_correct_step_date(event, new_on=d(2026, 10, 8), reason="笔误", acting_user=officer)
    assert case.extensions.get().notice_sent_on == d(2026, 10, 9)


def test_a_correction_request_date_stays_before_its_period(case, officer):
    with on_day(2026, 10, 1):
        do_request_correction(
            case, on=d(2026, 9, 22), correct_by=d(2026, 9, 30), acting_user=officer, note="写明年份"
        )
        event = case.clock_events.get()
        with pytest.raises(ActionError, match="应早于其期限（2026-09-30）"):
            do_correct_step_date(event, new_on=d(2026, 9, 30), reason="x", acting_user=officer)
        do_correct_step_date(event, new_on=d(2026, 9, 23), reason="实际发出日", acting_user=officer)
    assert case.clock_events.get().on == d(2026, 9, 23)


# --- Art. 31(2): an ordinary letter is confirmed the day it arrives -----------------------------


def test_a_late_confirmation_of_an_ordinary_letter_needs_its_reason(register, officer):
    app = register(arrived=at(2026, 9, 21), channel="ordinary_letter").application
    with on_day(2026, 9, 23):
        with pytest.raises(ActionError, match="应于收到申请的当日（2026-09-21）与申请人确认"):
            do_confirm_receipt(app, confirmed_on=d(2026, 9, 22), acting_user=officer)
        do_confirm_receipt(
            app, confirmed_on=d(2026, 9, 22), acting_user=officer, late_reason="当日未能联系上"
        )
    app = fresh(app)
    assert app.confirmed_late and app.confirmation_late_reason == "当日未能联系上"
    [entry] = entries(app, "confirm_receipt")
    assert entry.data["data"]["confirmed_late"] is True


def test_a_same_day_confirmation_or_an_online_one_needs_no_reason(register, officer):
    letter = register(arrived=at(2026, 9, 21), channel="ordinary_letter").application
    online = register(arrived=at(2026, 9, 21), channel="fax").application
    with on_day(2026, 9, 23):
        do_confirm_receipt(
            letter, confirmed_on=d(2026, 9, 21), acting_user=officer, late_reason="x"
        )
        do_confirm_receipt(online, confirmed_on=d(2026, 9, 23), acting_user=officer)
    letter, online = fresh(letter), fresh(online)
    assert not letter.confirmed_late and letter.confirmation_late_reason == ""
    assert not online.confirmed_late and online.received_on == d(2026, 9, 23)


# --- Art. 33 ¶2: the head approves, never the requester -----------------------------------------


def test_the_extension_records_its_approver_and_approval_date(case, officer, head):
    with on_day(2026, 10, 9):
        do_extend(
            case, working_days=5, reason="需调取档案", approved_by=head,
            approved_on=d(2026, 10, 8), notice_sent_on=d(2026, 10, 9), acting_user=officer,
        )  # fmt: skip
    extension = case.extensions.get()
    assert (extension.approved_by, extension.approved_on, extension.recorded_by) == (
        head, d(2026, 10, 8), officer,
    )  # fmt: skip
    [entry] = entries(case, "extend")
    assert entry.data["data"]["approved_by"] == head.get_username()
    assert entry.data["data"]["approved_on"] == "2026-10-08"


def test_the_head_cannot_approve_their_own_extension(case, head):
    with on_day(2026, 10, 9), pytest.raises(ActionError, match="批准人不能是办理延期的本人"):
        do_extend(
            case, working_days=5, reason="复杂", approved_by=head,
            notice_sent_on=d(2026, 10, 9), acting_user=head,
        )  # fmt: skip
    assert not case.extensions.exists()


def test_the_approval_comes_before_the_notice(case, officer, head):
    with on_day(2026, 10, 9):
        with pytest.raises(ActionError, match="不能晚于延期告知日期"):
            do_extend(
                case, working_days=5, reason="复杂", approved_by=head,
                approved_on=d(2026, 10, 9), notice_sent_on=d(2026, 10, 8), acting_user=officer,
            )  # fmt: skip
        with pytest.raises(ActionError, match="批准日期不能早于收到申请之日"):
            do_extend(
                case, working_days=5, reason="复杂", approved_by=head,
                approved_on=d(2026, 9, 1), notice_sent_on=d(2026, 10, 8), acting_user=officer,
            )  # fmt: skip
    assert get_user_model().objects.filter(pk=head.pk).exists() and not case.extensions.exists()
