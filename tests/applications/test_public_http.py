"""The online application form through the HTTP client: Chinese errors next to their fields,
CSRF, challenge, honeypot, rate limit, and what a successful submission stores and shows."""

import logging
import time
from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from gongkai.applications import views
from gongkai.applications.access import access_by_tracking
from gongkai.applications.forms import ApplicationForm, credit_code_valid
from gongkai.applications.models import Application, Channel, State
from gongkai.formguard import spam
from tests.applications.conftest import ID_NUMBER, PHONE, SHANGHAI
from tests.challenge import spam_answer

pytestmark = pytest.mark.django_db

NEW = "/applications/agency-a/new/"
CREDIT_CODE = "91350100M000100Y43"  # the sample code of GB 32100-2015, valid check character


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


def solved_challenge():
    """A challenge token issued 10 seconds ago, and its answer."""
    with time_machine.travel(time.time() - 10, tick=False):
        question, token = spam.new_challenge()
    return {"token": token, "answer": spam_answer(question)}


def person(**overrides):
    return {
        "applicant_kind": "natural_person",
        "name": "张三",
        "id_document_type": "id_card",
        "id_document_number": ID_NUMBER,
        "phone": PHONE,
        "email": "zhangsan@example.com",
        "postal_address": "",
        "description": "2026年本市公交线路调整的决定及其依据",
        "document_number": "",
        "provision_form": "electronic",
        "delivery_route": "email",
        "website": "",
        **solved_challenge(),
        **overrides,
    }


def organisation(**overrides):
    fields = {
        "applicant_kind": "legal_person",
        "name": "",
        "id_document_number": "",
        "organisation_name": "某某律师事务所",
        "organisation_type": "legal_services",
        "credit_code": CREDIT_CODE,
        "contact_person": "李律师",
    }
    return person(**{**fields, **overrides})


def html(response) -> str:
    return response.content.decode()


# --- the pages --------------------------------------------------------------------------------


def test_guide_page_explains_and_links_form_and_tracking(client):
    response = client.get("/applications/agency-a/")
    assert response.status_code == 200
    page = html(response)
    assert "甲市交通运输局政府信息公开工作机构" in page  # from the agency's GuidePage
    assert 'href="/applications/agency-a/new/"' in page
    assert 'action="/applications/track/"' in page and 'name="secret"' in page


def test_unknown_agency_is_404(client):
    assert client.get("/applications/nowhere/").status_code == 404
    assert client.get("/applications/nowhere/new/").status_code == 404


def test_form_works_without_javascript(client):
    page = html(client.get(NEW))
    assert "等于几？" in page and 'name="token"' in page and "csrfmiddlewaretoken" in page
    # Both kinds' fields are in the page; a script only hides the other kind's.
    assert 'name="id_document_number"' in page and 'name="credit_code"' in page
    for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"):
        assert label in page


# --- success ----------------------------------------------------------------------------------


def test_natural_person_is_registered_online_and_shown_code_and_secret(client):
    response = client.post(NEW, person(document_number="甲交〔2026〕12号"))
    assert response.status_code == 200
    app = Application.objects.get()
    assert (app.channel, app.state, app.agency.slug) == (
        Channel.ONLINE,
        State.AWAITING_CONFIRMATION,
        "agency-a",
    )
    assert (app.applicant_kind, app.organisation_type, app.applicant_name) == (
        "natural_person",
        "",
        "张三",
    )
    assert (app.id_document_type, app.id_document_number) == ("id_card", ID_NUMBER)
    assert (app.phone, app.email, app.document_number) == (
        PHONE,
        "zhangsan@example.com",
        "甲交〔2026〕12号",
    )
    assert (app.provision_form, app.delivery_route) == ("electronic", "email")
    secret = response.context["secret"]
    page = html(response)
    assert app.tracking_code in page and secret in page and app.secret_hash != secret
    assert access_by_tracking(app.tracking_code, secret) == app
    # The private link carries the secret in the fragment only.
    link = response.context["private_link"]
    # On GONGKAI_BASE_URL, whatever host the request came in on.
    assert link.startswith("http://127.0.0.1:8000/applications/track/#code=")
    assert link.split("#")[0].endswith("/applications/track/") and secret in link.split("#")[1]
    # Received 2026-10-20 if confirmed today: 20 working days → 2026-11-17, not provisional.
    assert "如于今日确认，答复期限为" in page and "2026-11-17" in page and "暂定" not in page
    assert "no-store" in response["Cache-Control"]


def test_organisation_is_registered_with_type_credit_code_and_contact_person(client):
    response = client.post(NEW, organisation(credit_code="91350100m000100y43"))
    assert response.status_code == 200
    app = Application.objects.get()
    assert (app.applicant_kind, app.organisation_type) == ("legal_person", "legal_services")
    assert (app.applicant_name, app.contact_person) == ("某某律师事务所", "李律师")
    assert (app.id_document_type, app.id_document_number) == ("credit_code", CREDIT_CODE)
    assert app.channel == Channel.ONLINE


def test_fullwidth_and_spaced_input_is_normalised(client):
    spaced = "１１０１０５ 1949 1231 002x"
    client.post(NEW, person(id_document_number=spaced, phone="138 1234 5678"))
    app = Application.objects.get()
    assert (app.id_document_number, app.phone) == (ID_NUMBER, PHONE)


@time_machine.travel(datetime(2026, 12, 15, 10, tzinfo=SHANGHAI), tick=False)
def test_due_date_reaching_an_unpublished_year_is_labelled_provisional(client):
    page = html(client.post(NEW, person()))
    assert "答复期限为" in page and "2027-01-" in page
    assert "暂定" in page and "2027年节假日安排尚未公布" in page


def test_resubmitting_the_same_form_registers_once(client):
    data = person()
    assert client.post(NEW, data).status_code == 200
    again = client.post(NEW, data)
    assert again.status_code == 400 and "请勿重复提交" in html(again)
    assert Application.objects.count() == 1


# --- validation -------------------------------------------------------------------------------


def test_missing_fields_are_reported_in_chinese_and_typed_text_is_kept(client):
    data = person(applicant_kind="", description="", provision_form="", delivery_route="")
    response = client.post(NEW, data)
    assert response.status_code == 400
    page = html(response)
    for message in ("请选择申请人类型。", "请填写所需政府信息的内容描述。", "请选择提供形式。"):
        assert message in page
    assert "请选择获取方式。" in page
    assert 'value="张三"' in page and f'value="{ID_NUMBER}"' in page and PHONE in page
    assert not Application.objects.exists()


def test_natural_person_needs_name_and_id(client):
    page = html(client.post(NEW, person(name="", id_document_number="")))
    assert "请填写姓名。" in page and "请填写证件号码。" in page
    assert not Application.objects.exists()


def test_id_card_number_with_wrong_check_digit_is_refused(client):
    response = client.post(NEW, person(id_document_number="110105194912310021"))
    assert response.status_code == 400
    page = html(response)
    assert "居民身份证号码有误（校验位不符），请核对。" in page
    assert 'value="110105194912310021"' in page  # kept for the applicant to correct
    assert "居民身份证号码应为18位。" in html(client.post(NEW, person(id_document_number="1101")))
    assert not Application.objects.exists()


def test_passport_number_is_not_checked_as_an_id_card(client):
    client.post(NEW, person(id_document_type="passport", id_document_number="E12345678"))
    assert Application.objects.get().id_document_type == "passport"


def test_organisation_without_type_is_refused(client):
    response = client.post(NEW, organisation(organisation_type=""))
    assert response.status_code == 400
    assert "请选择组织类型。" in html(response)
    assert not Application.objects.exists()


def test_organisation_needs_valid_credit_code_and_contact_person(client):
    page = html(client.post(NEW, organisation(credit_code="91350100M000100Y44", contact_person="")))
    assert "统一社会信用代码应为18位数字或大写字母，且校验位正确" in page
    assert "请填写联系人。" in page
    assert not Application.objects.exists()


def test_credit_code_check_character():
    assert credit_code_valid(CREDIT_CODE)
    assert not credit_code_valid(CREDIT_CODE[:-1] + "4")
    assert not credit_code_valid("91350100I000100Y43")  # I is not in the alphabet


def test_applicant_must_be_reachable_by_the_route_chosen(client):
    nothing = person(phone="", email="", postal_address="", delivery_route="online")
    assert "请至少填写一种联系方式" in html(client.post(NEW, nothing))
    by_post = person(delivery_route="post")
    assert "选择邮寄的，请填写通信地址。" in html(client.post(NEW, by_post))
    by_email = person(email="", delivery_route="email")
    assert "选择电子邮件的，请填写电子邮箱。" in html(client.post(NEW, by_email))
    bad = person(phone="12345", email="not-an-address")
    page = html(client.post(NEW, bad))
    assert "请填写有效的手机号码或带区号的固定电话。" in page
    assert "请填写有效的电子邮箱地址。" in page and "请至少填写一种联系方式" not in page
    assert not Application.objects.exists()


def test_form_and_route_must_fit(client):
    paper_by_email = person(provision_form="paper", delivery_route="email")
    assert "纸质文本只能邮寄或当面领取。" in html(client.post(NEW, paper_by_email))
    reading_by_post = person(provision_form="inspection", delivery_route="post")
    assert "获取方式请选择当面领取" in html(client.post(NEW, reading_by_post))
    # No fax number is asked for, so a fax cannot be the route.
    assert "fax" not in dict(ApplicationForm().fields["delivery_route"].choices)


# --- protection -------------------------------------------------------------------------------


def test_csrf_is_required():
    response = Client(enforce_csrf_checks=True).post(NEW, person())
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_honeypot_is_refused(client):
    response = client.post(NEW, person(website="http://spam.example"))
    assert response.status_code == 400 and "提交失败" in html(response)
    assert not Application.objects.exists()


def test_wrong_or_too_fast_challenge_is_refused_and_a_new_one_shown(client):
    data = person(answer="99")
    response = client.post(NEW, data)
    page = html(response)
    assert response.status_code == 400 and "验证问题回答错误或已过期" in page
    assert data["token"] not in page and 'value="张三"' in page
    _question, fresh = spam.new_challenge()
    response = client.post(NEW, person(token=fresh))
    assert "提交过快" in html(response) and "验证问题回答错误" not in html(response)
    assert not Application.objects.exists()


def test_a_form_without_its_token_says_why_it_was_refused(client):
    # The token is a hidden field: its own "required" error would not be shown anywhere.
    response = client.post(NEW, person(token=""))
    assert response.status_code == 400 and "验证问题回答错误或已过期" in html(response)
    assert 'value="张三"' in html(response)
    assert not Application.objects.exists()


def test_rate_limit_per_ip(client):
    statuses = [
        client.post(NEW, person(), REMOTE_ADDR="10.1.2.3").status_code
        for _ in range(views.APPLY_LIMIT + 1)
    ]
    assert statuses == [200] * views.APPLY_LIMIT + [429]
    refused = client.post(NEW, person(name="李四"), REMOTE_ADDR="10.1.2.3")
    assert refused.status_code == 429
    assert "提交过于频繁，请一小时后再试。" in html(refused) and 'value="李四"' in html(refused)
    assert Application.objects.count() == views.APPLY_LIMIT
    assert client.post(NEW, person(), REMOTE_ADDR="10.9.9.9").status_code == 200


def test_personal_data_stays_out_of_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(NEW, person())
    client.post(NEW, person(id_document_number="110105194912310021"))
    secret = response.context["secret"]
    client.post("/applications/track/", {"tracking_code": "XXXX", "secret": secret})
    for value in (ID_NUMBER, PHONE, "zhangsan@example.com", secret, "110105194912310021"):
        assert value not in caplog.text
