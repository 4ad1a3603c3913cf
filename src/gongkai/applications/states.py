"""The vocabularies of an application: who applies and how, the channel and the legal
receipt date it gives (Art. 31), the states with their allowed moves, the statutory outcomes.

Kept apart from ``models.py`` (which re-exports them) so that the rules read on their own.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.rules.calendar import shanghai_date

# --- applicant --------------------------------------------------------------------------------


class ApplicantKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("自然人")
    LEGAL_PERSON = "legal_person", _("法人或其他组织")


class OrganisationType(models.TextChoices):
    """The five organisation columns of table 三 (values are the format's column ids)."""

    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_WELFARE = "public_welfare", _("社会公益组织")
    LEGAL_SERVICES = "legal_services", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


class IdDocumentType(models.TextChoices):
    ID_CARD = "id_card", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_TAIWAN = "hmt_permit", _("港澳台居民往来内地通行证或居住证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    OTHER = "other", _("其他身份证明")


class ProvisionForm(models.TextChoices):
    """Art. 29 ¶2(3), Art. 40: the form the applicant asks for."""

    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子数据")
    INSPECTION = "inspection", _("当场阅览、抄录")


class DeliveryRoute(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上获取")
    COLLECT = "collect", _("当面领取")
    FAX = "fax", _("传真")


# --- channel and Art. 31 ------------------------------------------------------------------------


class Channel(models.TextChoices):
    ONLINE = "online", _("互联网渠道")
    IN_PERSON = "in_person", _("当面提交")
    SIGNED_LETTER = "signed_letter", _("需签收的邮件")
    ORDINARY_LETTER = "ordinary_letter", _("无需签收的普通信件")
    FAX = "fax", _("传真")


# Art. 31: which channels fix the legal receipt date by a confirmation with the applicant
# rather than by the physical arrival. Handed in (31(1)): the day it is handed in; post that
# must be signed for (31(2)): the day the agency signs — i.e. the arrival we record; an
# ordinary letter (31(2)): the day the office confirms with the applicant; online or fax
# (31(3)): the day both sides confirm.
CONFIRMATION_CHANNELS = frozenset({Channel.ONLINE, Channel.ORDINARY_LETTER, Channel.FAX})


class ReceiptError(ValueError):
    pass


def legal_receipt_date(
    channel: Channel | str, arrived_at: datetime, confirmed_on: date | None
) -> date | None:
    """The 收到申请之日 of Art. 31 for ``channel``; None while a needed confirmation is missing.

    ``arrived_at`` is the aware moment of physical arrival (for a signed-for letter: the
    signature). Dates are China's calendar dates whatever the server's time zone.
    """
    arrived_on = shanghai_date(arrived_at)
    channel = Channel(channel)
    if channel not in CONFIRMATION_CHANNELS:
        if confirmed_on is not None and confirmed_on != arrived_on:
            raise ReceiptError(f"{channel.label}以实际收到之日为收到申请之日，无需另行确认")
        return arrived_on
    if confirmed_on is None:
        return None
    if confirmed_on < arrived_on:
        raise ReceiptError("确认日期不能早于申请到达日期")
    return confirmed_on


# --- state ---------------------------------------------------------------------------------


class State(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("待确认收到")
    PROCESSING = "processing", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    CONSULTING = "consulting", _("征求意见中")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    REPLIED = "replied", _("已答复")
    WITHDRAWN = "withdrawn", _("已撤回")
    CLOSED = "closed", _("已终止")


#: The allowed moves. A state mapping to itself is an action that keeps the state (an
#: extension, a transfer). Concluded states lead nowhere.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.AWAITING_CONFIRMATION: frozenset(
        {State.AWAITING_CONFIRMATION, State.PROCESSING, State.WITHDRAWN}
    ),
    State.PROCESSING: frozenset(
        {
            State.PROCESSING,
            State.AWAITING_CORRECTION,
            State.CONSULTING,
            State.AWAITING_FEE,
            State.REPLIED,
            State.WITHDRAWN,
        }
    ),
    State.AWAITING_CORRECTION: frozenset({State.PROCESSING, State.WITHDRAWN, State.CLOSED}),
    State.CONSULTING: frozenset({State.CONSULTING, State.PROCESSING, State.WITHDRAWN}),
    State.AWAITING_FEE: frozenset({State.PROCESSING, State.WITHDRAWN, State.CLOSED}),
    State.REPLIED: frozenset(),
    State.WITHDRAWN: frozenset(),
    State.CLOSED: frozenset(),
}

OPEN_STATES = frozenset(s for s, moves in TRANSITIONS.items() if moves)
CONCLUDED_STATES = frozenset(State) - OPEN_STATES


def can_move(old: State | str, new: State | str) -> bool:
    return State(new) in TRANSITIONS[State(old)]


# --- outcome --------------------------------------------------------------------------------


class Outcome(models.TextChoices):
    """办理结果: the statutory list of the 2021 report format (国办公开办函〔2021〕30号).

    Values are the outcome codes of the format data (``outcome_to_row``), so each maps to
    exactly one leaf row of table 三 in both format versions; see ``reporting.outcome_row``.
    """

    ALREADY_PUBLIC = "art36_1_already_public", _("予以公开（已主动公开，告知获取方式、途径）")
    DISCLOSED = "art36_2_disclose", _("予以公开")
    PARTIAL = "art37_partial", _("部分公开（区分处理）")
    DENIED_STATE_SECRET = "art14_state_secret", _("不予公开：属于国家秘密")
    DENIED_LAW_PROHIBITS = "art14_law_prohibits", _("不予公开：其他法律行政法规禁止公开")
    DENIED_SECURITY = "art14_security_stability", _("不予公开：危及“三安全一稳定”")
    DENIED_THIRD_PARTY = "art15_third_party", _("不予公开：保护第三方合法权益")
    DENIED_INTERNAL = "art16_1_internal_affairs", _("不予公开：属于三类内部事务信息")
    DENIED_PROCESS = "art16_2_process_info", _("不予公开：属于四类过程性信息")
    DENIED_ENFORCEMENT = "art16_2_enforcement_file", _("不予公开：属于行政执法案卷")
    DENIED_ADMIN_QUERY = "art36_7_special_query", _("不予公开：属于行政查询事项")
    UNABLE_NOT_EXIST = "art36_4_not_exist", _("无法提供：本机关不掌握相关政府信息（不存在）")
    UNABLE_NOT_THIS_AGENCY = (
        "art36_5_not_this_agency",
        _("无法提供：本机关不掌握相关政府信息（不属于本机关负责公开）"),
    )
    UNABLE_NEEDS_CREATION = "art38_requires_creation", _("无法提供：没有现成信息需要另行制作")
    UNABLE_UNCLEAR = "art30_unclear_after_correction", _("无法提供：补正后申请内容仍不明确")
    NP_PETITION = "art39_1_petition", _("不予处理：信访举报投诉类申请")
    NP_REPEAT = "art36_6_repeat", _("不予处理：重复申请")
    NP_PUBLICATION = "art39_2_publication", _("不予处理：要求提供公开出版物")
    NP_EXCESSIVE = "art35_excessive", _("不予处理：无正当理由大量反复申请")
    NP_CONFIRM_REISSUE = "confirm_or_reissue", _("不予处理：要求行政机关确认或重新出具已获取信息")
    OTHER_NO_CORRECTION = "art30_no_correction", _("其他处理：申请人无正当理由逾期不补正")
    OTHER_FEE_UNPAID = "fee_unpaid", _("其他处理：申请人逾期未按收费通知要求缴纳费用")
    OTHER = "other", _("其他处理：其他")


#: 不予公开: the refusals of disclosure (Art. 14-16, 36(7)).
DENIALS = (
    Outcome.DENIED_STATE_SECRET,
    Outcome.DENIED_LAW_PROHIBITS,
    Outcome.DENIED_SECURITY,
    Outcome.DENIED_THIRD_PARTY,
    Outcome.DENIED_INTERNAL,
    Outcome.DENIED_PROCESS,
    Outcome.DENIED_ENFORCEMENT,
    Outcome.DENIED_ADMIN_QUERY,
)

#: Outcomes a reply may record; the others end a case through their own action.
REPLY_OUTCOMES = frozenset(Outcome) - {
    Outcome.OTHER_NO_CORRECTION,
    Outcome.OTHER_FEE_UNPAID,
    Outcome.OTHER,
}
