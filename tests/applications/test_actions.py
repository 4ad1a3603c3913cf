import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from wagtail.models import ModelLogEntry

from gongkai.applications import sms, tracking
from gongkai.applications.actions import (
    ActionError,
    TransitionError,
    do_close_unanswered,
    do_confirm_receipt,
    do_reply,
    do_request_correction,
    do_transfer,
    do_withdraw,
)
from gongkai.applications.models import (
    CONCLUDED_STATES,
    TRANSITIONS,
    Application,
    Outcome,
    State,
)
from tests.applications.conftest import ID_NUMBER, PHONE, at, d

pytestmark = pytest.mark.django_db


def test_in_person_registration_starts_the_clock(register):
    app = register(arrived=at(2026, 9, 21)).application
    assert app.state == State.PROCESSING
    assert app.received_on == d(2026, 9, 21)
    # spec §5: 中秋 and 国庆 skipped, Sat 10-10 counts
    assert app.reply_due == d(2026, 10, 26)
    assert not app.provisional


def test_an_application_received_before_the_2019_regulations_is_refused(register):
    # The statute data starts on 2019-05-15: no clock is guessed for an older case, and
    # nothing is stored.
    with pytest.raises(ActionError, match="2019-05-15"):
        register(arrived=at(2019, 5, 14))
    assert not Application.objects.exists()
    assert register(arrived=at(2019, 5, 15)).application.received_on == d(2019, 5, 15)


def test_tracking_code_is_random_and_secret_only_hashed(register):
    first = register()
    second = register()
    codes = {first.application.tracking_code, second.application.tracking_code}
    assert len(codes) == 2
    for reg in (first, second):
        code = reg.application.tracking_code
        assert len(code) == 14 and code.count("-") == 2
        assert set(code.replace("-", "")) <= set(tracking.ALPHABET)
        assert reg.secret not in reg.application.secret_hash
        assert tracking.secret_matches(reg.secret, reg.application.secret_hash)
        assert not tracking.secret_matches(reg.secret + "x", reg.application.secret_hash)


def test_public_online_submission_waits_for_confirmation(register, users):
    app = register(acting_user=None, channel="online", arrived_at=at(2026, 9, 18, 23)).application
    assert app.state == State.AWAITING_CONFIRMATION
    assert app.received_on is None and app.reply_due is None
    app = do_confirm_receipt(app, confirmed_on=d(2026, 9, 21), acting_user=users["officer_a"])
    assert app.state == State.PROCESSING
    assert app.received_on == d(2026, 9, 21)
    assert app.reply_due == d(2026, 10, 26)


def test_public_may_not_register_paper_channels(register):
    with pytest.raises(ActionError):
        register(acting_user=None, channel="in_person")


def test_staff_of_another_agency_cannot_register_or_act(register, users, agency_a):
    with pytest.raises(PermissionDenied):
        register(acting_user=users["officer_b"])
    app = register().application
    with pytest.raises(PermissionDenied):
        do_withdraw(app, acting_user=users["clerk_b"])
    with pytest.raises(PermissionDenied):
        do_withdraw(app, acting_user=users["group_supervisor"])


def test_legal_person_needs_an_organisation_type(register):
    with pytest.raises(ActionError, match="组织类型"):
        register(applicant_kind="legal_person", applicant_name="某律师事务所")
    app = register(
        applicant_kind="legal_person",
        applicant_name="某律师事务所",
        organisation_type="legal_services",
    ).application
    assert app.applicant_column == "legal_services"


def test_confirming_an_in_person_application_is_refused(register, users):
    app = register().application
    with pytest.raises(TransitionError):
        do_confirm_receipt(app, confirmed_on=d(2026, 9, 22), acting_user=users["officer_a"])


def test_reply_concludes_with_one_outcome(register, users):
    app = register().application
    reply = do_reply(
        app,
        outcome=Outcome.PARTIAL,
        text="部分公开，其余涉及个人隐私。",
        replied_on=d(2026, 10, 9),
        acting_user=users["officer_a"],
        withheld_ground="art16_2_process_info",
        refusal_reason="该部分属于内部讨论记录",
        obtain_how="随本告知书提供其余部分",
    )
    app.refresh_from_db()
    assert app.state == State.REPLIED
    assert app.outcome == Outcome.PARTIAL == reply.outcome
    assert app.replied_on == app.concluded_on == d(2026, 10, 9)


def test_reply_outcomes_exclude_the_closing_ones(register, users):
    app = register().application
    for outcome in (Outcome.OTHER, Outcome.OTHER_FEE_UNPAID, Outcome.OTHER_NO_CORRECTION):
        with pytest.raises(ActionError):
            do_reply(
                app,
                outcome=outcome,
                text="x",
                replied_on=d(2026, 10, 9),
                acting_user=users["officer_a"],
            )


def test_concluded_cases_refuse_every_action(register, users):
    officer = users["officer_a"]
    app = register().application
    do_reply(
        app,
        outcome=Outcome.DISCLOSED,
        text="公开",
        replied_on=d(2026, 9, 30),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    with pytest.raises(TransitionError):
        do_reply(
            app,
            outcome=Outcome.DISCLOSED,
            text="公开",
            replied_on=d(2026, 9, 30),
            acting_user=officer,
            obtain_how="随本告知书提供",
        )
    with pytest.raises(TransitionError):
        do_withdraw(app, acting_user=officer)
    with pytest.raises(TransitionError):
        do_request_correction(
            app,
            on=d(2026, 9, 30),
            correct_by=d(2026, 10, 20),
            acting_user=officer,
            note="请写明所需信息的具体名称和年份",
        )
    assert Application.objects.get(pk=app.pk).state == State.REPLIED


def test_transition_table_has_no_exit_from_concluded_states():
    assert {State.REPLIED, State.WITHDRAWN, State.CLOSED} == CONCLUDED_STATES
    for state in CONCLUDED_STATES:
        assert TRANSITIONS[state] == frozenset()
    assert set(TRANSITIONS) == set(State)


def test_withdraw_is_the_statutory_other_outcome(register, users):
    app = register().application
    app = do_withdraw(app, on=d(2026, 9, 25), acting_user=users["officer_a"])
    assert app.state == State.WITHDRAWN
    assert app.outcome == Outcome.OTHER
    assert app.concluded_on == d(2026, 9, 25)


def test_transfer_moves_the_case_to_the_other_agency(register, users, agency_b):
    app = register().application
    app = do_transfer(
        app, to_agency=agency_b, reason="属于乙局职责", acting_user=users["officer_a"]
    )
    assert app.agency == agency_b
    assert app.transfers.get().from_agency.slug == "agency-a"
    with pytest.raises(PermissionDenied):
        do_withdraw(app, acting_user=users["officer_a"])
    do_withdraw(app, acting_user=users["officer_b"])


def test_close_unanswered_only_after_the_correction_period(register, users):
    officer = users["officer_a"]
    app = register().application
    do_request_correction(
        app,
        on=d(2026, 9, 24),
        correct_by=d(2026, 10, 15),
        acting_user=officer,
        note="请写明所需信息的具体名称和年份",
    )
    with pytest.raises(ActionError, match="届满"):
        do_close_unanswered(app, on=d(2026, 10, 15), acting_user=officer)
    app = do_close_unanswered(app, on=d(2026, 10, 16), acting_user=officer)
    assert app.state == State.CLOSED
    assert app.outcome == Outcome.OTHER_NO_CORRECTION


def test_close_unanswered_refused_while_processing(register, users):
    app = register().application
    with pytest.raises(TransitionError):
        do_close_unanswered(app, on=d(2026, 12, 1), acting_user=users["officer_a"])


def test_audit_entries_have_old_and_new_state_and_no_personal_data(register, users):
    officer = users["officer_a"]
    app = register(acting_user=None, channel="online", arrived_at=at(2026, 9, 18)).application
    do_confirm_receipt(app, confirmed_on=d(2026, 9, 21), acting_user=officer)
    do_reply(
        app,
        outcome=Outcome.DISCLOSED,
        text="公开",
        replied_on=d(2026, 9, 30),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    entries = list(ModelLogEntry.objects.filter(object_id=str(app.pk)).order_by("timestamp", "pk"))
    assert [e.action for e in entries] == [
        "gongkai.applications.register",
        "gongkai.applications.confirm_receipt",
        "gongkai.applications.issue_notice",  # 收到申请确认书
        "gongkai.applications.reply",
        "gongkai.applications.issue_notice",  # 答复告知书
    ]
    assert entries[1].data["old_state"] == State.AWAITING_CONFIRMATION
    assert entries[1].data["new_state"] == State.PROCESSING
    assert entries[3].user == officer
    everything = json.dumps([e.data for e in entries]) + "".join(e.label for e in entries)
    for secret in (ID_NUMBER, PHONE, "zhangsan@example.com", "张三"):
        assert secret not in everything


def test_masked_properties_hide_the_id_number_and_phone(register):
    app = register().application
    assert app.masked_id_number == "110*************2X"
    assert app.masked_phone == "138****5678"
    assert app.masked_name == "张*"
    assert ID_NUMBER not in app.masked_id_number


def test_notifications_are_sent_only_after_commit(
    register, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reg = register()
    assert mail.outbox == [] and sms.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhangsan@example.com"]
    assert reg.application.tracking_code in message.subject
    assert reg.secret not in message.body and ID_NUMBER not in message.body
    assert sms.outbox[0].phone == PHONE
    assert "2026-10-26" in sms.outbox[0].text


def test_refused_action_sends_nothing(register, users, django_capture_on_commit_callbacks):
    app = register().application
    do_withdraw(app, acting_user=users["officer_a"])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(TransitionError),
    ):
        do_withdraw(app, acting_user=users["officer_a"])
    assert callbacks == []


def test_sms_backend_is_chosen_by_setting(register, settings, django_capture_on_commit_callbacks):
    settings.GONGKAI_SMS_BACKEND = "tests.applications.test_actions.RecordingBackend"
    RecordingBackend.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register()
    assert sms.outbox == []
    assert [phone for phone, _text in RecordingBackend.sent] == [PHONE]


class RecordingBackend:
    sent: list = []

    def send(self, phone, text):
        self.sent.append((phone, text))
