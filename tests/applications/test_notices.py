"""Each notice a case makes the agency send: its 文号 from the agency's sequence, its text as
the law requires it (articles in Chinese numerals), and the audit entry of its issue."""

import io
from datetime import datetime

import pdfplumber
import pytest
import time_machine
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Agency, DocumentSerial
from gongkai.applications.actions import (
    ACTION_PREFIX,
    ActionError,
    do_close_unanswered,
    do_confirm_receipt,
    do_extend,
    do_notify_third_party_decision,
    do_register,
    do_reply,
    do_request_correction,
    do_send_fee_notice,
    do_start_consultation,
)
from gongkai.applications.letters import document_lines, letter_content, render_document_pdf
from gongkai.applications.models import Application, FeeMethod, Notice, NoticeKind, Outcome, Reply
from tests.applications.conftest import SHANGHAI, at, d
from tests.applications.stated import stated_for

pytestmark = pytest.mark.django_db

REGULATIONS = "《中华人民共和国政府信息公开条例》"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 10, 20, 18, tzinfo=SHANGHAI), tick=False):
        yield


def text(notice: Notice) -> str:
    return "\n".join(document_lines(notice.content))


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as document:
        return "".join(page.extract_text() for page in document.pages).replace("\n", "")


def issued(app, kind) -> Notice:
    return Notice.objects.get(application=app, kind=kind)


# --- 收到申请确认书 (Art. 31) -------------------------------------------------------------------


def test_registering_in_person_issues_the_receipt_with_the_first_number_of_the_year(register):
    app = register().application
    notice = issued(app, NoticeKind.RECEIPT)
    assert notice.number == "甲交依申〔2026〕1号"
    assert (notice.issued_on, notice.to_applicant, notice.addressee) == (
        d(2026, 9, 21),
        True,
        "张三",
    )
    body = text(notice)
    assert body.startswith("甲市交通运输局\n收到申请确认书\n甲交依申〔2026〕1号\n张三：\n")
    assert f"查询码：{app.tracking_code}" in body
    assert f"依据{REGULATIONS}第三十一条第一项的规定，本机关收到申请之日为2026年9月21日。" in body
    assert f"依据{REGULATIONS}第三十三条的规定" in body
    assert "20个工作日内予以答复，答复期限至2026年10月26日" in body
    # The tracking code is the 查询码, never a 文号.
    assert app.tracking_code not in notice.number


def test_an_online_application_gets_its_receipt_when_confirmed(agency_a, officer):
    app = do_register(
        agency=agency_a,
        acting_user=None,
        channel="online",
        arrived_at=at(2026, 9, 21),
        applicant_kind="natural_person",
        applicant_name="王五",
        id_document_type="id_card",
        id_document_number="11010519491231002X",
        description="本市出租车运价调整的听证材料",
        provision_form="electronic",
        delivery_route="online",
    ).application
    assert not app.notices.exists()  # the applicant's own submission sends nothing
    do_confirm_receipt(app, confirmed_on=d(2026, 9, 22), acting_user=officer)
    body = text(issued(app, NoticeKind.RECEIPT))
    assert f"{REGULATIONS}第三十一条第三项" in body
    assert "本机关收到申请之日为2026年9月22日" in body


# --- 补正申请告知书 (Art. 30) -------------------------------------------------------------------


def test_correction_notice_says_what_to_correct_and_the_period_the_agency_gave(register, officer):
    app = register().application
    do_request_correction(
        app,
        on=d(2026, 9, 22),
        correct_by=d(2026, 10, 9),
        acting_user=officer,
        note="所需信息的具体名称\n所涉公交线路的编号",
    )
    notice = issued(app, NoticeKind.CORRECTION)
    assert notice.number == "甲交依申〔2026〕2号"
    assert notice.content["title"] == "补正申请告知书"
    body = text(notice)
    assert f"依据{REGULATIONS}第三十条的规定，请您对以下事项作出补正：" in body
    assert "1. 所需信息的具体名称\n2. 所涉公交线路的编号" in body
    assert "请您于2026年10月9日前向本机关提交补正后的申请。" in body
    assert "答复期限自本机关收到补正的申请之日起计算。" in body
    assert "您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。" in body
    # Art. 30 sets no number of days for the correction: the notice invents none.
    assert "15个工作日" not in body


def test_a_correction_notice_without_the_matters_is_refused(register, officer):
    app = register().application
    with pytest.raises(ActionError, match="需要补正的事项"):
        do_request_correction(
            app, on=d(2026, 9, 22), correct_by=d(2026, 10, 9), acting_user=officer, note=" "
        )
    assert not app.notices.filter(kind=NoticeKind.CORRECTION).exists()


def test_correction_notice_pdf_carries_the_text(register, officer):
    app = register().application
    do_request_correction(
        app, on=d(2026, 9, 22), correct_by=d(2026, 10, 9), acting_user=officer, note="线路编号"
    )
    pdf = pdf_text(render_document_pdf(issued(app, NoticeKind.CORRECTION).content))
    assert "补正申请告知书" in pdf
    assert "甲交依申〔2026〕2号" in pdf
    assert "第三十条" in pdf
    assert "2026年10月9日前" in pdf


# --- 延期答复告知书 (Art. 33 ¶2) ----------------------------------------------------------------


def test_extension_notice_prints_the_approver_and_the_approval_date(register, officer, head):
    head.first_name = "李主任"
    head.save()
    app = register().application
    do_extend(
        app,
        working_days=10,
        reason="需要调取多年档案。",
        approved_by=head,
        approved_on=d(2026, 10, 19),
        notice_sent_on=d(2026, 10, 20),
        acting_user=officer,
    )
    notice = issued(app, NoticeKind.EXTENSION)
    assert notice.issued_on == d(2026, 10, 20)
    body = text(notice)
    assert "因需要调取多年档案，本机关不能在规定期限内作出答复。" in body
    assert "经本机关政府信息公开工作机构负责人李主任于2026年10月19日同意" in body
    assert f"依据{REGULATIONS}第三十三条第二款的规定，答复期限延长10个工作日" in body
    # Mon 10-26 + 10 working days: 10-27 … 10-30, 11-02 … 11-06, 11-09.
    assert "延长后的答复期限至2026年11月9日" in body
    assert app.extensions.get().approved_on == d(2026, 10, 19)


def test_an_approval_after_the_notice_is_refused(register, officer, head):
    app = register().application
    with pytest.raises(ActionError, match="不能晚于延期告知日期"):
        do_extend(
            app,
            working_days=5,
            reason="需要调取档案",
            approved_by=head,
            approved_on=d(2026, 10, 20),
            notice_sent_on=d(2026, 10, 19),
            acting_user=officer,
        )
    assert not app.notices.filter(kind=NoticeKind.EXTENSION).exists()


# --- 征求意见书 (Art. 32, 34) and the Art. 32 decision -------------------------------------------


def test_consultation_of_a_third_party_is_a_letter_to_it_without_the_applicant(register, officer):
    app = register().application
    do_start_consultation(
        app,
        on=d(2026, 9, 22),
        acting_user=officer,
        party_name="九江某某公交有限公司",
        matter="是否同意公开贵公司与本机关签订的线路运营合同",
    )
    notice = issued(app, NoticeKind.CONSULTATION)
    assert (notice.addressee, notice.to_applicant) == ("九江某某公交有限公司", False)
    body = text(notice)
    assert "九江某某公交有限公司：" in body
    assert "需征求意见的事项：是否同意公开贵公司与本机关签订的线路运营合同。" in body
    assert f"依据{REGULATIONS}第三十二条的规定，现书面征求贵方意见" in body
    assert "自收到本征求意见书之日起15个工作日内提出意见" in body
    assert "逾期未提出意见的，由本机关依照" in body
    # The third party learns what is asked, not who asks.
    assert "张三" not in body and "11010519491231002X" not in body
    assert app.tracking_code not in body
    assert app.consultations.get().party_name == "九江某某公交有限公司"


def test_consultation_of_a_co_producing_agency_cites_article_34(register, officer):
    app = register().application
    do_start_consultation(
        app,
        on=d(2026, 9, 22),
        acting_user=officer,
        party_name="九江市公安局交通管理支队",
        party_kind="agency",
        matter="联合发布的线路调整通告",
    )
    body = text(issued(app, NoticeKind.CONSULTATION))
    assert f"依据{REGULATIONS}第三十四条的规定，现征求贵机关意见" in body
    assert "逾期未提出意见的，视为同意公开。" in body


def test_a_consultation_names_its_party(register, officer):
    app = register().application
    with pytest.raises(ActionError, match="请填写征求意见的对象"):
        do_start_consultation(
            app, on=d(2026, 9, 22), acting_user=officer, party_name="", matter="是否同意公开"
        )


def test_third_party_told_of_a_decision_to_disclose_after_its_objection(register, officer):
    app = register().application
    with pytest.raises(ActionError, match="尚未征求第三方意见"):
        do_notify_third_party_decision(
            app,
            party="某公司",
            content="合同",
            reason="公共利益",
            on=d(2026, 9, 30),
            acting_user=officer,
        )
    do_start_consultation(
        app,
        on=d(2026, 9, 22),
        acting_user=officer,
        party_name="九江某某公交有限公司",
        matter="是否同意公开",
    )
    with pytest.raises(ActionError, match="不能早于征求意见日期"):
        do_notify_third_party_decision(
            app,
            party="某公司",
            content="合同",
            reason="公共利益",
            on=d(2026, 9, 21),
            acting_user=officer,
        )
    notice = do_notify_third_party_decision(
        app,
        party="九江某某公交有限公司",
        content="线路运营合同中的票价和补贴条款",
        reason="票价和财政补贴关系公众切身利益",
        on=d(2026, 9, 30),
        acting_user=officer,
    )
    assert (notice.kind, notice.to_applicant) == (NoticeKind.THIRD_PARTY_DECISION, False)
    body = text(notice)
    assert "本机关于2026年9月22日就一件政府信息公开申请" in body
    assert "贵方不同意公开" in body
    assert f"依据{REGULATIONS}第三十二条的规定，本机关决定予以公开" in body
    assert "决定公开的政府信息内容：线路运营合同中的票价和补贴条款。" in body
    assert "决定公开的理由：票价和财政补贴关系公众切身利益。" in body
    assert "贵方如对本答复不服" in body and "申请行政复议，或者" in body


# --- 收取信息处理费通知书 ----------------------------------------------------------------------


def test_fee_notice_gives_basis_standard_amount_how_and_by_when(register, officer):
    app = register().application
    do_send_fee_notice(
        app,
        method=FeeMethod.PER_VOLUME,
        pages=150,
        sent_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="通过江西省非税收入缴款平台缴纳。",
    )
    notice = issued(app, NoticeKind.FEE)
    body = text(notice)
    assert notice.content["title"] == "收取信息处理费通知书"
    assert (
        f"依据{REGULATIONS}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        "第五条的规定，本机关对该申请按量计收信息处理费。"
    ) in body
    assert "计费依据：本申请所需提供的政府信息共150页。" in body
    assert "收费标准：同一政府信息公开申请中，30页以下（含30页）的，不收费" in body
    # 70 pages × 10 元 + 50 pages × 20 元
    assert "应缴金额：人民币1700元。" in body
    assert "缴费方式：通过江西省非税收入缴款平台缴纳。" in body
    assert "请您自收到本通知书之日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请" in body
    pdf = pdf_text(render_document_pdf(notice.content))
    assert "收取信息处理费通知书" in pdf and "人民币1700元" in pdf and "第四十二条" in pdf


def test_a_fee_notice_without_how_to_pay_is_refused(register, officer):
    app = register().application
    with pytest.raises(ActionError, match="缴费方式"):
        do_send_fee_notice(
            app,
            method=FeeMethod.PER_VOLUME,
            pages=150,
            sent_on=d(2026, 9, 22),
            acting_user=officer,
            how_to_pay="",
        )


# --- 终止办理告知书 -----------------------------------------------------------------------------


def test_termination_for_no_correction_cites_article_30_and_offers_remedies(register, officer):
    app = register().application
    do_request_correction(
        app, on=d(2026, 9, 22), correct_by=d(2026, 9, 30), acting_user=officer, note="线路编号"
    )
    do_close_unanswered(app, on=d(2026, 10, 9), acting_user=officer)
    notice = issued(app, NoticeKind.TERMINATION)
    body = text(notice)
    assert "本机关于2026年9月22日告知您补正申请，补正期限至2026年9月30日。" in body
    assert f"您逾期未补正，依据{REGULATIONS}第三十条的规定，视为放弃申请" in body
    assert "本申请于2026年10月9日终止办理。" in body
    assert "60日内" in body and "申请行政复议，或者" in body and "6个月内" in body


def test_termination_for_an_unpaid_fee_names_the_payment_period(register, officer):
    app = register().application
    do_send_fee_notice(
        app,
        method=FeeMethod.PER_VOLUME,
        pages=150,
        sent_on=d(2026, 9, 22),
        received_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="现金",
    )
    with time_machine.travel(datetime(2026, 11, 30, 18, tzinfo=SHANGHAI), tick=False):
        do_close_unanswered(app, on=d(2026, 11, 30), acting_user=officer)
    body = text(issued(app, NoticeKind.TERMINATION))
    assert "本机关于2026年9月22日向您发出收取信息处理费通知书，缴费期限至" in body
    assert "您逾期未缴纳信息处理费" in body
    assert "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，视为放弃申请" in body


# --- the reply --------------------------------------------------------------------------------


def test_the_reply_takes_the_next_number_and_prints_the_tracking_code_as_such(register, officer):
    app = register().application
    reply = do_reply(
        app,
        outcome=Outcome.DISCLOSED,
        **stated_for(Outcome.DISCLOSED),
        text="现提供相关文件。",
        replied_on=d(2026, 10, 9),
        acting_user=officer,
    )
    notice = issued(app, NoticeKind.REPLY)
    assert notice.number == "甲交依申〔2026〕2号"
    letter = letter_content(reply)
    assert letter.reference == "甲交依申〔2026〕2号"
    assert f"（查询码：{app.tracking_code}）" in letter.receipt
    assert notice.content["remedies"] == letter.remedies
    assert text(notice).startswith(
        "甲市交通运输局\n政府信息公开申请答复告知书\n甲交依申〔2026〕2号"
    )


def test_every_issue_is_audited(register, officer):
    app = register().application
    do_reply(
        app,
        outcome=Outcome.DISCLOSED,
        **stated_for(Outcome.DISCLOSED),
        text="现提供相关文件。",
        replied_on=d(2026, 10, 9),
        acting_user=officer,
    )
    entries = ModelLogEntry.objects.for_instance(app).filter(action=ACTION_PREFIX + "issue_notice")
    assert sorted(e.data["data"]["number"] for e in entries) == [
        "甲交依申〔2026〕1号",
        "甲交依申〔2026〕2号",
    ]
    assert {e.data["data"]["kind"] for e in entries} == {"receipt", "reply"}
    assert all(e.user_id == officer.pk for e in entries)


# --- no prefix, no documents ------------------------------------------------------------------


def test_an_agency_without_a_prefix_cannot_reply_and_nothing_is_kept(register, officer, agency_a):
    app = register().application
    Agency.objects.filter(pk=agency_a.pk).update(document_prefix="")
    used = DocumentSerial.objects.get(agency=agency_a, year=2026).last
    with pytest.raises(ActionError, match="管理员") as refusal:
        do_reply(
            app,
            outcome=Outcome.DISCLOSED,
            **stated_for(Outcome.DISCLOSED),
            text="现提供相关文件。",
            replied_on=d(2026, 10, 9),
            acting_user=officer,
        )
    assert refusal.value.code == "missing_document_prefix"
    app = Application.objects.get(pk=app.pk)
    assert app.state == "processing" and not Reply.objects.filter(application=app).exists()
    assert DocumentSerial.objects.get(agency=agency_a, year=2026).last == used


def test_an_agency_without_a_prefix_cannot_register_in_person(agency_a, register):
    Agency.objects.filter(pk=agency_a.pk).update(document_prefix="")
    with pytest.raises(ActionError, match="发文字号前缀"):
        register()
    assert not Application.objects.filter(agency=agency_a).exists()
