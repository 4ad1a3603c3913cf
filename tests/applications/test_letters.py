"""The reply letter (答复告知书): what it says, in DOCX and PDF, for every outcome."""

import io

import docx
import pdfplumber
import pytest
from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from gongkai.applications.actions import (
    do_end_consultation,
    do_receive_correction,
    do_reply,
    do_request_correction,
    do_request_reasons,
    do_start_consultation,
)
from gongkai.applications.letters import (
    LEGAL_BASIS,
    letter_docx,
    letter_filename,
    letter_pdf,
)
from gongkai.applications.models import REPLY_OUTCOMES, Outcome, Reply, ReplyFile
from gongkai.rules.statute import remedies_for

from .conftest import ID_NUMBER, PHONE, d
from .stated import stated_for

# By hand from the Regulations (国务院令第711号): the provision each outcome rests on.
ARTICLES = {
    Outcome.ALREADY_PUBLIC: "第三十六条第一项",  # already proactively public: tell where
    Outcome.DISCLOSED: "第三十六条第二项",  # can be disclosed: provide it
    Outcome.PARTIAL: "第三十七条",  # separable content
    Outcome.DENIED_STATE_SECRET: "第十四条、第三十六条第三项",
    Outcome.DENIED_LAW_PROHIBITS: "第十四条、第三十六条第三项",
    Outcome.DENIED_SECURITY: "第十四条、第三十六条第三项",
    Outcome.DENIED_THIRD_PARTY: "第十五条、第三十六条第三项",
    Outcome.DENIED_INTERNAL: "第十六条第一款、第三十六条第三项",  # 人事、后勤、内部流程
    Outcome.DENIED_PROCESS: "第十六条第二款、第三十六条第三项",  # 过程性信息
    Outcome.DENIED_ENFORCEMENT: "第十六条第二款、第三十六条第三项",  # 行政执法案卷
    Outcome.DENIED_ADMIN_QUERY: "第三十六条第七项",  # 工商、不动产登记资料
    Outcome.UNABLE_NOT_EXIST: "第三十六条第四项",
    Outcome.UNABLE_NOT_THIS_AGENCY: "第三十六条第五项",
    Outcome.UNABLE_NEEDS_CREATION: "第三十八条",
    Outcome.UNABLE_UNCLEAR: "第三十条",
    Outcome.NP_PETITION: "第三十九条第一款",
    Outcome.NP_REPEAT: "第三十六条第六项",
    Outcome.NP_PUBLICATION: "第三十九条第二款",
    Outcome.NP_EXCESSIVE: "第三十五条",
    Outcome.NP_CONFIRM_REISSUE: "第二条、第三十八条",
    Outcome.OTHER_NO_CORRECTION: "第三十条",
    Outcome.OTHER_FEE_UNPAID: "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    Outcome.OTHER: "",  # no article: the Regulations as a whole
}
REGULATIONS = "《中华人民共和国政府信息公开条例》"
MM = 72 / 25.4
MASKED_ID = "110*************2X"  # 18 significant characters: first 3 and last 2 kept
MASKED_PHONE = "138****5678"
REPLY_TEXT = (
    "经检索，现向您提供2026年本市公交线路调整的决定。\n其中涉及个人隐私的内容已作区分处理。"
)


def make_reply(register, users, outcome=Outcome.PARTIAL, **applicant):
    app = register(**applicant).application
    officer = users["officer_a"]
    # The steps these outcomes need first (Art. 30, Art. 32).
    if outcome == Outcome.UNABLE_UNCLEAR:
        do_request_correction(
            app,
            on=d(2026, 9, 22),
            correct_by=d(2026, 9, 30),
            acting_user=officer,
            note="请写明所需信息的具体名称和年份",
        )
        do_receive_correction(app, on=d(2026, 9, 28), acting_user=officer)
    if outcome == Outcome.DENIED_THIRD_PARTY:
        do_start_consultation(
            app, on=d(2026, 9, 22), acting_user=officer, party_name="某公司", matter="是否同意公开"
        )
        do_end_consultation(app, on=d(2026, 9, 30), acting_user=officer, result="agrees")
    if outcome == Outcome.NP_EXCESSIVE:  # Art. 35: the reasons were asked for first
        do_request_reasons(
            app, on=d(2026, 9, 22), note="一个月内提交同类申请30件", acting_user=officer
        )
    if outcome in REPLY_OUTCOMES:
        return do_reply(
            app,
            outcome=outcome,
            text=REPLY_TEXT,
            replied_on=d(2026, 10, 9),
            acting_user=users["officer_a"],
            **stated_for(outcome),
        )
    # Closing outcomes come from their own actions and carry no reply; a reply stored with
    # one must still print rather than crash.
    return Reply.objects.create(
        application=app, outcome=outcome, replied_on=d(2026, 10, 9), text=REPLY_TEXT
    )


def docx_paragraphs(data: bytes):
    return docx.Document(io.BytesIO(data)).paragraphs


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx_paragraphs(data))


def pdf_text(data: bytes) -> str:
    """The text of the type area (without page numbers), lines joined."""
    with pdfplumber.open(io.BytesIO(data)) as document:
        pages = [page.crop((0, 0, page.width, page.height - 35 * MM)) for page in document.pages]
        return "".join(page.extract_text() for page in pages).replace("\n", "")


def pdf_fonts(data: bytes) -> set[str]:
    with pdfplumber.open(io.BytesIO(data)) as document:
        return {c["fontname"] for page in document.pages for c in page.chars}


@pytest.fixture
def reply(register, users):
    reply = make_reply(register, users)
    for name in ("2026年公交线路调整决定.pdf", "调整依据（节选）.pdf"):
        ReplyFile.objects.create(reply=reply, name=name, file=f"applications/replies/{name}")
    return reply


# Everything the letter must say, by hand (the received date is the in-person arrival).
EXPECTED = [
    "甲市交通运输局",
    "政府信息公开申请答复告知书",
    "张三：",
    "本机关于2026年9月21日收到您提出的政府信息公开申请",
    "申请获取“2026年本市公交线路调整的决定及其依据”",
    f"居民身份证{MASKED_ID}",
    f"联系电话{MASKED_PHONE}",
    "经检索，现向您提供2026年本市公交线路调整的决定。",
    "其中涉及个人隐私的内容已作区分处理。",
    f"本机关依据{REGULATIONS}第三十七条的规定作出上述答复，办理结果为：部分公开（区分处理）。",
    "2026年公交线路调整决定.pdf",
    "调整依据（节选）.pdf",
    # A partial disclosure dated after 2024-01-01: its refused part goes to review first.
    "依照《中华人民共和国行政复议法》第二十三条第一款第四项的规定",
    "如对本答复中不予公开的部分不服，应当自收到本告知书之日起60日内先向本级人民政府申请",
    "对行政复议决定不服的，可以再依法向人民法院提起行政诉讼",
    "可以自收到本告知书之日起60日内依照《中华人民共和国行政复议法》向本级人民政府申请",
    "自收到本告知书之日起6个月内依照《中华人民共和国行政诉讼法》向人民法院提起行政诉讼",
    "2026年10月9日",
]


def test_docx_letter_says_everything(reply):
    text = docx_text(letter_docx(reply))
    for expected in EXPECTED:
        assert expected in text
    # The 文号 is the agency's (the receipt took No. 1); the tracking code is the 查询码 only.
    assert "\n甲交依申〔2026〕2号\n" in f"\n{text}\n" or "甲交依申〔2026〕2号张三：" in text
    assert f"〔2026〕{reply.application.tracking_code}号" not in text
    assert f"（查询码：{reply.application.tracking_code}）" in text


def test_pdf_letter_says_the_same(reply):
    text = pdf_text(letter_pdf(reply))
    for expected in EXPECTED:
        assert expected in text
    # The 文号 is the agency's (the receipt took No. 1); the tracking code is the 查询码 only.
    assert "\n甲交依申〔2026〕2号\n" in f"\n{text}\n" or "甲交依申〔2026〕2号张三：" in text
    assert f"〔2026〕{reply.application.tracking_code}号" not in text
    assert f"（查询码：{reply.application.tracking_code}）" in text


@pytest.mark.parametrize("render", [letter_docx, letter_pdf])
def test_identity_numbers_never_appear_in_clear(reply, render):
    data = render(reply)
    text = docx_text(data) if render is letter_docx else pdf_text(data)
    assert ID_NUMBER not in text
    assert PHONE not in text
    assert MASKED_ID in text


def test_pdf_embeds_a_cjk_font(reply):
    fonts = pdf_fonts(letter_pdf(reply))
    assert fonts
    assert all("CJK" in f or f.split("+")[-1] in {"FangSong", "SimHei"} for f in fonts)


def test_docx_letter_is_an_official_page_with_east_asian_fonts(reply):
    document = docx.Document(io.BytesIO(letter_docx(reply)))
    section = document.sections[0]
    assert [section.page_width.mm, section.page_height.mm] == pytest.approx([210, 297], abs=0.05)
    assert section.top_margin.mm == pytest.approx(37, abs=0.05)
    assert section.left_margin.mm == pytest.approx(28, abs=0.05)
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if any("\u4e00" <= ch <= "\u9fff" for ch in run.text):
                assert run._element.rPr.rFonts.get(qn("w:eastAsia")) in {"仿宋", "黑体"}
    titles = document.paragraphs[:2]
    assert [p.text for p in titles] == ["甲市交通运输局", "政府信息公开申请答复告知书"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in titles)


def test_docx_letter_ends_with_agency_and_date_where_the_seal_goes(reply):
    paragraphs = [p for p in docx_paragraphs(letter_docx(reply)) if p.text]
    agency, date = paragraphs[-2:]
    assert (agency.text, date.text) == ("甲市交通运输局", "2026年10月9日")
    assert agency.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # The date four characters (16 pt each) from the right edge; the agency's name is half
    # a character wider (7 characters against 3 and 7 half-width digits), so centred on the
    # date it sits a quarter of a character further right.
    assert date.paragraph_format.right_indent.pt == 64
    assert agency.paragraph_format.right_indent.pt == pytest.approx(64 - 4, abs=0.1)


def test_every_outcome_has_its_hand_checked_legal_basis():
    assert set(LEGAL_BASIS) == set(Outcome) == set(ARTICLES)
    for outcome, article in ARTICLES.items():
        assert LEGAL_BASIS[outcome] == REGULATIONS + article, outcome


@pytest.mark.parametrize("outcome", list(Outcome))
def test_a_letter_renders_for_every_outcome(register, users, outcome):
    reply = make_reply(register, users, outcome)
    decision = f"本机关依据{LEGAL_BASIS[outcome]}的规定作出上述答复"
    words = str(outcome.label).replace("：", "，", 1)
    text = docx_text(letter_docx(reply))
    assert decision in text and words in text
    text = pdf_text(letter_pdf(reply))
    assert decision in text and words in text
    # The reply is dated in 2026: a refusal goes to review first (行政复议法 2023 Art. 23(四)).
    if outcome in remedies_for(reply.replied_on).review_first - {Outcome.PARTIAL}:
        assert "60日内先向本级人民政府申请行政复议" in text and "6个月内" not in text
    else:
        assert "60日内" in text and "6个月内" in text


def test_outcome_in_words_reads_as_a_phrase(register, users):
    reply = make_reply(register, users, Outcome.DENIED_STATE_SECRET)
    text = docx_text(letter_docx(reply))
    assert "办理结果为：不予公开，属于国家秘密。" in text
    assert f"{REGULATIONS}第十四条、第三十六条第三项" in text


def test_organisation_is_addressed_as_such(register, users):
    reply = make_reply(
        register,
        users,
        applicant_kind="legal_person",
        organisation_type="legal_services",
        applicant_name="甲市某某律师事务所",
        id_document_type="credit_code",
        id_document_number="91110105MA01234567",
        phone="",
    )
    text = docx_text(letter_docx(reply))
    assert "甲市某某律师事务所：" in text
    assert "收到贵单位提出的政府信息公开申请" in text
    assert "贵单位如对本答复中不予公开的部分不服" in text
    # An organisation's own credit code is public registration data, printed in full in the
    # letter addressed to it; no phone was given, so none is printed.
    assert "申请人：甲市某某律师事务所（统一社会信用代码91110105MA01234567）。" in text


def test_document_number_is_quoted_with_the_description(register, users):
    reply = make_reply(register, users, document_number="甲交〔2026〕12号")
    text = docx_text(letter_docx(reply))
    assert "申请获取“2026年本市公交线路调整的决定及其依据”（甲交〔2026〕12号）。" in text


def test_no_file_list_without_files(register, users):
    assert "随本告知书提供以下信息" not in docx_text(letter_docx(make_reply(register, users)))


def test_letter_is_chinese_whatever_the_interface_language(reply):
    with translation.override("en"):
        text = docx_text(letter_docx(reply))
    assert "办理结果为：部分公开（区分处理）。" in text
    assert "居民身份证" in text


def test_filename_is_ascii_and_names_the_case(reply):
    code = reply.application.tracking_code
    assert letter_filename(reply, "pdf") == f"gaozhishu-{code}.pdf"
    assert letter_filename(reply, ".DOCX") == f"gaozhishu-{code}.docx"
    assert letter_filename(reply, "pdf").isascii()


@pytest.mark.parametrize("ext", ["", "p df", "../x", "告知书", "pdf\r\nX-Header: 1"])
def test_filename_refuses_a_strange_extension(reply, ext):
    with pytest.raises(ValueError):
        letter_filename(reply, ext)


def test_the_letter_names_the_agency_s_review_body_of_its_date(reply):
    # 行政复议法 Art. 20 ¶3: a letter that names no review body lets the period run a year.
    # Since 2024-01-01 a county bureau's review body is the county government (Art. 24).
    agency = reply.application.agency
    government = type(agency).objects.create(
        name="甲市人民政府", slug="jia-shi-gov", kind="government"
    )
    agency.government = government
    agency.save(update_fields=["government"])
    text = docx_text(letter_docx(Reply.objects.get(pk=reply.pk)))
    assert "向甲市人民政府申请行政复议" in text
    assert "本级人民政府" not in text
