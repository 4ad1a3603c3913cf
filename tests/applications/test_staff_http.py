"""The back office of 依申请公开 through the HTTP client: registration, each action's form,
Chinese errors for illegal input, the outsider's 404 and the supervisor's read-only view."""

import re
from datetime import datetime

import pytest
import time_machine
from wagtail.models import ModelLogEntry

from gongkai.applications import sms
from gongkai.applications.access import access_by_tracking
from gongkai.applications.actions import ACTION_PREFIX
from gongkai.applications.models import Application, FeeNotice, State
from tests.applications.conftest import ID_NUMBER, PHONE, SHANGHAI, at, d, on_day

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 20, 10, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(app, action=""):
    return f"/admin/applications/{app.pk}/" + (f"do/{action}/" if action else "")


def page(client, app) -> str:
    response = client.get(url(app))
    assert response.status_code == 200
    return response.content.decode()


def act(client, app, action, data):
    """POST an action form; return the response and the case as stored afterwards."""
    response = client.post(url(app, action), data)
    return response, Application.objects.get(pk=app.pk)


def audited(app, action) -> bool:
    return ModelLogEntry.objects.for_instance(app).filter(action=ACTION_PREFIX + action).exists()


def refused(response, text) -> bool:
    """The form came back (no redirect) with ``text`` among its errors."""
    return response.status_code == 200 and text in response.content.decode()


# --- registration ----------------------------------------------------------------------------


def registration_data(**overrides):
    data = {
        "channel": "in_person",
        "arrived_at": "2026-10-19T09:30",
        "confirmed_on": "",
        "applicant_kind": "natural_person",
        "organisation_type": "",
        "applicant_name": "李四",
        "id_document_type": "id_card",
        "id_document_number": ID_NUMBER,
        "phone": PHONE,
        "email": "",
        "postal_address": "",
        "description": "2026年城区道路大修计划及资金安排",
        "document_number": "",
        "provision_form": "paper",
        "delivery_route": "post",
    }
    data.update(overrides)
    return data


def test_register_in_person_shows_code_and_secret_once(client, persona):
    persona(client, "officer_a")
    response = client.post("/admin/applications/new/", registration_data(), follow=True)
    app = Application.objects.get(applicant_name="李四")
    html = response.content.decode()
    match = re.search(r"查询码 (\S+)，查询密码 (\S+)（仅显示一次", html)
    assert match and match.group(1) == app.tracking_code
    assert access_by_tracking(app.tracking_code, match.group(2)) == app
    assert app.received_on == d(2026, 10, 19) and app.state == State.PROCESSING
    assert audited(app, "register")
    assert match.group(2) not in page(client, app)  # once only


def test_ordinary_letter_waits_for_confirmation_then_is_confirmed(client, persona):
    persona(client, "officer_a")
    client.post("/admin/applications/new/", registration_data(channel="ordinary_letter"))
    app = Application.objects.get(applicant_name="李四")
    assert app.state == State.AWAITING_CONFIRMATION and app.received_on is None
    assert "待与申请人确认" in page(client, app)
    response, app = act(client, app, "confirm_receipt", {"confirmed_on": "2026-10-20"})
    # Art. 31(2): it arrived on the 19th, so a later confirmation needs its reason.
    assert refused(response, "请填写未当日确认的原因") and app.received_on is None
    response, app = act(
        client,
        app,
        "confirm_receipt",
        {"confirmed_on": "2026-10-20", "late_reason": "当日申请人电话无人接听"},
    )
    assert response.status_code == 302 and app.confirmed_late
    assert app.state == State.PROCESSING and app.received_on == d(2026, 10, 20)
    assert audited(app, "confirm_receipt")


def test_registration_errors_are_chinese(client, persona):
    persona(client, "officer_a")
    response = client.post(
        "/admin/applications/new/", registration_data(phone="", confirmed_on="2026-10-20")
    )
    assert refused(response, "请至少填写一种联系方式（第二十九条）")
    response = client.post("/admin/applications/new/", registration_data(confirmed_on="2026-10-20"))
    assert refused(response, "以实际收到之日为收到申请之日，无需另行确认")
    response = client.post(
        "/admin/applications/new/", registration_data(applicant_kind="legal_person")
    )
    assert refused(response, "请选择组织类型")
    assert not Application.objects.filter(applicant_name="李四").exists()


def test_supervisor_cannot_register(client, persona):
    persona(client, "group_supervisor")
    assert client.get("/admin/applications/new/").status_code == 404


# --- the actions -------------------------------------------------------------------------------


def test_correction_request_shows_the_limit_and_restarts_the_clock(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    html = page(client, app)
    assert "即 2026-10-28 前（第三十条）。" in html and "已超过该期限" not in html
    response, app = act(
        client,
        app,
        "request_correction",
        {"on": "2026-10-20", "correct_by": "2026-11-05", "note": "请写明所需文件的年份"},
    )
    assert response.status_code == 302 and app.state == State.AWAITING_CORRECTION
    assert audited(app, "request_correction")
    html = page(client, app)
    assert (
        'do/request_correction/#action-request_correction"' not in html
    )  # one notice only (Art. 30)
    with on_day(2026, 10, 26):
        persona(client, "officer_a")  # a staff session lasts 8 hours
        response, app = act(client, app, "receive_correction", {"on": "2026-10-26"})
    assert app.state == State.PROCESSING and audited(app, "receive_correction")
    assert app.reply_due == d(2026, 11, 23)  # 20 working days from the corrected application


def test_correction_limit_passed_is_pointed_out(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 9, 21)).application
    assert "即 2026-10-08 前（第三十条）。 <strong>已超过该期限。" in page(client, app)


def test_correction_deadline_before_the_notice_is_refused(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    response, app = act(
        client,
        app,
        "request_correction",
        {"on": "2026-10-20", "correct_by": "2026-10-20", "note": "补正"},
    )
    assert refused(response, "补正期限应晚于告知日期") and app.state == State.PROCESSING


def test_consultation_pauses_and_resumes(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    due = app.reply_due
    _response, app = act(
        client,
        app,
        "start_consultation",
        {
            "on": "2026-10-20",
            "party_kind": "third_party",
            "party_name": "某公司",
            "matter": "是否同意公开",
        },
    )
    assert app.state == State.CONSULTING and audited(app, "start_consultation")
    consultation = app.consultations.get()
    with on_day(2026, 10, 23):
        persona(client, "officer_a")  # a staff session lasts 8 hours
        _response, app = act(
            client,
            app,
            "end_consultation",
            {"consultation": consultation.pk, "result": "agrees", "on": "2026-10-23"},
        )
    assert app.state == State.PROCESSING and audited(app, "end_consultation")
    assert app.reply_due > due


def test_extension_approved_by_the_head_moves_the_deadline(client, persona, register, users):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    due = app.reply_due
    response, app = act(
        client,
        app,
        "extend",
        {
            "working_days": "10",
            "reason": "需调取档案",
            "approved_by": users["head_a"].pk,
            "approved_on": "2026-10-20",
            "notice_sent_on": "2026-10-20",
        },
    )
    assert response.status_code == 302 and audited(app, "extend")
    assert app.reply_due > due and app.extensions.get().approved_by == users["head_a"]


@pytest.mark.parametrize(
    ("days", "approver", "error"),
    [
        ("21", "head_a", "延长答复期限最长不得超过 20 个工作日"),
        ("5", "clerk_a", "延期须经本机关政府信息公开工作机构负责人同意"),
        # Art. 33 ¶2: the officer and the agency admin are not the head of the office.
        ("5", "officer_a", "延期须经本机关政府信息公开工作机构负责人同意"),
        ("5", "admin_a", "延期须经本机关政府信息公开工作机构负责人同意"),
        ("5", "reviewer_b", "延期须经本机关政府信息公开工作机构负责人同意"),
    ],
)
def test_illegal_extension_is_refused_in_chinese(
    client, persona, register, users, days, approver, error
):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    response, app = act(
        client,
        app,
        "extend",
        {
            "working_days": days,
            "reason": "需调取档案",
            "approved_by": users[approver].pk,
            "approved_on": "2026-10-20",
            "notice_sent_on": "2026-10-20",
        },
    )
    assert refused(response, error)
    assert not app.extensions.exists() and not audited(app, "extend")


def test_fee_amount_is_shown_before_the_notice_and_payment_resumes(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    assert "该申请人本月第 1 件申请，应收 0 元" in page(client, app)
    data = {
        "method": "per_volume",
        "pages": "150",
        "sent_on": "2026-10-20",
        "received_on": "",
        "how_to_pay": "到本机关财务室缴纳",
    }
    response, app = act(client, app, "send_fee_notice", {**data, "preview": "1"})
    assert refused(response, "按所填方式计算：1700 元")
    assert app.state == State.PROCESSING and not FeeNotice.objects.filter(application=app)
    response, app = act(client, app, "send_fee_notice", data)
    assert app.state == State.AWAITING_FEE and app.fee_notice.amount == 1700
    assert audited(app, "send_fee_notice")
    with on_day(2026, 10, 22):
        persona(client, "officer_a")  # a staff session lasts 8 hours
        _response, app = act(client, app, "record_payment", {"paid_on": "2026-10-22"})
    assert app.state == State.PROCESSING and audited(app, "record_payment")


def test_free_request_gets_no_fee_notice(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    data = {"method": "per_piece", "sent_on": "2026-10-20", "how_to_pay": "到本机关财务室缴纳"}
    response, app = act(client, app, "send_fee_notice", data)
    assert refused(response, "按收费标准该申请不收费") and app.state == State.PROCESSING
    response, app = act(client, app, "send_fee_notice", {**data, "method": "per_volume"})
    assert refused(response, "按量计收须填写页数")


def test_transfer_hands_the_case_to_the_other_agency(client, persona, register, agency_b):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    response, app = act(client, app, "transfer", {"to_agency": agency_b.pk, "reason": "职责"})
    assert response.status_code == 302 and response.url == "/admin/applications/"
    assert app.agency == agency_b and audited(app, "transfer")
    assert client.get(url(app)).status_code == 404
    persona(client, "officer_b")
    assert "甲市交通运输局 → 乙市农业农村局" in page(client, app)


def test_reply_concludes_the_case(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    response, app = act(
        client,
        app,
        "reply",
        {
            "outcome": "art36_2_disclose",
            "text": "现予公开。",
            "replied_on": "2026-10-20",
            "obtain_how": "随本告知书提供",
        },
    )
    assert response.status_code == 302
    assert app.state == State.REPLIED and app.reply.text == "现予公开。"
    assert audited(app, "reply")
    html = page(client, app)
    assert 'do/reply/#action-reply"' not in html and 'do/withdraw/#action-withdraw"' not in html


def test_reply_before_receipt_is_refused(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    response, app = act(
        client,
        app,
        "reply",
        {
            "outcome": "art36_2_disclose",
            "text": "现予公开。",
            "replied_on": "2026-10-18",
            "obtain_how": "随本告知书提供",
        },
    )
    assert refused(response, "答复日期不能早于收到申请之日")
    assert "现予公开。" in response.content.decode()  # what was typed is kept
    assert app.state == State.PROCESSING


def test_reply_offers_only_reply_outcomes_grouped(client, persona, register):
    persona(client, "officer_a")
    html = page(client, register(arrived=at(2026, 10, 19)).application)
    for group in ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理"):
        assert f'<optgroup label="{group}">' in html
    assert 'value="art30_no_correction"' not in html
    response, _app = act(
        client,
        register(arrived=at(2026, 10, 19)).application,
        "reply",
        {"outcome": "other", "text": "x", "replied_on": "2026-10-20"},
    )
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()


def test_withdrawal_is_recorded(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    _response, app = act(client, app, "withdraw", {"on": "2026-10-20"})
    assert app.state == State.WITHDRAWN and audited(app, "withdraw")


def test_unanswered_correction_closes_only_after_the_period(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 9, 21)).application
    act(
        client,
        app,
        "request_correction",
        {"on": "2026-09-22", "correct_by": "2026-10-15", "note": "请写明年份"},
    )
    assert "期限至 2026-10-15 届满，届满后方可终止办理" in page(client, app)
    response, app = act(client, app, "close_unanswered", {"on": "2026-10-15"})
    assert refused(response, "届满后方可终止办理") and app.state == State.AWAITING_CORRECTION
    _response, app = act(client, app, "close_unanswered", {"on": "2026-10-16"})
    assert app.state == State.CLOSED and audited(app, "close_unanswered")


def test_action_not_allowed_in_the_state_changes_nothing(client, persona, register):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    response, app = act(client, app, "end_consultation", {"on": "2026-10-20"})
    assert response.status_code == 302 and app.state == State.PROCESSING
    assert "不能登记征求意见结果" in client.get(url(app)).content.decode()
    assert client.post(url(app, "no_such_action"), {}).status_code == 404
    assert client.get(url(app, "withdraw")).status_code == 405


def test_only_legal_actions_are_offered(client, persona, register):
    persona(client, "officer_a")
    html = page(client, register(arrived=at(2026, 10, 19)).application)
    for offered in ("request_correction", "start_consultation", "extend", "reply", "withdraw"):
        assert f'do/{offered}/#action-{offered}"' in html
    for hidden in ("confirm_receipt", "receive_correction", "end_consultation", "record_payment"):
        assert f"do/{hidden}/" not in html


# --- who sees what -------------------------------------------------------------------------


def test_outsider_gets_404_for_everything_of_another_agency(client, persona, register):
    app = register(arrived=at(2026, 10, 19)).application
    persona(client, "clerk_b")
    assert client.get(url(app)).status_code == 404
    assert client.post(url(app, "withdraw"), {"on": "2026-10-20"}).status_code == 404
    assert client.get(f"/admin/applications/{app.pk}/letter.pdf").status_code == 404
    assert client.get(f"/admin/applications/{app.pk}/files/1/").status_code == 404
    assert app.tracking_code not in client.get("/admin/applications/").content.decode()
    assert Application.objects.get(pk=app.pk).state == State.PROCESSING


def test_supervisor_reads_masked_and_changes_nothing(client, persona, register):
    app = register(arrived=at(2026, 10, 19)).application
    persona(client, "group_supervisor")
    html = page(client, app)
    assert "只读" in html and "/do/" not in html
    assert ID_NUMBER not in html and PHONE not in html and app.masked_id_number in html
    assert client.post(url(app, "withdraw"), {"on": "2026-10-20"}).status_code == 404
    assert Application.objects.get(pk=app.pk).state == State.PROCESSING


def test_the_disclosure_office_sees_the_applicant_in_clear_and_the_view_is_recorded(
    client, persona, register
):
    from gongkai.casework.models import PersonalDataAccess

    officer = persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    html = page(client, app)
    assert ID_NUMBER in html and PHONE in html and "zhangsan@example.com" in html
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.case_kind, access.case_id) == (officer, "application", app.pk)
    assert access.tracking_code == app.tracking_code


def test_the_supervisor_reads_the_case_masked_and_nothing_is_recorded(client, persona, register):
    from gongkai.casework.models import PersonalDataAccess

    persona(client, "group_supervisor")
    html = page(client, register(arrived=at(2026, 10, 19)).application)
    assert ID_NUMBER not in html and PHONE not in html and "zhangsan@example.com" not in html
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("name", ["clerk_a", "reviewer_a", "admin_a"])
def test_editors_reviewers_and_the_agency_admin_cannot_open_a_case(client, persona, register, name):
    app = register(arrived=at(2026, 10, 19)).application
    persona(client, name)
    assert client.get(f"/admin/applications/{app.pk}/").status_code == 404


def test_the_agency_admin_lists_cases_masked(client, persona, register):
    register(arrived=at(2026, 10, 19))
    persona(client, "admin_a")
    html = client.get("/admin/applications/").content.decode()
    assert "张*" in html and "张三" not in html and PHONE not in html


def test_audit_entries_hold_no_personal_data(client, persona):
    persona(client, "officer_a")
    client.post("/admin/applications/new/", registration_data())
    app = Application.objects.get(applicant_name="李四")
    act(client, app, "withdraw", {"on": "2026-10-20"})
    logged = str(list(ModelLogEntry.objects.for_instance(app).values("label", "data")))
    assert ID_NUMBER not in logged and PHONE not in logged and "李四" not in logged


# --- SMS off (GONGKAI_SMS_BACKEND=off) -------------------------------------------------------


def test_with_sms_off_the_officer_is_told_no_text_went_to_the_applicant(
    client, persona, register, settings
):
    settings.GONGKAI_SMS_BACKEND = "off"
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    response = client.post(url(app, "withdraw"), {"on": "2026-10-20"}, follow=True)
    html = response.content.decode()
    assert "已办理" in html
    assert "本网站群未开通短信，没有向申请人发送短信（申请已撤回）" in html


def test_with_sms_on_or_no_phone_there_is_no_such_warning(
    client, persona, register, settings, django_capture_on_commit_callbacks
):
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(app, "withdraw"), {"on": "2026-10-20"}, follow=True)
    assert "未开通短信" not in response.content.decode()
    assert [text.phone for text in sms.outbox] == [app.phone]
    settings.GONGKAI_SMS_BACKEND = "off"
    no_phone = register(arrived=at(2026, 10, 19), phone="").application
    html = client.post(url(no_phone, "withdraw"), {"on": "2026-10-20"}, follow=True)
    assert "未开通短信" not in html.content.decode()


def test_an_action_that_tells_the_applicant_nothing_gives_no_sms_warning(
    client, persona, register, settings
):
    settings.GONGKAI_SMS_BACKEND = "off"
    persona(client, "officer_a")
    app = register(arrived=at(2026, 10, 19)).application
    html = client.post(
        url(app, "start_consultation"), {"on": "2026-10-20", "note": "某公司"}, follow=True
    ).content.decode()
    assert "未开通短信" not in html
