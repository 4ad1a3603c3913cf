"""A message converted into an application through the staff page: the same choices and
checks as the public application form (Art. 29), refusals inside the form, audit, scope."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.casework import ActionError
from gongkai.interaction import actions
from gongkai.interaction.models import Message, MessageState

pytestmark = pytest.mark.django_db
ID_NUMBER = "11010519491231002X"
CREDIT_CODE = "91350100M000100Y43"  # a valid check character (GB 32100-2015)


def submit() -> Message:
    return actions.do_submit(
        Agency.objects.get(slug="agency-a"),
        kind="inquiry",
        subject="申请公开2025年客运补贴发放明细",
        body="请公开2025年客运补贴发放明细。",
        name="孙八",
        phone="13812345678",
        public_allowed=True,
    )[0]


def url(message, action=""):
    return f"/admin/interaction/{message.pk}/" + (f"do/{action}/" if action else "")


def person(**overrides):
    return {
        "applicant_kind": "natural_person",
        "name": "孙八",
        "id_document_type": "id_card",
        "id_document_number": ID_NUMBER,
        "phone": "13812345678",
        "description": "2025年客运补贴发放明细",
        "provision_form": "electronic",
        "delivery_route": "online",
        **overrides,
    }


def organisation(**overrides):
    return {
        "applicant_kind": "legal_person",
        "organisation_name": "九江某运输有限公司",
        "organisation_type": "commercial",
        "credit_code": CREDIT_CODE,
        "contact_person": "钱经理",
        "email": "office@example.com",
        "description": "2025年客运补贴发放明细",
        "document_number": "九交〔2025〕3号",
        "provision_form": "paper",
        "delivery_route": "post",
        "postal_address": "九江市某路2号 332000",
        **overrides,
    }


def convert_section(html: str) -> str:
    start = html.index('id="message-convert"')
    return html[start : html.index("</section>", start)]


def test_the_page_offers_the_public_forms_choices_prefilled_from_the_message(client, persona):
    message = submit()
    persona(client, "officer_a")
    section = convert_section(client.get(url(message)).content.decode())
    for value in ("natural_person", "legal_person", "commercial", "other_org", "passport"):
        assert f'value="{value}"' in section
    for value in ("paper", "electronic", "inspection", "post", "email", "online", "collect"):
        assert f'value="{value}"' in section
    assert 'value="fax"' not in section  # no fax number is asked for, as online
    assert 'value="credit_code"' not in section  # an organisation gives it in its own field
    assert 'value="孙八"' in section and "请公开2025年客运补贴发放明细。" in section
    assert f'action="{url(message, "convert")}#message-convert"' in section


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        (person(description=" "), "description", "请填写所需政府信息的内容描述。"),
        (
            person(id_document_number="110105194912310021"),
            "id_document_number",
            "居民身份证号码有误（校验位不符），请核对。",
        ),
        (person(applicant_kind=""), "applicant_kind", "请选择申请人类型。"),
        (person(applicant_kind="robot"), "applicant_kind", "请从所列选项中选择申请人类型。"),
        (person(id_document_type="credit_code"), "id_document_type", "请从所列选项中选择"),
        (person(delivery_route="fax"), "delivery_route", "请从所列选项中选择获取方式。"),
        (person(provision_form="paper"), "delivery_route", "纸质文本只能邮寄或当面领取。"),
        (person(phone="", email=""), "phone", "请至少填写一种联系方式"),
        (organisation(organisation_type=""), "organisation_type", "请选择组织类型。"),
        (
            organisation(credit_code="91350100M000100Y44"),
            "credit_code",
            "统一社会信用代码应为18位数字或大写字母，且校验位正确，请核对。",
        ),
        (organisation(postal_address=""), "postal_address", "选择邮寄的，请填写通信地址。"),
    ],
)
def test_bad_particulars_are_refused_inside_the_form_and_nothing_is_created(
    client, persona, data, field, error
):
    message = submit()
    persona(client, "officer_a")
    response = client.post(url(message, "convert"), data)
    assert response.status_code == 200
    bound = next(f for a, f in response.context["message_forms"] if a.name == "convert")
    assert field in bound.errors and error in " ".join(bound.errors[field])
    assert error in convert_section(response.content.decode())
    assert not Application.objects.exists()
    assert Message.objects.get(pk=message.pk).state == MessageState.RECEIVED


def test_an_organisation_is_converted_with_every_particular(client, persona):
    message = submit()
    persona(client, "officer_a")
    response = client.post(url(message, "convert"), organisation())
    assert response.status_code == 302 and response["Location"] == url(message)
    app = Application.objects.get()
    assert (
        app.applicant_kind,
        app.organisation_type,
        app.applicant_name,
        app.id_document_type,
        app.id_document_number,
        app.contact_person,
        app.email,
        app.postal_address,
        app.description,
        app.document_number,
        app.provision_form,
        app.delivery_route,
        app.channel,
    ) == (
        "legal_person",
        "commercial",
        "九江某运输有限公司",
        "credit_code",
        CREDIT_CODE,
        "钱经理",
        "office@example.com",
        "九江市某路2号 332000",
        "2025年客运补贴发放明细",
        "九交〔2025〕3号",
        "paper",
        "post",
        "online",
    )
    message.refresh_from_db()
    assert message.state == MessageState.REDIRECTED and message.application_id == app.pk
    entry = ModelLogEntry.objects.for_instance(message).get(
        action="gongkai.interaction.convert_to_application"
    )
    assert entry.user.username == "officer_a" and entry.data["new_state"] == "redirected"
    assert CREDIT_CODE not in str(entry.data)


def test_an_outsider_and_an_editor_cannot_convert_and_the_token_is_needed(client, persona):
    message = submit()
    persona(client, "officer_b")
    assert client.post(url(message, "convert"), person()).status_code == 404
    persona(client, "clerk_a")  # an editor of the agency, the message not assigned to them
    assert client.post(url(message, "convert"), person()).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(get_user_model().objects.get(username="officer_a"))
    assert strict.post(url(message, "convert"), person()).status_code == 403
    assert not Application.objects.exists()


def test_the_action_itself_checks_what_the_form_checks():
    message = submit()
    officer = get_user_model().objects.get(username="officer_a")
    base = {
        "applicant_kind": "natural_person",
        "applicant_name": "孙八",
        "id_document_type": "id_card",
        "id_document_number": ID_NUMBER,
        "phone": "13812345678",
        "description": "2025年客运补贴发放明细",
        "provision_form": "electronic",
        "delivery_route": "online",
    }
    for wrong, words in [
        ({"id_document_number": "110105194912310021"}, "校验位不符"),
        ({"applicant_kind": "legal_person"}, "统一社会信用代码"),
        ({"phone": ""}, "联系方式"),
        ({"description": " "}, "内容描述"),
        ({"applicant_name": ""}, "姓名或名称"),
    ]:
        with pytest.raises(ActionError, match=words):
            actions.do_convert_to_application(message, acting_user=officer, **{**base, **wrong})
    assert not Application.objects.exists()


def test_message_actions_refuse_values_outside_their_lists():
    agency = Agency.objects.get(slug="agency-a")
    with pytest.raises(ActionError, match="不在可选范围内"):
        actions.do_submit(
            agency,
            kind="rant",
            subject="标题",
            body="内容",
            name="孙八",
            phone="13812345678",
            public_allowed=True,
        )
    assert not Message.objects.exists()
    message = submit()
    officer = get_user_model().objects.get(username="officer_a")
    base = {
        "applicant_kind": "natural_person",
        "applicant_name": "孙八",
        "id_document_type": "id_card",
        "id_document_number": ID_NUMBER,
        "phone": "13812345678",
        "description": "2025年客运补贴发放明细",
        "provision_form": "electronic",
        "delivery_route": "online",
    }
    for field in ("applicant_kind", "id_document_type", "provision_form", "delivery_route"):
        with pytest.raises(ActionError, match="不在可选范围内"):
            actions.do_convert_to_application(
                message, acting_user=officer, **{**base, field: "pigeon"}
            )
    assert not Application.objects.exists()
    assert Message.objects.get(pk=message.pk).state == MessageState.RECEIVED
