"""Every change to a message goes through one of these functions (atomic, audited)."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from gongkai.agencies.access import is_supervisor, staff_profile
from gongkai.agencies.models import Role
from gongkai.applications import tracking
from gongkai.interaction.models import TRANSITIONS, Message, MessageState, ReplyPolicy
from gongkai.privacy import mask_text
from gongkai.rules.interaction import DEFAULT_REPLY_WORKDAYS, needs_alarm, reply_due, reply_workdays
from gongkai.workdays.models import current_calendar

APPROVER_ROLES = {
    Role.REVIEWER,
    Role.DISCLOSURE_OFFICER,
    Role.DISCLOSURE_HEAD,
    Role.AGENCY_ADMIN,
}


def _new_tracking_code() -> str:
    # "LY" (留言) keeps a message's code apart from an application's at a glance.
    while True:
        code = "LY" + "".join(secrets.choice(tracking.ALPHABET) for _ in range(8))
        if not Message.objects.filter(tracking_code=code).exists():
            return code


def reply_workdays_for(agency, kind: str) -> int:
    policy = ReplyPolicy.objects.filter(agency=agency).first()
    if policy is None:
        return DEFAULT_REPLY_WORKDAYS[kind]
    return getattr(policy, f"{kind}_days")


def _move(message: Message, new_state: str, action: str, user, **data) -> None:
    old = message.state
    if new_state not in TRANSITIONS[MessageState(old)]:
        raise ValidationError(
            _("留言当前状态为“%(old)s”，不能执行此操作。") % {"old": MessageState(old).label}
        )
    message.state = new_state
    message.save()
    log(instance=message, action=action, user=user, data={"from": old, "to": new_state, **data})


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
    received_at = received_at or timezone.now()
    due = reply_due(
        current_calendar(), timezone.localdate(received_at), reply_workdays_for(agency, kind)
    )
    secret = tracking.new_secret()
    message = Message.objects.create(
        agency=agency,
        kind=kind,
        campaign=campaign,
        subject=subject,
        body=body,
        name=name,
        phone=phone,
        public_allowed=public_allowed,
        received_at=received_at,
        tracking_code=_new_tracking_code(),
        secret_hash=tracking.hash_secret(secret),
        content_hash=content_hash,
        ip_hash=ip_hash,
        due_on=due.on,
        due_provisional=due.provisional,
    )
    log(instance=message, action="gongkai.message.received", data={"kind": kind})
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
    if is_supervisor(user) and not write:
        return message
    if not can_write(user, message):
        raise Http404("No such message")
    return message


def can_write(user, message: Message) -> bool:
    """Whether the user is staff of the message's agency: reads it, and acts per role."""
    profile = staff_profile(user)
    return profile is not None and profile.agency_id == message.agency_id


def _own_staff(user, message: Message):
    """The user's profile when they are staff of the message's agency; else PermissionDenied.

    The staff views already answer another agency's message with 404; the actions check it
    again so that no other caller (a command, a future API) can act across agencies.
    """
    if not can_write(user, message):
        raise PermissionDenied(_("只能处理本机关收到的留言。"))
    return staff_profile(user)


def _require_approver(user, message: Message) -> None:
    if not _own_staff(user, message).has_role(*APPROVER_ROLES):
        raise PermissionDenied(_("只有审核人、公开办或机关管理员可以审核答复。"))


@transaction.atomic
def do_assign(message: Message, department, *, acting_user) -> None:
    _require_approver(acting_user, message)
    if department.agency_id != message.agency_id:
        raise ValidationError(_("只能转办给本机关的股室。"))
    message.department = department
    _move(
        message,
        MessageState.ASSIGNED,
        "gongkai.message.assigned",
        acting_user,
        department=department.name,
    )


@transaction.atomic
def do_draft_reply(message: Message, text: str, *, acting_user) -> None:
    profile = _own_staff(acting_user, message)
    if profile.roles == {Role.EDITOR} and profile.department_id != message.department_id:
        raise PermissionDenied(_("只有承办股室或审核人可以起草答复。"))
    if not text.strip():
        raise ValidationError(_("答复内容不能为空。"))
    message.reply = text.strip()
    message.reply_drafted_by = acting_user
    message.reply_department = message.department or profile.department
    _move(message, MessageState.DRAFTED, "gongkai.message.drafted", acting_user)


@transaction.atomic
def do_approve_reply(message: Message, *, acting_user, public=True, private_reason="") -> None:
    """Publish the message and its reply together (the reply may be kept private, with a reason)."""
    _require_approver(acting_user, message)
    if not public and not private_reason.strip():
        raise ValidationError(_("答复不公开时必须填写理由。"))
    now = timezone.now()
    message.reply_approved_by = acting_user
    message.replied_at = now
    message.reply_public = public
    message.reply_private_reason = "" if public else private_reason.strip()
    message.reply_workdays = reply_workdays(
        current_calendar(), timezone.localdate(message.received_at), timezone.localdate(now)
    )
    _move(message, MessageState.ANSWERED, "gongkai.message.answered", acting_user, public=public)


@transaction.atomic
def do_redirect(message: Message, explanation: str, *, acting_user) -> None:
    """A petition (信访) or an application in disguise: point the writer to the proper channel."""
    _require_approver(acting_user, message)
    if not explanation.strip():
        raise ValidationError(_("请填写转其他渠道的公开说明。"))
    message.redirect_explanation = explanation.strip()
    message.replied_at = timezone.now()
    _move(message, MessageState.REDIRECTED, "gongkai.message.redirected", acting_user)


@transaction.atomic
def do_rate(message: Message, rating: int) -> None:
    """The writer rates the reply once."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    if locked.state != MessageState.ANSWERED:
        raise ValidationError(_("答复之后才能评价。"))
    if locked.rating is not None:
        raise ValidationError(_("每条留言只能评价一次。"))
    if rating not in range(1, 6):
        raise ValidationError(_("评价应为1至5星。"))
    locked.rating = rating
    locked.rated_at = timezone.now()
    locked.save(update_fields=["rating", "rated_at"])
    message.rating, message.rated_at = locked.rating, locked.rated_at
    log(instance=locked, action="gongkai.message.rated", data={"rating": rating})


def send_alarms(today=None) -> list[Message]:
    """Alarm the agency and the supervisors once for every message unanswered for 60 days."""
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    alarmed = []
    for message in Message.objects.filter(
        alarm_sent_at__isnull=True,
        state__in=[
            MessageState.RECEIVED,
            MessageState.ASSIGNED,
            MessageState.DRAFTED,
        ],
    ).select_related("agency"):
        if not needs_alarm(timezone.localdate(message.received_at), today):
            continue
        # Claimed with a conditional UPDATE: two runs never send the same alarm twice.
        if not Message.objects.filter(pk=message.pk, alarm_sent_at__isnull=True).update(
            alarm_sent_at=timezone.now()
        ):
            continue
        supervisors = (
            get_user_model()
            .objects.filter(staff_profile__role_grants__role=Role.SUPERVISOR, email__gt="")
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
            transaction.on_commit(
                lambda s=subject, t=text, r=recipients: send_mail(
                    s, t, None, r, fail_silently=False
                )
            )
        alarmed.append(message)
    return alarmed


@transaction.atomic
def do_convert_to_application(
    message: Message,
    *,
    acting_user,
    id_document_type,
    id_document_number,
    provision_form,
    delivery_route,
):
    """A message that is really an application for information becomes one (Art. 27-29).

    The application keeps the message's receipt: it came through the internet channel and
    the agency accepted it on the day it accepted the message (Art. 31). The proof of identity
    Art. 29 requires is what the office obtained from the writer.
    """
    from gongkai.applications.actions import do_register
    from gongkai.applications.models import ApplicantKind, Channel

    _require_approver(acting_user, message)
    if not str(id_document_number).strip():
        raise ValidationError(
            _("转为政府信息公开申请须填写申请人的身份证明（《条例》第二十九条）。")
        )
    registration = do_register(
        agency=message.agency,
        acting_user=acting_user,
        channel=Channel.ONLINE,
        arrived_at=message.received_at,
        confirmed_on=timezone.localdate(message.received_at),
        applicant_kind=ApplicantKind.NATURAL_PERSON,
        applicant_name=message.name,
        id_document_type=id_document_type,
        id_document_number=str(id_document_number).strip(),
        description=f"{message.subject}\n{message.body}",
        provision_form=provision_form,
        delivery_route=delivery_route,
        phone=message.phone,
    )
    message.application = registration.application
    # The public explanation names no code: only the writer, told in private, follows the case.
    message.redirect_explanation = _(
        "该留言属于政府信息公开申请，已转按依申请公开程序办理，答复期限自留言受理之日起计算。"
    )
    message.replied_at = timezone.now()
    _move(
        message,
        MessageState.REDIRECTED,
        "gongkai.message.converted",
        acting_user,
        application=registration.application.pk,
    )
    return registration
