"""The text of each notice (告知书、通知书) a case makes the agency send, as the snapshot a
:class:`~gongkai.applications.models.Notice` keeps.

A snapshot is a plain dict (JSON in the database): ``title``, ``agency``, ``reference`` (the
文号), ``addressee``, ``body`` (paragraphs), ``remedies`` (the remedies paragraph, or empty),
``you`` (how the addressee is called, for the online-channel sentence added on service),
``closing`` (contact lines), ``date`` and ``agency_indent``. Each builder is a function of
the case and what the step decided, so a caller (an action, a preview) gives the reference.
Articles are cited in Chinese numerals as the Regulations write them.
"""

from __future__ import annotations

from datetime import date

from django.utils import translation

from gongkai.applications.letters import (
    REGULATIONS,
    agency_contact,
    applicant_you,
    chinese_date,
    online_sentence,
    received_sentence,
    remedies_text,
    requested_text,
    review_body,
    signature_indent,
)
from gongkai.applications.models import Application, Channel, FeeMethod, NoticeKind, Outcome
from gongkai.rules.clock import statute_for
from gongkai.rules.statute import fees_for

#: Art. 31 item by channel: handed in (一), post (二), online or fax (三).
RECEIPT_ITEM = {
    Channel.IN_PERSON: "第一项",
    Channel.SIGNED_LETTER: "第二项",
    Channel.ORDINARY_LETTER: "第二项",
    Channel.ONLINE: "第三项",
    Channel.FAX: "第三项",
}

FEE_STANDARD = {
    # 《政府信息公开信息处理费管理办法》第四条、第五条 (spec disclosure-law.md §8).
    FeeMethod.PER_PIECE: (
        "第四条",
        "同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，"
        "收费标准为100元/件；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件",
    ),
    FeeMethod.PER_VOLUME: (
        "第五条",
        "同一政府信息公开申请中，30页以下（含30页）的，不收费；31—100页（含100页）的部分，"
        "收费标准为10元/页；101—200页（含200页）的部分，收费标准为20元/页；"
        "200页以上的部分，收费标准为40元/页",
    ),
}


def snapshot(
    application: Application,
    kind: NoticeKind,
    *,
    reference: str,
    issued_on: date,
    body: list[str],
    addressee: str = "",
    remedies: str = "",
    you: str = "",
) -> dict:
    """The snapshot of a notice to ``addressee``, by default the applicant."""
    agency = application.agency
    contact = agency_contact(agency)
    return {
        "title": str(kind.label),
        "agency": agency.name,
        "reference": reference,
        "addressee": f"{addressee or application.applicant_name}：",
        "body": [line for line in body if line],
        "remedies": remedies,
        "you": you,
        "closing": [contact] if contact else [],
        "date": chinese_date(issued_on),
        "agency_indent": signature_indent(agency.name, issued_on),
    }


def with_online_channel(content: dict, channel: str) -> dict:
    """``content`` with the online channel for 行政复议 in its remedies paragraph (行政复议法
    Art. 22 ¶2), once; a notice without remedies is unchanged."""
    if not content.get("remedies") or not channel:
        return content
    sentence = online_sentence(content.get("you") or "您", channel)
    if sentence in content["remedies"]:
        return content
    return {**content, "remedies": content["remedies"] + sentence}


def _remedies(app: Application, you: str, on: date, outcome: str) -> str:
    return remedies_text(you, on, outcome, body=review_body(app.agency, on))


# --- the applicant's notices ------------------------------------------------------------------


def receipt_notice(app: Application, *, reference: str, issued_on: date) -> dict:
    """收到申请确认书: the legal receipt date (Art. 31) and the reply period (Art. 33)."""
    with translation.override("zh-hans"):
        you = applicant_you(app)
        periods = statute_for(app.received_on)
        due = chinese_date(app.reply_due) if app.reply_due else ""
        if due and app.provisional:
            due += "（暂定，以国务院公布的节假日安排为准）"
        body = [
            f"{chinese_date(app.arrived_on)}，本机关通过“{Channel(app.channel).label}”收到{you}"
            f"提出的政府信息公开申请（查询码：{app.tracking_code}），申请获取{requested_text(app)}。",
            f"依据{REGULATIONS}第三十一条{RECEIPT_ITEM[Channel(app.channel)]}的规定，"
            f"本机关收到申请之日为{chinese_date(app.received_on)}。",
            f"依据{REGULATIONS}第三十三条的规定，本机关将自收到申请之日起"
            f"{periods.reply.working_days}个工作日内予以答复"
            + (f"，答复期限至{due}" if due else "")
            + "。需要补正申请、征求第三方或者其他机关意见、延长答复期限或者收取信息处理费的，"
            "本机关将另行书面告知。",
            f"{you}可以凭查询码和查询密码在本机关政府信息公开申请查询页面查看办理进度和本机关发出的告知书。",
        ]
        return snapshot(
            app,
            NoticeKind.RECEIPT,
            reference=reference,
            issued_on=issued_on,
            body=body,
        )


def correction_notice(
    app: Application, *, reference: str, issued_on: date, matters: str, correct_by: date
) -> dict:
    """补正申请告知书 (Art. 30): what is to be corrected, and the period the agency gives —
    the Regulations set none ("合理的补正期限"); the reply period restarts from receipt of
    the corrected application; no correction in time without good reason is abandonment."""
    with translation.override("zh-hans"):
        you = applicant_you(app)
        lines = [line.strip() for line in matters.splitlines() if line.strip()]
        body = [
            received_sentence(app, you),
            f"经审查，{you}的申请内容不明确。依据{REGULATIONS}第三十条的规定，"
            f"请{you}对以下事项作出补正：",
            *[f"{n}. {line}" for n, line in enumerate(lines, 1)],
            f"请{you}于{chinese_date(correct_by)}前向本机关提交补正后的申请。"
            "答复期限自本机关收到补正的申请之日起计算。",
            f"{you}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
        return snapshot(
            app,
            NoticeKind.CORRECTION,
            reference=reference,
            issued_on=issued_on,
            body=body,
        )


def extension_notice(
    app: Application,
    *,
    reference: str,
    issued_on: date,
    reason: str,
    working_days: int,
    approver: str,
    approved_on: date,
    new_due: date | None,
) -> dict:
    """延期答复告知书 (Art. 33 ¶2): the reason, who approved and when, the new deadline."""
    with translation.override("zh-hans"):
        you = applicant_you(app)
        longest = statute_for(app.received_on).extension_max.working_days
        reason = reason.strip().rstrip("。；;，,")
        body = [
            received_sentence(app, you),
            f"因{reason}，本机关不能在规定期限内作出答复。",
            f"经本机关政府信息公开工作机构负责人{approver}于{chinese_date(approved_on)}同意，"
            f"依据{REGULATIONS}第三十三条第二款的规定，答复期限延长{working_days}个工作日"
            + (f"，延长后的答复期限至{chinese_date(new_due)}" if new_due else "")
            + f"（延长的期限最长不超过{longest}个工作日）。",
        ]
        return snapshot(
            app,
            NoticeKind.EXTENSION,
            reference=reference,
            issued_on=issued_on,
            body=body,
        )


def fee_notice(
    app: Application,
    *,
    reference: str,
    issued_on: date,
    method: FeeMethod | str,
    basis: int,
    amount: int,
    how_to_pay: str,
) -> dict:
    """收取信息处理费通知书 (Art. 42; 国办函〔2020〕109号): the basis, the standard, the
    amount, how to pay and by when (20 working days from receipt of the notice)."""
    with translation.override("zh-hans"):
        you = applicant_you(app)
        method = FeeMethod(method)
        measures = fees_for(issued_on)
        article, standard = FEE_STANDARD[method]
        days = statute_for(app.received_on).fee_payment.working_days
        counted = (
            f"{you}本自然月内累计提出政府信息公开申请{basis}件，本申请为第{basis}件"
            if method == FeeMethod.PER_PIECE
            else f"本申请所需提供的政府信息共{basis}页"
        )
        body = [
            received_sentence(app, you),
            f"依据{REGULATIONS}第四十二条和{measures.citation if measures else ''}{article}"
            f"的规定，本机关对该申请{method.label}信息处理费。",
            f"计费依据：{counted}。",
            f"收费标准：{standard}。",
            f"应缴金额：人民币{amount}元。",
            f"缴费方式：{how_to_pay.strip().rstrip('。')}。",
            f"请{you}自收到本通知书之日起{days}个工作日内缴纳。逾期未缴纳的，视为放弃申请，"
            "本机关不再处理该政府信息公开申请。",
        ]
        return snapshot(
            app,
            NoticeKind.FEE,
            reference=reference,
            issued_on=issued_on,
            body=body,
        )


def termination_notice(
    app: Application,
    *,
    reference: str,
    issued_on: date,
    outcome: Outcome | str,
    step_on: date,
    limit: date,
) -> dict:
    """终止办理告知书: no correction within the period (Art. 30), or the fee not paid within
    the payment period (fee measures); ``step_on`` is when the notice was sent, ``limit``
    the end of the period."""
    with translation.override("zh-hans"):
        you = applicant_you(app)
        outcome = Outcome(outcome)
        opening = received_sentence(app, you)
        if outcome == Outcome.OTHER_NO_CORRECTION:
            facts = (
                f"本机关于{chinese_date(step_on)}告知{you}补正申请，补正期限至"
                f"{chinese_date(limit)}。{you}逾期未补正，依据{REGULATIONS}第三十条的规定，"
                f"视为放弃申请，本机关不再处理该政府信息公开申请。"
            )
        else:
            measures = fees_for(step_on)
            facts = (
                f"本机关于{chinese_date(step_on)}向{you}发出收取信息处理费通知书，缴费期限至"
                f"{chinese_date(limit)}。{you}逾期未缴纳信息处理费，依据{REGULATIONS}第四十二条和"
                f"{measures.citation if measures else ''}的规定，视为放弃申请，"
                "本机关不再处理该政府信息公开申请。"
            )
        return snapshot(
            app,
            NoticeKind.TERMINATION,
            reference=reference,
            issued_on=issued_on,
            body=[opening, facts, f"本申请于{chinese_date(issued_on)}终止办理。"],
            remedies=_remedies(app, you, issued_on, outcome),
            you=you,
        )


# --- letters to a third party or another agency -----------------------------------------------

THIRD_PARTY = "third_party"
AGENCY = "agency"


def consultation_notice(
    app: Application,
    *,
    reference: str,
    issued_on: date,
    party: str,
    party_kind: str,
    question: str,
    window_days: int,
) -> dict:
    """征求意见书: to a third party (Art. 32) or an agency that made the information with
    this one (Art. 34). It names neither the applicant nor their details nor the tracking
    code: the third party learns what is asked, not who asks."""
    with translation.override("zh-hans"):
        you = "贵机关" if party_kind == AGENCY else "贵方"
        asked = question.strip().rstrip("。")
        body = [
            # Not the tracking code: it is the applicant's key to their case.
            f"本机关于{chinese_date(app.counted_from)}收到一件政府信息公开申请，"
            f"申请获取{requested_text(app)}。",
        ]
        if asked:
            body.append(f"需征求意见的事项：{asked}。")
        if party_kind == AGENCY:
            body.append(
                f"该政府信息由本机关与{you}共同制作。依据{REGULATIONS}第三十四条的规定，"
                f"现征求{you}意见。请{you}自收到本征求意见书之日起{window_days}个工作日内"
                f"提出意见；逾期未提出意见的，视为同意公开。"
            )
        else:
            body += [
                f"本机关认为公开该政府信息可能损害{you}的合法权益。依据{REGULATIONS}第三十二条"
                f"的规定，现书面征求{you}意见。请{you}自收到本征求意见书之日起{window_days}"
                f"个工作日内提出意见；逾期未提出意见的，由本机关依照{REGULATIONS}的规定决定。",
                f"{you}不同意公开且有合理理由的，本机关不予公开。本机关认为不公开可能对公共利益"
                f"造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知{you}。",
            ]
        return snapshot(
            app,
            NoticeKind.CONSULTATION,
            reference=reference,
            issued_on=issued_on,
            addressee=party,
            body=body,
        )


def third_party_decision_notice(
    app: Application,
    *,
    reference: str,
    issued_on: date,
    party: str,
    consulted_on: date | None,
    content: str,
    reason: str,
) -> dict:
    """决定公开告知书 (Art. 32): the third party objected, the agency found that withholding
    may seriously affect the public interest and decided to disclose — in writing, with the
    content disclosed and the reasons. The decision affects the third party, so it carries
    the remedies."""
    with translation.override("zh-hans"):
        you = "贵方"
        asked = f"于{chinese_date(consulted_on)}" if consulted_on else ""
        body = [
            f"本机关{asked}就一件政府信息公开申请所涉政府信息书面征求{you}意见，{you}不同意公开。",
            f"经审查，本机关认为不公开可能对公共利益造成重大影响。依据{REGULATIONS}第三十二条"
            "的规定，本机关决定予以公开。",
            f"决定公开的政府信息内容：{content.strip().rstrip('。')}。",
            f"决定公开的理由：{reason.strip().rstrip('。')}。",
        ]
        return snapshot(
            app,
            NoticeKind.THIRD_PARTY_DECISION,
            reference=reference,
            issued_on=issued_on,
            addressee=party,
            body=body,
            remedies=_remedies(app, you, issued_on, Outcome.DISCLOSED),
            you=you,
        )
