"""What a reply must state for its outcome (Art. 36-39): required by the action and the form,
stored on the reply, printed in the letter, shown on the tracking page."""

import pytest
import time_machine
from wagtail.models import ModelLogEntry

from gongkai.applications import particulars
from gongkai.applications.actions import (
    ACTION_PREFIX,
    ActionError,
    do_end_consultation,
    do_reply,
    do_start_consultation,
)
from gongkai.applications.letters import letter_content, letter_docx
from gongkai.applications.models import Application, Outcome, Reply, State

from .conftest import at, d
from .stated import STATED, stated_for
from .test_letters import docx_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(at(2026, 10, 20), tick=False):
        yield


def answer(register, users, outcome, **stated):
    app = register().application
    officer = users["officer_a"]
    if outcome == Outcome.DENIED_THIRD_PARTY:  # Art. 32 first
        do_start_consultation(
            app, on=d(2026, 9, 22), acting_user=officer, party_name="某公司", matter="是否同意公开"
        )
        do_end_consultation(app, on=d(2026, 9, 30), acting_user=officer, result="objects")
    return app, do_reply(
        app,
        outcome=outcome,
        text="答复正文。",
        replied_on=d(2026, 10, 9),
        acting_user=officer,
        **stated,
    )


# Each group of outcomes: what the law makes the reply say, as the letter prints it (by hand).
LETTER = {
    Outcome.ALREADY_PUBLIC: "您申请获取的政府信息已经主动公开，获取的方式和途径："
    "登录甲市交通运输局门户网站“政策文件”栏目查阅。",
    Outcome.DISCLOSED: "您申请获取的政府信息予以公开，获取的方式、途径和时间：随本告知书以电子邮件提供。",
    Outcome.PARTIAL: "您申请获取的政府信息中，部分内容属于行政机关在履行行政管理职能过程中形成的"
    "过程性信息，依据《中华人民共和国政府信息公开条例》第十六条第二款和第三十七条的规定不予公开。"
    "理由：线路调整的内部讨论记录属于过程性信息。",
    Outcome.DENIED_STATE_SECRET: "您申请获取的政府信息属于依法确定为国家秘密的政府信息，依据"
    "《中华人民共和国政府信息公开条例》第十四条的规定，不予公开。理由：经审查，所申请信息属于该项情形。",
    Outcome.DENIED_THIRD_PARTY: "依据《中华人民共和国政府信息公开条例》第十五条的规定，不予公开。",
    Outcome.DENIED_INTERNAL: "您申请获取的政府信息属于行政机关的内部事务信息，依据"
    "《中华人民共和国政府信息公开条例》第十六条第一款的规定，不予公开。",
    Outcome.DENIED_ENFORCEMENT: "属于行政执法案卷信息，依据《中华人民共和国政府信息公开条例》"
    "第十六条第二款的规定，不予公开。",
    Outcome.DENIED_ADMIN_QUERY: "您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的"
    "事项，依据《中华人民共和国政府信息公开条例》第三十六条第七项的规定，请依照《机动车登记规定》"
    "规定的机动车登记信息查询程序，向车辆管理所申请查询办理。",
    Outcome.UNABLE_NOT_THIS_AGENCY: "经查，您申请获取的政府信息不属于本机关负责公开。负责公开该"
    "政府信息的行政机关为甲市公共交通集团有限公司的主管部门甲市城市管理局，联系方式：0792-8123456。",
    Outcome.NP_PETITION: "您提出的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动，"
    "依据《中华人民共和国政府信息公开条例》第三十九条第一款的规定，本机关不作为政府信息公开申请"
    "处理。您可以通过以下途径提出：向甲市信访局（甲市人民路1号）提出信访事项。",
    Outcome.NP_PUBLICATION: "您申请获取的是公开出版物，依据《中华人民共和国政府信息公开条例》"
    "第三十九条第二款的规定，本机关不作为政府信息公开申请处理。您可以通过以下途径获取：向出版单位"
    "或者新华书店购买《甲市年鉴》。",
}


@pytest.mark.parametrize("outcome", list(LETTER), ids=str)
def test_each_outcome_needs_its_content_which_is_stored_and_printed(register, users, outcome):
    stated = stated_for(outcome)
    for missing in stated:  # each required field, left out alone, is refused
        with pytest.raises(ActionError) as refused:
            answer(register, users, outcome, **{k: v for k, v in stated.items() if k != missing})
        assert refused.value.code == "reply_particulars"
    assert not Reply.objects.exists()
    assert Application.objects.filter(state=State.REPLIED).count() == 0

    app, reply = answer(register, users, outcome, **stated)
    reply.refresh_from_db()
    assert {name: getattr(reply, name) for name in stated} == stated
    text = docx_text(letter_docx(reply))
    assert LETTER[outcome] in text
    # Before the officer's own words: what the law requires comes first.
    assert text.index(LETTER[outcome]) < text.index("答复正文。")


def test_partial_disclosure_names_the_ground_and_how_to_obtain_the_rest(register, users):
    _app, reply = answer(register, users, Outcome.PARTIAL, **STATED[Outcome.PARTIAL])
    assert letter_content(reply).reply == (
        LETTER[Outcome.PARTIAL],
        "其余内容予以公开，获取的方式、途径和时间：随本告知书以电子邮件提供其余部分。",
        "答复正文。",
    )


def test_partial_ground_outside_articles_14_to_16_is_refused(register, users):
    stated = {**STATED[Outcome.PARTIAL], "withheld_ground": "art36_7_special_query"}
    with pytest.raises(ActionError, match="第十四条至第十六条"):
        answer(register, users, Outcome.PARTIAL, **stated)
    assert not Reply.objects.exists()


def test_not_this_agency_may_say_the_agency_cannot_be_determined(register, users):
    with pytest.raises(ActionError, match="不能同时勾选"):
        answer(
            register,
            users,
            Outcome.UNABLE_NOT_THIS_AGENCY,
            **STATED[Outcome.UNABLE_NOT_THIS_AGENCY],
            responsible_undetermined=True,
        )
    _app, reply = answer(
        register, users, Outcome.UNABLE_NOT_THIS_AGENCY, responsible_undetermined=True
    )
    assert reply.responsible_undetermined and reply.responsible_agency == ""
    assert (
        "经查，您申请获取的政府信息不属于本机关负责公开。本机关无法确定负责公开该政府信息的行政机关。"
        in docx_text(letter_docx(reply))
    )


def test_fields_the_outcome_does_not_print_are_not_stored(register, users):
    _app, reply = answer(
        register,
        users,
        Outcome.DISCLOSED,
        obtain_how="随本告知书提供。",
        refusal_reason="不相干的理由",
        turn_to="不相干的途径",
    )
    reply.refresh_from_db()
    assert (reply.obtain_how, reply.refusal_reason, reply.turn_to) == ("随本告知书提供。", "", "")
    # The clause's own full stop is not doubled by the sentence's.
    assert "获取的方式、途径和时间：随本告知书提供。" in docx_text(letter_docx(reply))
    assert "随本告知书提供。。" not in docx_text(letter_docx(reply))


def test_outcomes_without_required_content_print_only_the_text(register, users):
    _app, reply = answer(register, users, Outcome.UNABLE_NOT_EXIST)
    assert letter_content(reply).reply == ("答复正文。",)


def test_an_unknown_field_is_a_programming_error(register, users):
    with pytest.raises(TypeError, match="obtain_hw"):
        answer(register, users, Outcome.DISCLOSED, obtain_hw="x")


def test_request_quoted_without_doubled_punctuation(register, users):
    app = register(description="请提供2026年公交线路调整的决定。").application
    reply = do_reply(
        app,
        outcome=Outcome.DISCLOSED,
        text="答复正文。",
        replied_on=d(2026, 10, 9),
        acting_user=users["officer_a"],
        obtain_how="随本告知书提供",
    )
    text = docx_text(letter_docx(reply))
    assert "申请获取“请提供2026年公交线路调整的决定”。" in text
    assert "。”。" not in text
    assert particulars.quote_request("第一行；\n第二行？ ", "甲交〔2026〕1号。") == (
        "“第一行； 第二行”（甲交〔2026〕1号）"
    )


def test_a_natural_person_with_a_credit_code_document_type_stays_masked(register, users):
    # Only an organisation's own registration number is public; a person's number is not.
    app = register(id_document_type="passport", id_document_number="E12345678").application
    assert particulars.identity_number(app) == app.masked_id_number != "E12345678"


# --- through HTTP -------------------------------------------------------------------------------


def test_reply_form_puts_each_missing_item_next_to_its_field(client, persona, register):
    persona(client, "officer_a")
    app = register().application
    response = client.post(
        f"/admin/applications/{app.pk}/do/reply/",
        {"outcome": Outcome.PARTIAL, "text": "部分公开。", "replied_on": "2026-10-09"},
    )
    assert response.status_code == 200
    bound = dict((a.name, f) for a, f in response.context["case_forms"])["reply"]
    assert set(bound.errors) == {"obtain_how", "withheld_ground", "refusal_reason"}
    assert "部分公开的，请选择不予公开部分的理由类别（第三十七条）。" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == State.PROCESSING


def test_reply_through_the_form_is_stored_audited_and_shown_to_the_applicant(
    client, persona, register
):
    persona(client, "officer_a")
    registration = register()
    app = registration.application
    data = {"outcome": Outcome.NP_PETITION, "text": "不予处理。", "replied_on": "2026-10-09"}
    response = client.post(
        f"/admin/applications/{app.pk}/do/reply/",
        {**data, **STATED[Outcome.NP_PETITION], "obtain_how": "被忽略"},
    )
    assert response.status_code == 302
    reply = Reply.objects.get(application=app)
    assert (reply.turn_to, reply.obtain_how) == ("向甲市信访局（甲市人民路1号）提出信访事项", "")
    assert ModelLogEntry.objects.for_instance(app).filter(action=ACTION_PREFIX + "reply").exists()
    staff_page = client.get(f"/admin/applications/{app.pk}/").content.decode()
    assert "申请人可以通过的途径" in staff_page and "向甲市信访局（甲市人民路1号）" in staff_page

    client.logout()
    tracked = client.post(
        "/applications/track/",
        {"tracking_code": app.tracking_code, "secret": registration.secret},
        follow=True,
    ).content.decode()
    assert LETTER[Outcome.NP_PETITION] in tracked


def test_outsider_cannot_reply(client, persona, register):
    persona(client, "officer_b")
    app = register().application
    response = client.post(
        f"/admin/applications/{app.pk}/do/reply/",
        {
            "outcome": Outcome.DISCLOSED,
            "text": "x",
            "replied_on": "2026-10-09",
            **STATED[Outcome.DISCLOSED],
        },
    )
    assert response.status_code == 404 and not Reply.objects.exists()
