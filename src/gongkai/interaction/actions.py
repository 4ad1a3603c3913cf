"""Every change to a message goes through one of these functions (``gongkai.casework``):
atomic, the message row locked, the move checked against ``models.TRANSITIONS``, audited as
``gongkai.interaction.<action>``, notices sent after the commit."""

import secrets

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.access import staff_profile
from gongkai.agencies.policy import Capability, can, department_id_of_user, holders
from gongkai.applications import tracking
from gongkai.applications.actions import Registration, do_register
from gongkai.applications.forms import compact, id_document_error
from gongkai.applications.models import (
    APPLICANT_AND_REQUEST,
    ApplicantKind,
    Channel,
    IdDocumentType,
)
from gongkai.casework import (
    ActionError,
    after_commit,
    audit,
    check_choice,
    check_transition,
    locked,
    save_with_unique_code,
)
from gongkai.interaction.audit import AUDIT
from gongkai.interaction.models import (
    OPEN_STATES,
    TRANSITIONS,
    Campaign,
    Message,
    MessageKind,
    MessageState,
    ReplyPolicy,
)
from gongkai.privacy import mask_text
from gongkai.rules.interaction import DEFAULT_REPLY_WORKDAYS, needs_alarm, reply_due, reply_workdays
from gongkai.workdays.models import current_calendar


def new_tracking_code() -> str:
    # "LY" (留言) keeps a message's code apart from an application's at a glance.
    return "LY" + "".join(secrets.choice(tracking.ALPHABET) for _ in range(8))


def reply_workdays_for(agency, kind: str) -> int:
    policy = ReplyPolicy.objects.filter(agency=agency).first()
    if policy is None:
        return DEFAULT_REPLY_WORKDAYS[kind]
    return getattr(policy, f"{kind}_days")


def _locked(message: Message) -> Message:
    return locked(Message, message.pk, related=("agency", "department"))


def _move(message: Message, new_state: str, action: str, user, **data) -> None:
    """Check, save and audit the move of ``message`` (locked) to ``new_state``."""
    old = MessageState(message.state)
    check_transition(
        TRANSITIONS,
        old,
        new_state,
        message=_("留言当前状态为“%(old)s”，不能执行此操作。") % {"old": old.label},
        english=f"The message is {old.value}; this cannot be done now.",
    )
    message.state = new_state
    message.save()
    audit(message, AUDIT, action, user=user, old_state=old, new_state=new_state, **data)


def _sync(original: Message, changed: Message) -> Message:
    """Give the caller's instance the values the action stored."""
    original.refresh_from_db()
    return changed


@transaction.atomic
def do_submit(
    agency,
    *,
    kind,
    subject,
    body,
    name,
    phone,
    public_allowed,
    campaign=None,
    ip_hash="",
    content_hash="",
    received_at=None,
) -> tuple[Message, str]:
    """Accept a message from the public; returns it and the secret shown once to the writer."""
    kind = check_choice(MessageKind, kind, _("留言类型"))
    if campaign is not None and campaign.agency_id != agency.pk:
        raise ActionError(_("征集活动不属于该机关。"), "The campaign belongs to another agency.")
    received_at = received_at or timezone.now()
    due = reply_due(
        current_calendar(), timezone.localdate(received_at), reply_workdays_for(agency, kind)
    )
    secret = tracking.new_secret()
    message = Message(
        agency=agency,
        kind=kind,
        campaign=campaign,
        subject=subject,
        body=body,
        name=name,
        phone=phone,
        public_allowed=public_allowed,
        received_at=received_at,
        secret_hash=tracking.hash_secret(secret),
        content_hash=content_hash,
        ip_hash=ip_hash,
        due_on=due.on,
        due_provisional=due.provisional,
    )
    save_with_unique_code(message, "tracking_code", new_tracking_code)
    audit(message, AUDIT, "submit", user=None, new_state=message.state, kind=kind)
    return message, secret


def find_by_tracking(code: str, secret: str) -> Message | None:
    """The message for a tracking code and its secret; None for any mismatch, said the same way."""
    message = Message.objects.filter(tracking_code=code.strip().upper()).first()
    # An unknown code is compared against a hash nobody knows: same time, same answer.
    stored = message.secret_hash if message else "0" * 64
    if not tracking.secret_matches(secret.strip(), stored) or message is None:
        return None
    return message


def access_message(user, pk, *, write=False) -> Message:
    """A message of the user's own agency; 404 for any other. Supervisors read, never write."""
    message = Message.objects.filter(pk=pk).select_related("agency", "department").first()
    if message is None:
        raise Http404("No such message")
    if not write and can(user, Capability.MESSAGES_LIST, message.agency_id):
        return message
    if not can_write(user, message):
        raise Http404("No such message")
    return message


def assigned_to_user(user, message: Message) -> bool:
    """A department editor works on a message once it is assigned to their department."""
    return (
        message.department_id is not None
        and can(user, Capability.MESSAGES_ASSIGNED, message.agency_id)
        and department_id_of_user(user) == message.department_id
    )


def can_write(user, message: Message) -> bool:
    """The disclosure office handles its agency's messages; an editor drafts the reply to
    one assigned to their department. Supervisors and agency admins only read."""
    return can(user, Capability.MESSAGES_HANDLE, message.agency_id) or assigned_to_user(
        user, message
    )


def sees_personal_data(user, message: Message) -> bool:
    """Whether the writer's phone is shown in clear (the disclosure office only)."""
    return can(user, Capability.MESSAGES_PERSONAL, message.agency_id)


def _own_staff(user, message: Message):
    """The user's profile when they are staff of the message's agency; else PermissionDenied.

    The staff views already answer another agency's message with 404; the actions check it
    again so that no other caller (a command, a future API) can act across agencies.
    """
    if not can_write(user, message):
        raise PermissionDenied(_("只能处理本机关收到的留言。"))
    return staff_profile(user)


def _require_approver(user, message: Message) -> None:
    _own_staff(user, message)
    if not can(user, Capability.MESSAGES_HANDLE, message.agency_id):
        raise PermissionDenied(_("只有本机关政府信息公开工作机构的人员可以审核答复。"))


@transaction.atomic
def do_assign(message: Message, department, *, acting_user) -> Message:
    _require_approver(acting_user, message)
    if department.agency_id != message.agency_id:
        raise ActionError(_("只能转办给本机关的股室。"), "Only a department of this agency.")
    changed = _locked(message)
    changed.department = department
    _move(changed, MessageState.ASSIGNED, "assign", acting_user, department=department.name)
    return _sync(message, changed)


@transaction.atomic
def do_draft_reply(message: Message, text: str, *, acting_user) -> Message:
    if can(acting_user, Capability.MESSAGES_ASSIGNED, message.agency_id) and not can_write(
        acting_user, message
    ):
        raise PermissionDenied(_("只有承办股室或公开办可以起草答复。"))
    profile = _own_staff(acting_user, message)
    if not text.strip():
        raise ActionError(_("答复内容不能为空。"), "The reply is empty.")
    changed = _locked(message)
    changed.reply = text.strip()
    changed.reply_drafted_by = acting_user
    changed.reply_department = changed.department or profile.department
    _move(changed, MessageState.DRAFTED, "draft_reply", acting_user)
    return _sync(message, changed)


@transaction.atomic
def do_approve_reply(
    message: Message, *, acting_user, public=True, private_reason="", replied_at=None
) -> Message:
    """Publish the message and its reply together (the reply may be kept private, with a reason).

    ``replied_at`` is for a reply carried over from an earlier system with its own time
    (the demo's history); it cannot lie in the future or before the message came in."""
    _require_approver(acting_user, message)
    if not public and not private_reason.strip():
        raise ActionError(_("答复不公开时必须填写理由。"), "A reply kept private needs a reason.")
    now = timezone.now()
    if replied_at is not None:
        if not message.received_at <= replied_at <= now:
            raise ActionError(
                _("答复时间须在收到留言之后、当前时间之前。"),
                "The reply's time must lie between the message's arrival and now.",
            )
        now = replied_at
    changed = _locked(message)
    changed.reply_approved_by = acting_user
    changed.replied_at = now
    changed.reply_public = public
    changed.reply_private_reason = "" if public else private_reason.strip()
    changed.reply_workdays = reply_workdays(
        current_calendar(), timezone.localdate(changed.received_at), timezone.localdate(now)
    )
    _move(changed, MessageState.ANSWERED, "approve_reply", acting_user, public=public)
    return _sync(message, changed)


@transaction.atomic
def do_redirect(message: Message, explanation: str, *, acting_user) -> Message:
    """A petition (信访) or an application in disguise: point the writer to the proper channel."""
    _require_approver(acting_user, message)
    if not explanation.strip():
        raise ActionError(
            _("请填写转其他渠道的公开说明。"), "Explain publicly where the writer should turn."
        )
    changed = _locked(message)
    changed.redirect_explanation = explanation.strip()
    changed.replied_at = timezone.now()
    _move(changed, MessageState.REDIRECTED, "redirect", acting_user)
    return _sync(message, changed)


@transaction.atomic
def do_rate(message: Message, rating: int) -> Message:
    """The writer rates the reply once."""
    changed = _locked(message)
    if changed.state != MessageState.ANSWERED:
        raise ActionError(_("答复之后才能评价。"), "A message is rated after its reply.")
    if changed.rating is not None:
        raise ActionError(_("每条留言只能评价一次。"), "A message is rated once.")
    if rating not in range(1, 6):
        raise ActionError(_("评价应为1至5星。"), "A rating is 1 to 5 stars.")
    changed.rating = rating
    changed.rated_at = timezone.now()
    changed.save(update_fields=["rating", "rated_at"])
    message.rating, message.rated_at = changed.rating, changed.rated_at
    audit(changed, AUDIT, "rate", user=None, old_state=changed.state, rating=rating)
    return changed


def send_alarms(today=None) -> list[Message]:
    """Alarm the agency and the supervisors once for every message unanswered for 60 days."""

    today = today or timezone.localdate()
    alarmed = []
    for message in Message.objects.filter(
        alarm_sent_at__isnull=True, state__in=OPEN_STATES
    ).select_related("agency"):
        if not needs_alarm(timezone.localdate(message.received_at), today):
            continue
        # Claimed with a conditional UPDATE: two runs never send the same alarm twice.
        if not Message.objects.filter(pk=message.pk, alarm_sent_at__isnull=True).update(
            alarm_sent_at=timezone.now()
        ):
            continue
        supervisors = (
            holders(Capability.SUPERVISE, message.agency_id)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        recipients = [e for e in [message.agency.email, *supervisors] if e]
        subject = f"留言超过60天未答复：{message.tracking_code}"
        text = (
            f"{message.agency.name}收到的留言“{mask_text(message.subject)}”"
            f"（查询码 {message.tracking_code}，"
            f"受理于{timezone.localdate(message.received_at):%Y年%m月%d日}）已超过60天未答复。"
            "网站检查指标规定留言超过3个月未答复即为单项否决，请尽快答复。"
        )
        if recipients:
            after_commit(
                lambda s=subject, t=text, r=recipients: send_mail(
                    s, t, None, r, fail_silently=False
                )
            )
        alarmed.append(message)
    return alarmed


#: What a conversion takes, as the public application form gives it (``registration()``).
# The applicant and request fields of Art. 29, as the application records them.
CONVERSION_FIELDS = frozenset(APPLICANT_AND_REQUEST)


def _check_conversion(details: dict) -> dict:
    """The applicant's particulars of Art. 29 as the public form checks them: the kind, the
    organisation type, the identity document and its number, a way to reach them."""
    unknown = set(details) - CONVERSION_FIELDS
    if unknown:
        raise TypeError(f"unexpected fields of a conversion: {sorted(unknown)}")
    details = {k: str(v or "").strip() for k, v in details.items()}
    kind = check_choice(ApplicantKind, details.get("applicant_kind"), _("申请人类型"))
    check_choice(IdDocumentType, details.get("id_document_type"), _("身份证明类型"))
    if (
        kind == ApplicantKind.LEGAL_PERSON
        and details["id_document_type"] != IdDocumentType.CREDIT_CODE
    ):
        raise ActionError(
            _("法人或其他组织以统一社会信用代码作为身份证明。"),
            "An organisation is identified by its unified social credit code.",
        )
    if not details.get("applicant_name") or not details.get("id_document_number"):
        raise ActionError(
            _("转为政府信息公开申请须填写申请人的姓名或名称和身份证明（《条例》第二十九条）。"),
            "An application needs the applicant's name and proof of identity (Art. 29).",
        )
    details["id_document_number"] = compact(details["id_document_number"])
    error = id_document_error(details["id_document_type"], details["id_document_number"])
    if error:
        raise ActionError(str(error), "The identity document number is not valid.")
    if not any(details.get(k) for k in ("phone", "email", "postal_address")):
        raise ActionError(
            _("请至少填写一种联系方式：联系电话、电子邮箱或通信地址。"),
            "Give at least one way to reach the applicant.",
        )
    return details


@transaction.atomic
def do_convert_to_application(message: Message, *, acting_user, **details) -> Registration:
    """A message that is really an application for information becomes one (Art. 27-29).

    The application keeps the message's receipt: it came through the internet channel and
    the agency accepted it on the day it accepted the message (Art. 31). ``details`` are the
    applicant's particulars and the request as the public application form asks for them
    (:data:`CONVERSION_FIELDS`), obtained by the office from the writer; they are checked as
    that form checks them, and ``do_register`` refuses values outside its lists.
    """
    _require_approver(acting_user, message)
    details = _check_conversion(details)
    changed = _locked(message)
    # Checked before registering: a refused move must not leave an application behind.
    check_transition(
        TRANSITIONS,
        changed.state,
        MessageState.REDIRECTED,
        message=_("留言当前状态为“%(old)s”，不能执行此操作。")
        % {"old": MessageState(changed.state).label},
    )
    registration = do_register(
        agency=changed.agency,
        acting_user=acting_user,
        channel=Channel.ONLINE,
        arrived_at=changed.received_at,
        confirmed_on=timezone.localdate(changed.received_at),
        **details,
    )
    changed.application = registration.application
    # The public explanation names no code: only the writer, told in private, follows the case.
    changed.redirect_explanation = _(
        "该留言属于政府信息公开申请，已转按依申请公开程序办理，答复期限自留言受理之日起计算。"
    )
    changed.replied_at = timezone.now()
    _move(
        changed,
        MessageState.REDIRECTED,
        "convert_to_application",
        acting_user,
        application=registration.application.pk,
    )
    _sync(message, changed)
    return registration


# --- the agency's settings --------------------------------------------------------------------


def _check_settings(user, agency) -> None:
    if not can(user, Capability.MESSAGES_SETTINGS, agency.pk):
        raise PermissionDenied(_("只有本机关的公开办和管理员可以修改留言设置。"))


@transaction.atomic
def do_set_reply_policy(agency, *, days: dict[str, int], acting_user) -> ReplyPolicy:
    """Set the agency's reply deadlines (working days per message kind, 1 to 60)."""
    _check_settings(acting_user, agency)
    if set(days) != set(DEFAULT_REPLY_WORKDAYS) or not all(1 <= n <= 60 for n in days.values()):
        raise ActionError(
            _("答复期限应为1至60之间的整数（工作日）。"),
            "Reply deadlines are whole numbers of working days from 1 to 60.",
        )
    policy, _created = ReplyPolicy.objects.select_for_update().get_or_create(agency=agency)
    old = {kind: getattr(policy, f"{kind}_days") for kind in days}
    for kind, n in days.items():
        setattr(policy, f"{kind}_days", n)
    policy.save()
    audit(policy, AUDIT, "set_reply_policy", user=acting_user, old=old, new=days)
    return policy


@transaction.atomic
def do_open_campaign(agency, *, title: str, description: str = "", acting_user) -> Campaign:
    _check_settings(acting_user, agency)
    title = title.strip()
    if not title:
        raise ActionError(_("请填写活动名称。"), "Give the campaign a title.")
    campaign = Campaign.objects.create(agency=agency, title=title[:100], description=description)
    audit(campaign, AUDIT, "open_campaign", user=acting_user, new_state="open")
    return campaign


@transaction.atomic
def do_toggle_campaign(campaign: Campaign, *, acting_user) -> Campaign:
    """Close an open campaign, or open a closed one again."""
    _check_settings(acting_user, campaign.agency)
    changed = locked(Campaign, campaign.pk)
    old = "open" if changed.is_open else "closed"
    changed.is_open = not changed.is_open
    changed.save(update_fields=["is_open"])
    new = "open" if changed.is_open else "closed"
    audit(changed, AUDIT, "toggle_campaign", user=acting_user, old_state=old, new_state=new)
    return changed
