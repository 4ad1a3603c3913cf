"""Registration and receipt of an application (Art. 29, 31)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.applications import tracking
from gongkai.applications.actions.common import (
    audit_case,
    check_move,
    check_staff,
    locked_case,
    move,
)
from gongkai.applications.clock import refresh_deadline
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    DeliveryRoute,
    IdDocumentType,
    NoticeKind,
    OrganisationType,
    ProvisionForm,
    ReceiptError,
    State,
    legal_receipt_date,
)
from gongkai.applications.notice_texts import receipt_notice
from gongkai.applications.notices import issue_notice
from gongkai.applications.notifications import notify_applicant
from gongkai.casework import ActionError, TransitionError, check_choice, save_with_unique_code
from gongkai.casework.uploads import IDENTITY_MAX_BYTES, IMAGE_OR_PDF, random_name, upload_error
from gongkai.rules.clock import ClockError, china_today


@dataclass(frozen=True)
class Registration:
    application: Application
    secret: str  # shown to the applicant once; only its hash is stored


def _receipt_of(
    agency: Agency, acting_user, channel, arrived_at: datetime, confirmed_on: date | None
) -> date | None:
    """The legal receipt date (Art. 31) of what arrived, after checking who registers it."""
    if acting_user is not None:
        check_staff(acting_user, agency.pk)
    elif Channel(channel) != Channel.ONLINE:
        raise ActionError("只有网上申请可以由申请人自行提交")
    elif confirmed_on is not None:
        # Art. 31(3): the receipt date is the day *both sides* confirm; the agency's side
        # is a staff action (do_confirm_receipt).
        raise ActionError("网上申请须经本机关确认后方可确定收到申请之日")
    if arrived_at.tzinfo is None:
        raise ActionError("申请到达时间必须带时区")
    try:
        return legal_receipt_date(channel, arrived_at, confirmed_on)
    except ReceiptError as exc:
        raise ActionError(str(exc)) from exc


def do_register(
    *,
    agency: Agency,
    acting_user,
    channel: Channel | str,
    arrived_at: datetime,
    applicant_kind: ApplicantKind | str,
    organisation_type: str = "",
    confirmed_on: date | None = None,
    id_document_copy=None,
    **details,
) -> Registration:
    """Register an application. ``acting_user`` is None when the applicant submits online;
    staff register what arrived in person, by letter or by fax (only for their agency).

    ``details`` are the application's own fields (applicant_name, id_document_type,
    id_document_number, description, provision_form, delivery_route, and optionally phone,
    email, postal_address, contact_person, document_number). The legal receipt date follows
    Art. 31 for the channel; until a needed confirmation is recorded the case waits in
    AWAITING_CONFIRMATION and has no deadline. ``id_document_copy`` (an uploaded scan or
    photo, optional) goes to the private storage under a random name.
    """
    channel = check_choice(Channel, channel, "申请渠道")
    applicant_kind = check_choice(ApplicantKind, applicant_kind, "申请人类型")
    organisation_type = check_choice(OrganisationType, organisation_type, "组织类型", blank=True)
    for name, choices, what in (
        ("id_document_type", IdDocumentType, "身份证明类型"),
        ("provision_form", ProvisionForm, "提供形式"),
        ("delivery_route", DeliveryRoute, "获取方式"),
    ):
        details[name] = check_choice(choices, details.get(name), what)
    if not str(details.get("description") or "").strip():
        raise ActionError("请填写所需信息的内容描述（第二十九条）")
    received_on = _receipt_of(agency, acting_user, channel, arrived_at, confirmed_on)
    if id_document_copy is not None and (
        error := upload_error(id_document_copy, IMAGE_OR_PDF, IDENTITY_MAX_BYTES)
    ):
        raise ActionError(f"身份证明复印件：{error}")
    if applicant_kind == ApplicantKind.NATURAL_PERSON:
        organisation_type = ""
    elif not organisation_type:
        raise ActionError("法人或其他组织申请的，请选择组织类型")
    secret = tracking.new_secret()
    # Stored before the transaction, removed if it rolls back: never a copy without its case.
    field = Application._meta.get_field("id_document_copy")
    stored = ""
    if id_document_copy is not None:
        name = field.generate_filename(None, random_name(id_document_copy))
        stored = field.storage.save(name, id_document_copy)
    try:
        with transaction.atomic():
            app = _create(agency, acting_user, channel, arrived_at, applicant_kind,
                          organisation_type, confirmed_on, received_on, secret, stored,
                          details)  # fmt: skip
    except BaseException:
        if stored:
            field.storage.delete(stored)
        raise
    return Registration(app, secret)


def _create(
    agency, acting_user, channel, arrived_at, applicant_kind, organisation_type,
    confirmed_on, received_on, secret, id_document_copy, details,
) -> Application:  # fmt: skip
    app = Application(
        agency=agency,
        secret_hash=tracking.hash_secret(secret),
        applicant_kind=applicant_kind,
        organisation_type=organisation_type,
        channel=channel,
        arrived_at=arrived_at,
        confirmed_on=confirmed_on,
        received_on=received_on,
        state=State.PROCESSING if received_on else State.AWAITING_CONFIRMATION,
        id_document_copy=id_document_copy,
        **details,
    )
    try:
        refresh_deadline(app)
    except ClockError as exc:
        raise ActionError(exc.zh) from exc
    # 31^12 codes: a collision is astronomically rare, but the unique index is the arbiter.
    save_with_unique_code(app, "tracking_code", tracking.new_tracking_code)
    audit_case(
        app,
        "register",
        acting_user,
        "",
        channel=app.channel,
        received_on=received_on,
        reply_due=app.reply_due,
        provisional=app.provisional,
        **({"id_document_copy": True} if id_document_copy else {}),
    )
    if received_on is not None:
        _issue_receipt(app, acting_user)
    notify_applicant(app, "申请已收到", _received_text(app))
    return app


def _issue_receipt(app: Application, acting_user) -> None:
    """收到申请确认书 (Art. 31), dated the legal receipt date."""
    issue_notice(
        app,
        NoticeKind.RECEIPT,
        issued_on=app.received_on,
        build=lambda ref: receipt_notice(app, reference=ref, issued_on=app.received_on),
        acting_user=acting_user,
    )


def _received_text(app: Application) -> str:
    if app.received_on is None:
        return "已收到您的申请，待本机关与您确认后开始计算答复期限。"
    due = f"{app.reply_due}" + ("（暂定）" if app.provisional else "")
    return f"本机关于 {app.received_on} 收到您的申请，答复期限为 {due}。"


def do_confirm_receipt(
    application: Application, *, confirmed_on: date, acting_user, late_reason: str = ""
) -> Application:
    """Art. 31(2)/(3): the confirmation with the applicant fixes the receipt date.

    An ordinary letter must be confirmed on the day it arrived (Art. 31(2): 应当于收到申请的
    当日与申请人确认); a later confirmation needs ``late_reason`` and is flagged on the case.
    """
    check_staff(acting_user, application.agency_id)
    late_reason = late_reason.strip()
    with transaction.atomic():
        app = locked_case(application)
        check_move(app, State.PROCESSING)
        if app.state != State.AWAITING_CONFIRMATION:
            raise TransitionError("该申请不需要确认收到")
        if confirmed_on > china_today():
            raise ActionError(f"确认日期不能晚于今天（{china_today()}）")
        try:
            app.received_on = legal_receipt_date(app.channel, app.arrived_at, confirmed_on)
        except ReceiptError as exc:
            raise ActionError(str(exc)) from exc
        app.confirmed_on = confirmed_on
        if app.confirmed_late and not late_reason:
            raise ActionError(
                f"平常信函应于收到申请的当日（{app.arrived_on}）与申请人确认"
                "（条例第三十一条第二项），请填写未当日确认的原因"
            )
        app.confirmation_late_reason = late_reason if app.confirmed_late else ""
        move(
            app,
            State.PROCESSING,
            "confirm_receipt",
            acting_user,
            received_on=app.received_on,
            confirmed_late=app.confirmed_late,
            late_reason=app.confirmation_late_reason,
        )
        _issue_receipt(app, acting_user)
        notify_applicant(app, "申请已确认收到", _received_text(app))
    return app
