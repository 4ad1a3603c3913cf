"""The processing fee (国办函〔2020〕109号): the notice and the payment."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.applications import notice_texts
from gongkai.applications.actions.common import (
    check_move,
    check_staff,
    check_step_date,
    locked_case,
    move,
    record_event,
)
from gongkai.applications.clock import compute
from gongkai.applications.models import (
    Application,
    FeeMethod,
    FeeNotice,
    NoticeKind,
    ProvisionForm,
    State,
)
from gongkai.applications.notices import issue_notice
from gongkai.applications.notifications import notify_applicant
from gongkai.casework import ActionError, TransitionError, check_choice
from gongkai.rules.clock import EventKind, china_today
from gongkai.rules.fees import nth_in_month, per_piece_fee, per_volume_fee
from gongkai.rules.statute import fee_versions, fees_for


def _check_fee_notice(
    app: Application, method: FeeMethod, sent_on: date, received_on: date | None
) -> None:
    """No fee before the fee measures took effect; 按量 only for the forms Art. 5 names."""
    check_step_date(app, sent_on, "收费通知发出日期")
    measures = fees_for(sent_on)
    if measures is None:
        first = fee_versions()[0]
        raise ActionError(f"{first.title}自{first.effective}起施行，此前不能收取信息处理费")
    if method == FeeMethod.PER_VOLUME and app.provision_form not in measures.per_volume_forms:
        raise ActionError(
            f"申请人要求的提供形式为“{ProvisionForm(app.provision_form).label}”，"
            f"不适用按量计收（{measures.per_volume_citation}）"
        )
    if received_on is not None and not sent_on <= received_on <= china_today():
        raise ActionError("收到收费通知的日期应在发出日期与今天之间")


def fee_for(app: Application, method: FeeMethod | str, pages: int | None = None):
    """(basis, amount) of the processing fee for ``app`` under ``method``."""
    if check_choice(FeeMethod, method, "计收方式") == FeeMethod.PER_VOLUME:
        if pages is None:
            raise ActionError("按量计收须填写页数")
        return pages, per_volume_fee(pages)
    # 按件: the applicant's requests of the calendar month, across the agency's cases; the
    # applicant is recognised by the ID document.
    others = Application.objects.filter(
        agency_id=app.agency_id,
        id_document_type=app.id_document_type,
        id_document_number=app.id_document_number,
    ).exclude(pk=app.pk)
    receipts = [
        (o.counted_from, o.pk)
        for o in others
        if (o.counted_from, o.pk) <= (app.counted_from, app.pk)
    ]
    nth = nth_in_month([d for d, _pk in receipts], app.counted_from)
    return nth, per_piece_fee(nth)


def do_send_fee_notice(
    application: Application,
    *,
    method: FeeMethod | str,
    sent_on: date,
    acting_user,
    pages: int | None = None,
    received_on: date | None = None,
    how_to_pay: str = "",
) -> FeeNotice:
    """The 收费通知: the record, the clock event and the notice with basis, standard,
    amount, ``how_to_pay`` and the payment period."""
    check_staff(acting_user, application.agency_id)
    method = check_choice(FeeMethod, method, "计收方式")
    if not how_to_pay.strip():
        raise ActionError("请填写缴费方式（如缴款账户、缴费地点）")
    with transaction.atomic():
        app = locked_case(application)
        check_move(app, State.AWAITING_FEE)
        if FeeNotice.objects.filter(application=app).exists():
            raise ActionError("每件申请只能发出一次收费通知")
        _check_fee_notice(app, FeeMethod(method), sent_on, received_on)
        basis, amount = fee_for(app, method, pages)
        if amount == 0:
            raise ActionError("按收费标准该申请不收费，不能发出收费通知（第四十二条）")
        notice = FeeNotice.objects.create(
            application=app,
            method=method,
            basis=basis,
            amount=amount,
            sent_on=sent_on,
            received_on=received_on,
            recorded_by=acting_user,
        )
        record_event(app, EventKind.FEE_NOTICE_SENT, sent_on, acting_user)
        if received_on:
            record_event(app, EventKind.FEE_NOTICE_RECEIVED, received_on, acting_user)
        move(app, State.AWAITING_FEE, "send_fee_notice", acting_user, amount=amount)
        issue_notice(
            app,
            NoticeKind.FEE,
            issued_on=sent_on,
            build=lambda ref: notice_texts.fee_notice(
                app,
                reference=ref,
                issued_on=sent_on,
                method=method,
                basis=basis,
                amount=amount,
                how_to_pay=how_to_pay,
            ),
            acting_user=acting_user,
        )
        due = compute(app).fee_payment_due
        notify_applicant(
            app, "信息处理费收费通知", f"应缴信息处理费 {amount} 元，请于 {due} 前缴纳。"
        )
    return notice


def do_record_payment(application: Application, *, paid_on: date, acting_user) -> Application:
    check_staff(acting_user, application.agency_id)
    with transaction.atomic():
        app = locked_case(application)
        if app.state != State.AWAITING_FEE:
            raise TransitionError("该申请未在等待缴费")
        notice = FeeNotice.objects.get(application=app)
        check_step_date(app, paid_on, "缴费日期", (notice.sent_on, "收费通知发出日期"))
        FeeNotice.objects.filter(application=app).update(paid_on=paid_on)
        record_event(app, EventKind.FEE_PAID, paid_on, acting_user)
        move(app, State.PROCESSING, "record_payment", acting_user, on=paid_on)
        notify_applicant(app, "已收到缴费", f"已收到信息处理费，答复期限为 {app.reply_due}。")
    return app
