"""More of the public side through the HTTP client: input the form must refuse or normalise,
the challenge and the per-scope rate limits, what the applicant's pages never show, and the
session that holds the opened case."""

import time
from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from wagtail.models import ModelLogEntry

from gongkai.applications import views
from gongkai.applications.actions import (
    do_confirm_receipt,
    do_reply,
    do_request_correction,
    do_send_fee_notice,
    do_transfer,
)
from gongkai.applications.forms import DESCRIPTION_MAX
from gongkai.applications.models import Application, FeeMethod, Outcome, State
from gongkai.formguard import spam
from tests.applications.conftest import ID_NUMBER, PHONE, SHANGHAI, d
from tests.applications.test_public_http import organisation, person

pytestmark = pytest.mark.django_db

NEW = "/applications/agency-a/new/"
TRACK, CASE = "/applications/track/", "/applications/track/case/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


def html(response) -> str:
    return response.content.decode()


def submit(client, **overrides):
    response = client.post(NEW, person(**overrides))
    return response, html(response)


# --- the form -------------------------------------------------------------------------------


def test_a_person_never_gets_an_organisation_type(client):
    response, _page = submit(client, organisation_type="commercial", organisation_name="某公司")
    assert response.status_code == 200
    app = Application.objects.get()
    assert (app.applicant_kind, app.organisation_type, app.applicant_name) == (
        "natural_person",
        "",
        "张三",
    )
    assert app.applicant_column == "natural_person"


def test_an_organisation_is_registered_by_its_code_whatever_the_person_fields_say(client):
    response = client.post(NEW, organisation(name="张三", id_document_number=ID_NUMBER))
    assert response.status_code == 200
    app = Application.objects.get()
    assert (app.applicant_name, app.id_document_type) == ("某某律师事务所", "credit_code")
    assert app.id_document_number == "91350100M000100Y43"


def test_a_person_cannot_choose_the_credit_code_as_identity(client):
    response, page = submit(client, id_document_type="credit_code")
    assert response.status_code == 400
    assert "请从所列选项中选择身份证件类型。" in page
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", " \n\t ", "请填写所需政府信息的内容描述。"),
        ("name", "   ", "请填写姓名。"),
        ("description", "信" * (DESCRIPTION_MAX + 1), "内容描述不能超过5000个字。"),
        ("provision_form", "carrier_pigeon", "请从所列选项中选择提供形式。"),
        ("delivery_route", "fax", "请从所列选项中选择获取方式。"),
        ("applicant_kind", "government", "请从所列选项中选择申请人类型。"),
        ("id_document_number", "11010519491231002", "居民身份证号码应为18位。"),
        ("phone", "+86 138 1234 5678", "请填写有效的手机号码或带区号的固定电话。"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message(client, field, value, message):
    response, page = submit(client, **{field: value})
    assert response.status_code == 400
    assert message in page
    assert not Application.objects.exists()


def test_description_of_exactly_the_maximum_is_accepted(client):
    response, _page = submit(client, description="信" * DESCRIPTION_MAX)
    assert response.status_code == 200
    assert len(Application.objects.get().description) == DESCRIPTION_MAX


def test_landline_and_on_site_inspection_are_accepted(client):
    response, _page = submit(
        client,
        phone="0792-1234567",
        email="",
        provision_form="inspection",
        delivery_route="collect",
    )
    assert response.status_code == 200
    app = Application.objects.get()
    assert (app.phone, app.email, app.provision_form, app.delivery_route) == (
        "0792-1234567",
        "",
        "inspection",
        "collect",
    )


def test_each_agency_receives_its_own_applications(client):
    response = client.post("/applications/agency-b/new/", person())
    assert response.status_code == 200 and "乙市农业农村局" in html(response)
    assert Application.objects.get().agency.slug == "agency-b"


def test_the_submitted_page_shows_no_personal_data(client):
    response, page = submit(client, postal_address="甲市某路2号")
    assert response.status_code == 200
    for value in (ID_NUMBER, PHONE, "zhangsan@example.com", "甲市某路2号"):
        assert value not in page
    # The online application is registered by no one: the audit says so.
    app = Application.objects.get()
    (entry,) = ModelLogEntry.objects.for_instance(app)
    assert entry.user is None and entry.data["data"]["channel"] == "online"
    assert (
        entry.data["data"]["received_on"] is None
        and entry.data["new_state"] == "awaiting_confirmation"
    )


def test_post_parameters_are_hidden_from_error_reports(client):
    response = client.post(NEW, person())
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"
    response = client.post(TRACK, {"tracking_code": "2222-2222-2222", "secret": "x"})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


# --- challenge and rate limits ----------------------------------------------------------------


def challenge_issued(seconds_ago):
    with time_machine.travel(time.time() - seconds_ago, tick=False):
        question, token = spam.new_challenge()
    from tests.challenge import spam_answer

    return {"token": token, "answer": spam_answer(question)}


@pytest.mark.parametrize(("seconds_ago", "accepted"), [(29 * 60, True), (31 * 60, False)])
def test_a_challenge_expires_after_thirty_minutes(client, seconds_ago, accepted):
    response = client.post(NEW, person(**challenge_issued(seconds_ago)))
    assert (response.status_code == 200) is accepted
    assert Application.objects.exists() is accepted
    if not accepted:
        assert "验证问题回答错误或已过期" in html(response)


def test_rate_limits_of_tracking_and_applying_are_separate(client):
    for _ in range(views.TRACK_LIMIT + 1):
        client.post(
            TRACK, {"tracking_code": "2222-2222-2222", "secret": "x"}, REMOTE_ADDR="10.5.5.5"
        )
    assert (
        client.post(
            TRACK, {"tracking_code": "2222-2222-2222", "secret": "x"}, REMOTE_ADDR="10.5.5.5"
        ).status_code
        == 429
    )
    assert client.post(NEW, person(), REMOTE_ADDR="10.5.5.5").status_code == 200
    assert Application.objects.count() == 1


def test_wrong_answers_count_toward_the_rate_limit(client):
    # Otherwise a script guesses blindly, a new question each time, until one passes.
    for _ in range(views.APPLY_LIMIT):
        client.post(NEW, person(answer="99"), REMOTE_ADDR="10.6.6.6")
    assert client.post(NEW, person(), REMOTE_ADDR="10.6.6.6").status_code == 429
    assert not Application.objects.exists()


def test_csrf_is_required_to_leave(register):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/applications/track/leave/").status_code == 403


# --- the opened case ------------------------------------------------------------------------


def open_case(client, registration):
    app = registration.application
    return client.post(TRACK, {"tracking_code": app.tracking_code, "secret": registration.secret})


def test_opening_a_case_gives_a_new_session_key(client, register):
    client.get(TRACK)
    client.session.save()
    before = client.session.session_key
    reg = register()
    assert open_case(client, reg).status_code == 302
    assert client.session.session_key != before
    assert client.session[views.SESSION_KEY] == reg.application.pk


def test_opening_another_case_replaces_the_first(client, register):
    first = register()
    second = register(applicant_name="李四")
    open_case(client, first)
    open_case(client, second)
    page = html(client.get(CASE))
    assert second.application.tracking_code in page
    assert first.application.tracking_code not in page and "李*" in page


def test_the_case_page_shows_no_personal_data(client, register):
    reg = register(postal_address="甲市某路2号", document_number="甲交〔2026〕12号")
    open_case(client, reg)
    page = html(client.get(CASE))
    assert "甲交〔2026〕12号" in page and "张*" in page
    for value in (ID_NUMBER, PHONE, "zhangsan@example.com", "甲市某路2号", "张三"):
        assert value not in page


def test_an_organisation_is_named_on_its_case_page(client, register):
    reg = register(
        applicant_kind="legal_person",
        organisation_type="research",
        applicant_name="某研究院",
        id_document_type="credit_code",
        id_document_number="91350100M000100Y43",
    )
    open_case(client, reg)
    page = html(client.get(CASE))
    assert "某研究院（法人或其他组织）" in page and "91350100M000100Y43" not in page


def test_case_page_explains_each_waiting_state(client, register, users):
    officer = users["officer_a"]
    online = register(
        acting_user=None, channel="online", arrived_at=datetime(2026, 10, 16, 22, tzinfo=SHANGHAI)
    )
    open_case(client, online)
    page = html(client.get(CASE))
    assert "待本机关与您确认（条例第三十一条）" in page and "本机关确认收到申请后开始计算" in page
    assert "2026-10-16 22:00" in page  # the arrival, in China's time

    do_confirm_receipt(online.application, confirmed_on=d(2026, 10, 19), acting_user=officer)
    do_request_correction(
        online.application,
        on=d(2026, 10, 20),
        correct_by=d(2026, 10, 30),
        acting_user=officer,
        note="请写明所需信息的具体名称和年份",
    )
    page = html(client.get(CASE))
    assert "待补正" in page and "等待您补正申请，收到补正后重新计算" in page

    fee_case = register()
    do_send_fee_notice(
        fee_case.application,
        method=FeeMethod.PER_VOLUME,
        pages=31,
        sent_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    open_case(client, fee_case)
    page = html(client.get(CASE))
    assert "等待缴纳信息处理费，暂停计时" in page
    assert "2026-09-22 收费通知：信息处理费按量计收，金额 10 元。" in page


def test_a_concluded_case_shows_its_date_and_no_withdrawal(client, register, users):
    reg = register()
    do_reply(
        reg.application,
        outcome=Outcome.UNABLE_NOT_EXIST,
        text="经检索，本机关未制作该信息。",
        replied_on=d(2026, 10, 9),
        acting_user=users["officer_a"],
    )
    open_case(client, reg)
    page = html(client.get(CASE))
    assert "已答复" in page and "无法提供：本机关不掌握相关政府信息（不存在）" in page
    assert "办结日期" in page and "2026-10-09" in page
    assert "/applications/track/withdraw/" not in page
    assert client.get("/applications/track/withdraw/")["Location"] == CASE


def test_a_transferred_case_names_the_new_agency(client, register, users, agency_b):
    reg = register()
    do_transfer(reg.application, to_agency=agency_b, reason="职责", acting_user=users["officer_a"])
    open_case(client, reg)
    assert "乙市农业农村局" in html(client.get(CASE))


def test_leaving_closes_downloads_too(client, register, users):
    reg = register()
    do_reply(
        reg.application,
        outcome=Outcome.DISCLOSED,
        text="现予公开。",
        replied_on=d(2026, 10, 9),
        acting_user=users["officer_a"],
        obtain_how="随本告知书提供",
    )
    open_case(client, reg)
    assert client.get("/applications/track/letter.docx").status_code == 200
    assert client.get("/applications/track/leave/").status_code == 405
    client.post("/applications/track/leave/")
    assert client.get("/applications/track/letter.docx").status_code == 404


def test_applicant_withdraws_an_unconfirmed_application(client, register, persona):
    reg = register(
        acting_user=None, channel="online", arrived_at=datetime(2026, 10, 19, 9, tzinfo=SHANGHAI)
    )
    open_case(client, reg)
    assert client.post("/applications/track/withdraw/")["Location"] == CASE
    app = Application.objects.get(pk=reg.application.pk)
    assert (app.state, app.outcome, app.concluded_on) == (State.WITHDRAWN, "other", d(2026, 10, 20))
    entry = ModelLogEntry.objects.for_instance(app).get(action="gongkai.applications.withdraw")
    assert entry.user is None
    assert (entry.data["old_state"], entry.data["new_state"]) == (
        "awaiting_confirmation",
        "withdrawn",
    )
    staff = Client()
    persona(staff, "officer_a")
    page = html(staff.get(f"/admin/applications/{app.pk}/"))
    assert "申请人撤回" in page and "系统或申请人" in page
