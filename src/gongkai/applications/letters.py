"""The reply letter (政府信息公开申请答复告知书) of a :class:`Reply`, as DOCX and PDF.

Both files carry the same text, built once by :func:`letter_content`: the agency, a
reference, the applicant (identity numbers masked), what was applied for and when it was
received, the reply, the outcome and the article it rests on, the released files, the
remedies, and the agency's name and the date where the seal goes. Letters are in Chinese
whatever language the staff member's interface uses.
"""

from __future__ import annotations

import io
import re
import types
from dataclasses import dataclass
from datetime import date

from django.http import FileResponse, Http404
from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH

from gongkai.agencies.numbering import preview_number
from gongkai.agencies.reconsideration import bodies_text, reconsideration_bodies
from gongkai.applications import particulars
from gongkai.applications.models import ApplicantKind, DeliveryRoute, NoticeKind, Outcome, Reply
from gongkai.documents.docx import OfficialDocument
from gongkai.documents.pdf import render_pdf
from gongkai.rules.statute import remedies_for

TITLE = "政府信息公开申请答复告知书"
REGULATIONS = "《中华人民共和国政府信息公开条例》"

#: The provisions each outcome rests on, in the 2019 Regulations (国务院令第711号). Refusals
#: cite the ground (Art. 14-16) and Art. 36(3), which requires telling the applicant and
#: giving the reason.
LEGAL_BASIS = types.MappingProxyType(
    {
        Outcome.ALREADY_PUBLIC: f"{REGULATIONS}第三十六条第一项",
        Outcome.DISCLOSED: f"{REGULATIONS}第三十六条第二项",
        Outcome.PARTIAL: f"{REGULATIONS}第三十七条",
        Outcome.DENIED_STATE_SECRET: f"{REGULATIONS}第十四条、第三十六条第三项",
        Outcome.DENIED_LAW_PROHIBITS: f"{REGULATIONS}第十四条、第三十六条第三项",
        Outcome.DENIED_SECURITY: f"{REGULATIONS}第十四条、第三十六条第三项",
        Outcome.DENIED_THIRD_PARTY: f"{REGULATIONS}第十五条、第三十六条第三项",
        Outcome.DENIED_INTERNAL: f"{REGULATIONS}第十六条第一款、第三十六条第三项",
        Outcome.DENIED_PROCESS: f"{REGULATIONS}第十六条第二款、第三十六条第三项",
        Outcome.DENIED_ENFORCEMENT: f"{REGULATIONS}第十六条第二款、第三十六条第三项",
        Outcome.DENIED_ADMIN_QUERY: f"{REGULATIONS}第三十六条第七项",
        Outcome.UNABLE_NOT_EXIST: f"{REGULATIONS}第三十六条第四项",
        Outcome.UNABLE_NOT_THIS_AGENCY: f"{REGULATIONS}第三十六条第五项",
        Outcome.UNABLE_NEEDS_CREATION: f"{REGULATIONS}第三十八条",
        Outcome.UNABLE_UNCLEAR: f"{REGULATIONS}第三十条",
        Outcome.NP_PETITION: f"{REGULATIONS}第三十九条第一款",
        Outcome.NP_REPEAT: f"{REGULATIONS}第三十六条第六项",
        Outcome.NP_PUBLICATION: f"{REGULATIONS}第三十九条第二款",
        Outcome.NP_EXCESSIVE: f"{REGULATIONS}第三十五条",
        # No article names this outcome (the 2021 report format added the row). Our reading:
        # confirming or re-issuing is making new information, not providing what exists —
        # Art. 2 (government information is what is recorded and kept) and Art. 38.
        Outcome.NP_CONFIRM_REISSUE: f"{REGULATIONS}第二条、第三十八条",
        Outcome.OTHER_NO_CORRECTION: f"{REGULATIONS}第三十条",
        Outcome.OTHER_FEE_UNPAID: (
            f"{REGULATIONS}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        ),
        # "Other" (e.g. a withdrawal) has no article of its own: the reply text gives the
        # grounds, the letter cites the Regulations as a whole.
        Outcome.OTHER: REGULATIONS,
    }
)

# GB/T 9704 §7.3.5.2, a sealed document: the date 4 characters from the right margin, the
# agency's name centred over the date.
DATE_INDENT = 4


#: Named where the agency's 行政复议机关 of the letter's date is not recorded.
UNNAMED_REVIEW_BODY = "行政复议机关"


def review_body(agency, replied_on: date) -> str:
    """The 行政复议机关 the letter names (行政复议法 Art. 20 ¶3): the agency's recorded
    entry in force on the letter's date, else what the law of that date names for its kind."""
    return bodies_text(reconsideration_bodies(agency, replied_on))


def remedies_text(
    you: str,
    replied_on: date,
    outcome: str,
    *,
    body: str = "",
    online_channel: str = "",
    review_first: frozenset[str] | None = None,
) -> str:
    """The remedies paragraph of a reply of ``outcome`` dated ``replied_on``.

    The law in force on the letter's date decides (statute data, :func:`remedies_for`):
    since 2024-01-01 a refusal of disclosure must go to 行政复议 first (行政复议法 Art. 23(四)),
    and the letter must say so; every other outcome, and every outcome before, offers review
    within the review period or a lawsuit within the litigation period. ``body`` is the
    agency's 行政复议机关 on that date (行政复议法 Art. 20 ¶3: unnamed, the period may stretch
    to a year); ``online_channel`` is where to apply online, required when the letter is
    served online (Art. 22 ¶2); ``review_first`` is the site group's own list of outcomes.
    """
    rules = remedies_for(replied_on)
    body = body or UNNAMED_REVIEW_BODY
    days = f"自收到本告知书之日起{rules.review_days}日内"
    first = (
        f"应当{days}先向{body}申请行政复议，对行政复议决定不服的，可以再依法向人民法院提起行政诉讼"
    )
    choice = (
        f"可以{days}依照{rules.review_law}向{body}申请行政复议，或者自收到本告知书之日起"
        f"{rules.litigation_months}个月内依照{rules.litigation_law}向人民法院提起行政诉讼"
    )
    if not rules.requires_review_first(outcome, review_first):
        text = f"{you}如对本答复不服，{choice}。"
    elif outcome == Outcome.PARTIAL:
        text = (
            f"依照{rules.review_first_citation}的规定，{you}如对本答复中不予公开的部分不服，"
            f"{first}；如对本答复的其他内容不服，{choice}。"
        )
    else:
        text = f"依照{rules.review_first_citation}的规定，{you}如对本答复不服，{first}。"
    return text + online_sentence(you, online_channel) if online_channel else text


def online_sentence(you: str, channel: str) -> str:
    """Where to apply for 行政复议 online (行政复议法 Art. 22 ¶2), for a letter served online."""
    return f"{you}也可以通过{channel}在线提交行政复议申请。"


#: The applicant's chosen routes that serve the letters online (e-mail, the tracking page).
ONLINE_ROUTES = frozenset({DeliveryRoute.EMAIL, DeliveryRoute.ONLINE})


def online_channel_for(application) -> str:
    """The agency's online channel for 行政复议, when the letter goes out online."""
    if application.delivery_route in ONLINE_ROUTES:
        return application.agency.reconsideration_online_channel
    return ""


@dataclass(frozen=True)
class LetterContent:
    agency: str
    reference: str
    addressee: str
    receipt: str
    applicant: str
    reply: tuple[str, ...]
    decision: str
    files: tuple[str, ...]
    remedies: str
    contact: str
    date: str
    agency_indent: float  # in characters: centred over the date (:data:`DATE_INDENT`)


def chinese_date(day: date) -> str:
    # GB/T 9704 §7.3.5.2: Arabic numerals, no leading zeros.
    return f"{day.year}年{day.month}月{day.day}日"


def outcome_words(outcome: Outcome | str) -> str:
    """The outcome as a phrase: "不予公开：属于国家秘密" → "不予公开，属于国家秘密"."""
    return str(Outcome(outcome).label).replace("：", "，", 1)


def _width(text: str) -> float:
    """Width in Chinese characters: ASCII letters and digits take half a character."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def letter_content(reply: Reply, *, reference: str | None = None) -> LetterContent:
    """The letter of a stored reply; its 文号 is the reply notice's (given while it is issued)."""
    application = reply.application
    if reference is None:
        issued = application.notices.filter(kind=NoticeKind.REPLY).first()
        reference = (
            issued.number if issued else preview_number(application.agency, reply.replied_on.year)
        )
    return compose_letter(
        application,
        outcome=reply.outcome,
        replied_on=reply.replied_on,
        text=reply.text,
        files=tuple(file.name for file in reply.files.all()),
        stated=particulars.values_of(reply),
        reference=reference,
        online_channel=online_channel_for(application),
    )


def applicant_you(application) -> str:
    return "您" if application.applicant_kind == ApplicantKind.NATURAL_PERSON else "贵单位"


def requested_text(application) -> str:
    return particulars.quote_request(application.description, application.document_number)


def received_sentence(application, you: str) -> str:
    """The opening every letter and notice to the applicant repeats: when the request was
    received, its tracking code (as such, never as a 文号) and what it asks for."""
    return (
        f"本机关于{chinese_date(application.counted_from)}收到{you}提出的政府信息公开申请"
        f"（查询码：{application.tracking_code}），申请获取{requested_text(application)}。"
    )


def agency_contact(agency) -> str:
    contact = "；".join(
        f"{label}：{value}"
        for label, value in (("联系地址", agency.address), ("联系电话", agency.phone))
        if value
    )
    return f"{contact}。" if contact else ""


def signature_indent(agency_name: str, signed_on: date) -> float:
    """The agency's name centred over the date (GB/T 9704 §7.3.5.2), in characters."""
    centring = (_width(chinese_date(signed_on)) - _width(agency_name)) / 2
    return max(0, DATE_INDENT + centring)


def compose_letter(
    application,
    *,
    outcome: str,
    replied_on: date,
    text: str,
    files: tuple[str, ...],
    reference: str,
    online_channel: str = "",
    stated: dict | None = None,
) -> LetterContent:
    """The letter for ``application`` (stored or not: a preview builds one in memory);
    ``stated`` are the reply's structured fields (``particulars.py``), printed before its text."""
    agency = application.agency
    with translation.override("zh-hans"):
        you = applicant_you(application)
        identity = (
            f"{application.get_id_document_type_display()}"
            f"{particulars.identity_number(application)}"
        )
        if application.phone:
            identity += f"，联系电话{application.masked_phone}"
        return LetterContent(
            agency=agency.name,
            reference=reference,
            addressee=f"{application.applicant_name}：",
            receipt=received_sentence(application, you),
            applicant=f"申请人：{application.applicant_name}（{identity}）。",
            reply=(
                *particulars.paragraphs(outcome, stated or {}, you=you),
                *(line.strip() for line in text.splitlines() if line.strip()),
            ),
            decision=(
                f"本机关依据{LEGAL_BASIS[Outcome(outcome)]}的规定作出上述答复，"
                f"办理结果为：{outcome_words(outcome)}。"
            ),
            files=files,
            remedies=remedies_text(
                you,
                replied_on,
                outcome,
                body=review_body(agency, replied_on),
                online_channel=online_channel,
            ),
            contact=agency_contact(agency),
            date=chinese_date(replied_on),
            agency_indent=signature_indent(agency.name, replied_on),
        )


def letter_snapshot(letter: LetterContent, *, you: str = "") -> dict:
    """The reply letter as a notice snapshot (``notice_texts``), in its print order."""
    body = [
        letter.receipt,
        letter.applicant,
        "经审查，现答复如下：",
        *letter.reply,
        letter.decision,
    ]
    if letter.files:
        body.append("随本告知书提供以下信息：")
        body += [f"{number}. {name}" for number, name in enumerate(letter.files, 1)]
    return {
        "title": TITLE,
        "agency": letter.agency,
        "reference": letter.reference,
        "addressee": letter.addressee,
        "body": body,
        "remedies": letter.remedies,
        "you": you,
        "closing": [letter.contact] if letter.contact else [],
        "date": letter.date,
        "agency_indent": letter.agency_indent,
    }


def letter_lines(letter: LetterContent) -> list[str]:
    """The letter as lines of text, in the order the DOCX and the PDF print them."""
    return document_lines(letter_snapshot(letter))


def document_lines(content: dict) -> list[str]:
    """A notice snapshot as lines of text, in the order the DOCX and the PDF print them."""
    lines = [content["agency"], content["title"], content["reference"], content["addressee"]]
    lines += content["body"]
    if content["remedies"]:
        lines.append(content["remedies"])
    lines += content["closing"]
    return [*lines, "", content["agency"], content["date"]]


def letter_docx(reply: Reply) -> bytes:
    return render_docx(letter_content(reply))


def render_docx(letter: LetterContent) -> bytes:
    return render_document_docx(letter_snapshot(letter))


def render_document_docx(content: dict) -> bytes:
    doc = OfficialDocument(title=content["title"], author=content["agency"])
    doc.title(content["agency"], space_after=False)
    doc.title(content["title"])
    right = {"indent": False, "align": WD_ALIGN_PARAGRAPH.RIGHT}
    doc.paragraph(content["reference"], **right, right_indent_chars=1)
    doc.paragraph(content["addressee"], indent=False)
    for text in content["body"]:
        doc.paragraph(text)
    if content["remedies"]:
        doc.paragraph(content["remedies"])
    for text in content["closing"]:
        doc.paragraph(text)
    for _ in range(2):  # room for the seal, which overlaps the name and the date
        doc.paragraph("", indent=False)
    doc.paragraph(content["agency"], **right, right_indent_chars=content["agency_indent"])
    doc.paragraph(content["date"], **right, right_indent_chars=DATE_INDENT)
    return doc.to_bytes()


def letter_pdf(reply: Reply) -> bytes:
    return render_letter_pdf(letter_content(reply))


def render_letter_pdf(letter: LetterContent) -> bytes:
    return render_document_pdf(letter_snapshot(letter))


def render_document_pdf(content: dict) -> bytes:
    context = {"doc": content, "date_indent": DATE_INDENT}
    return render_pdf("applications/letter/notice.html", context)


def letter_filename(reply: Reply, ext: str) -> str:
    """``gaozhishu-<tracking code>.<ext>``: ASCII, safe in a Content-Disposition header."""
    ext = ext.lstrip(".").lower()
    if not re.fullmatch(r"[a-z0-9]{1,8}", ext):
        raise ValueError(f"not a file extension: {ext!r}")
    code = re.sub(r"[^A-Za-z0-9-]", "", reply.application.tracking_code)
    return f"gaozhishu-{code}.{ext}"


def letter_response(reply, ext: str):
    """The letter as a download (``ext`` docx or pdf), for the staff and the applicant's views
    once each has checked access; another extension is a 404."""
    render = {"docx": render_document_docx, "pdf": render_document_pdf}.get(ext)
    if render is None:
        raise Http404("No such format")
    issued = reply.application.notices.filter(kind=NoticeKind.REPLY).first()
    # The letter as issued (its snapshot); a reply from before notices were kept, composed now.
    content = issued.content if issued else letter_snapshot(letter_content(reply))
    return FileResponse(
        io.BytesIO(render(content)), as_attachment=True, filename=letter_filename(reply, ext)
    )
