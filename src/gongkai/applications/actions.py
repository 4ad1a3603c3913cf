"""Every change to an application goes through one function here (STYLE.md practice 2).

Each action is atomic, locks the case row, checks the move against ``models.TRANSITIONS``,
recomputes the clock from the records (``gongkai.rules.clock`` with ``current_calendar()``),
writes an audit entry with the old and new state — never the applicant's ID number, phone or
e-mail in clear — and queues notifications for after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from gongkai.agencies.access import staff_profile
from gongkai.agencies.models import Agency, Department
from gongkai.agencies.policy import Capability, can
from gongkai.applications import tracking
from gongkai.applications.clock import compute, refresh_deadline
from gongkai.applications.models import (
    REPLY_OUTCOMES,
    ApplicantKind,
    Application,
    Assignment,
    Channel,
    ClockEventRecord,
    Extension,
    FeeMethod,
    FeeNotice,
    OpinionFile,
    Outcome,
    ProvisionForm,
    ReceiptError,
    Remedy,
    RemedyKind,
    RemedyResult,
    Reply,
    State,
    Transfer,
    can_move,
    legal_receipt_date,
)
from gongkai.applications.notifications import notify_applicant
from gongkai.rules.clock import (
    ClockError,
    ClockResult,
    EventKind,
    StepKind,
    china_today,
    statute_for,
)
from gongkai.rules.fees import nth_in_month, per_piece_fee, per_volume_fee
from gongkai.rules.statute import fee_versions, fees_for

ACTION_PREFIX = "gongkai_applications."

#: action name -> label of its audit entry (registered in wagtail_hooks.py)
ACTIONS = {
    "register": "登记申请",
    "confirm_receipt": "确认收到申请",
    "request_correction": "告知补正",
    "receive_correction": "收到补正",
    "start_consultation": "征求第三方意见",
    "end_consultation": "收到第三方意见",
    "extend": "延期答复",
    "send_fee_notice": "发出收费通知",
    "record_payment": "登记缴费",
    "transfer": "转办",
    "reply": "答复",
    "withdraw": "申请人撤回",
    "close_unanswered": "逾期未补正或未缴费终止",
    "record_remedy": "登记行政复议、行政诉讼",
    "conclude_remedy": "登记复议、诉讼结果",
    "deadline_recomputed": "重新计算答复期限",
    "assign": "交股室承办",
    "return_opinion": "股室反馈承办意见",
}


class ActionError(ValueError):
    """The action is not allowed now; the message is for the user, in Chinese."""


class TransitionError(ActionError):
    pass


@dataclass(frozen=True)
class Registration:
    application: Application
    secret: str  # shown to the applicant once; only its hash is stored


# --- helpers ---------------------------------------------------------------------------------


def _check_staff(user, agency_id: int) -> None:
    if not can(user, Capability.CASES_HANDLE, agency_id):
        raise PermissionDenied("只有本机关政府信息公开工作机构的人员可以办理本机关的申请")


def _check_step_date(
    app: Application, on: date, what: str, after: tuple[date | None, str] | None = None
) -> None:
    """A date entered for a step: not after today, not before the application was received
    (or arrived, before receipt is fixed), and not before the step it depends on (``after``:
    that step's date and name)."""
    today = china_today()
    if on > today:
        raise ActionError(f"{what}不能晚于今天（{today}）")
    start = app.received_on or timezone.localtime(app.arrived_at).date()
    if on < start:
        raise ActionError(f"{what}不能早于收到申请之日（{start}）")
    if after is not None and after[0] is not None and on < after[0]:
        raise ActionError(f"{what}不能早于{after[1]}（{after[0]}）")


def _last_event_on(app: Application, kind: EventKind) -> date | None:
    return (
        app.clock_events.filter(kind=kind.value)
        .order_by("-on")
        .values_list("on", flat=True)
        .first()
    )


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("agency").get(pk=application.pk)


def _check_move(app: Application, new_state: State) -> None:
    if not can_move(app.state, new_state):
        raise TransitionError(
            f"申请当前状态为“{State(app.state).label}”，不能变为“{State(new_state).label}”"
        )


def _plain(value):
    """A value as the audit log's JSON keeps it: dates as ISO text, amounts as exact text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _audit(app: Application, action: str, user, old_state: str, **data) -> None:
    payload = {"old_state": old_state, "new_state": app.state, **data}
    payload = {k: _plain(v) for k, v in payload.items()}
    log(instance=app, action=ACTION_PREFIX + action, user=user, data=payload)


def _event(app, kind: EventKind, on: date, user, **fields) -> ClockEventRecord:
    return ClockEventRecord.objects.create(
        application=app, kind=kind.value, on=on, recorded_by=user, **fields
    )


def _move(app: Application, new_state: State, action: str, user, **data) -> ClockResult | None:
    """Check, recompute the clock, save and audit one change of ``app`` (already locked);
    returns the clock it now runs on."""
    old_state = app.state
    _check_move(app, new_state)
    try:
        result = refresh_deadline(app)
    except ClockError as exc:
        raise ActionError(f"期限事项的日期不合理：{exc.zh}") from exc
    app.state = new_state
    app.save()
    _audit(
        app, action, user, old_state, **data, reply_due=app.reply_due, provisional=app.provisional
    )
    return result


# --- registration and receipt (Art. 29, 31) -------------------------------------------------


def do_register(
    *,
    agency: Agency,
    acting_user,
    channel: Channel | str,
    arrived_at: datetime,
    applicant_kind: ApplicantKind | str,
    applicant_name: str,
    id_document_type: str,
    id_document_number: str,
    description: str,
    provision_form: str,
    delivery_route: str,
    organisation_type: str = "",
    phone: str = "",
    email: str = "",
    postal_address: str = "",
    contact_person: str = "",
    document_number: str = "",
    confirmed_on: date | None = None,
) -> Registration:
    """Register an application. ``acting_user`` is None when the applicant submits online;
    staff register what arrived in person, by letter or by fax (only for their agency).

    The legal receipt date follows Art. 31 for the channel; until a needed confirmation is
    recorded the case waits in AWAITING_CONFIRMATION and has no deadline.
    """
    if acting_user is not None:
        _check_staff(acting_user, agency.pk)
    elif Channel(channel) != Channel.ONLINE:
        raise ActionError("只有网上申请可以由申请人自行提交")
    elif confirmed_on is not None:
        # Art. 31(3): the receipt date is the day *both sides* confirm; the agency's side
        # is a staff action (do_confirm_receipt).
        raise ActionError("网上申请须经本机关确认后方可确定收到申请之日")
    if arrived_at.tzinfo is None:
        raise ActionError("申请到达时间必须带时区")
    try:
        received_on = legal_receipt_date(channel, arrived_at, confirmed_on)
    except ReceiptError as exc:
        raise ActionError(str(exc)) from exc
    if ApplicantKind(applicant_kind) == ApplicantKind.NATURAL_PERSON:
        organisation_type = ""
    elif not organisation_type:
        raise ActionError("法人或其他组织申请的，请选择组织类型")
    secret = tracking.new_secret()
    with transaction.atomic():
        app = Application(
            agency=agency,
            secret_hash=tracking.hash_secret(secret),
            applicant_kind=applicant_kind,
            organisation_type=organisation_type,
            applicant_name=applicant_name,
            id_document_type=id_document_type,
            id_document_number=id_document_number,
            phone=phone,
            email=email,
            postal_address=postal_address,
            contact_person=contact_person,
            description=description,
            document_number=document_number,
            provision_form=provision_form,
            delivery_route=delivery_route,
            channel=channel,
            arrived_at=arrived_at,
            confirmed_on=confirmed_on,
            received_on=received_on,
            state=State.PROCESSING if received_on else State.AWAITING_CONFIRMATION,
        )
        try:
            refresh_deadline(app)
        except ClockError as exc:
            raise ActionError(exc.zh) from exc
        _save_with_fresh_code(app)
        _audit(
            app,
            "register",
            acting_user,
            "",
            channel=app.channel,
            received_on=received_on,
            reply_due=app.reply_due,
            provisional=app.provisional,
        )
        notify_applicant(app, "申请已收到", _received_text(app))
    return Registration(app, secret)


def _save_with_fresh_code(app: Application) -> None:
    # 31^12 codes: a collision is astronomically rare, but the unique index is the arbiter.
    for _attempt in range(5):
        app.tracking_code = tracking.new_tracking_code()
        try:
            with transaction.atomic():
                app.save()
            return
        except IntegrityError:
            app.pk = None
    raise ActionError("无法生成查询码，请重试")


def _received_text(app: Application) -> str:
    if app.received_on is None:
        return "已收到您的申请，待本机关与您确认后开始计算答复期限。"
    due = f"{app.reply_due}" + ("（暂定）" if app.provisional else "")
    return f"本机关于 {app.received_on} 收到您的申请，答复期限为 {due}。"


def do_confirm_receipt(application: Application, *, confirmed_on: date, acting_user) -> Application:
    """Art. 31(2)/(3): the confirmation with the applicant fixes the receipt date."""
    _check_staff(acting_user, application.agency_id)
    with transaction.atomic():
        app = _locked(application)
        _check_move(app, State.PROCESSING)
        if app.state != State.AWAITING_CONFIRMATION:
            raise TransitionError("该申请不需要确认收到")
        if confirmed_on > china_today():
            raise ActionError(f"确认日期不能晚于今天（{china_today()}）")
        try:
            app.received_on = legal_receipt_date(app.channel, app.arrived_at, confirmed_on)
        except ReceiptError as exc:
            raise ActionError(str(exc)) from exc
        app.confirmed_on = confirmed_on
        _move(app, State.PROCESSING, "confirm_receipt", acting_user, received_on=app.received_on)
        notify_applicant(app, "申请已确认收到", _received_text(app))
    return app


# --- correction (Art. 30) -----------------------------------------------------------------------


def do_request_correction(
    application: Application, *, on: date, correct_by: date, acting_user, note: str = ""
) -> Application:
    """Send the one correction notice (一次性告知) with the period the agency gives."""
    _check_staff(acting_user, application.agency_id)
    if correct_by <= on:
        raise ActionError("补正期限应晚于告知日期")
    with transaction.atomic():
        app = _locked(application)
        _check_move(app, State.AWAITING_CORRECTION)
        if app.clock_events.filter(kind=EventKind.CORRECTION_REQUESTED).exists():
            raise ActionError("补正告知只能一次性发出（第三十条）")
        _check_step_date(app, on, "补正告知日期")
        _event(app, EventKind.CORRECTION_REQUESTED, on, acting_user, until=correct_by, note=note)
        _move(app, State.AWAITING_CORRECTION, "request_correction", acting_user, on=on)
        notify_applicant(app, "请补正申请", f"请于 {correct_by} 前补正申请内容。{note}")
    return app


def do_receive_correction(application: Application, *, on: date, acting_user) -> Application:
    """The corrected application arrived: the reply period restarts from ``on`` (Art. 30)."""
    _check_staff(acting_user, application.agency_id)
    with transaction.atomic():
        app = _locked(application)
        _check_move(app, State.PROCESSING)
        if app.state != State.AWAITING_CORRECTION:
            raise TransitionError("该申请未在等待补正")
        requested = _last_event_on(app, EventKind.CORRECTION_REQUESTED)
        _check_step_date(app, on, "收到补正日期", (requested, "补正告知日期"))
        _event(app, EventKind.CORRECTION_RECEIVED, on, acting_user)
        _move(app, State.PROCESSING, "receive_correction", acting_user, on=on)
        notify_applicant(app, "已收到补正", f"已收到补正材料，答复期限为 {app.reply_due}。")
    return app


# --- consultation (Art. 32, 34; Art. 33 ¶3) --------------------------------------------------


def do_start_consultation(
    application: Application, *, on: date, acting_user, note: str = ""
) -> Application:
    _check_staff(acting_user, application.agency_id)
    with transaction.atomic():
        app = _locked(application)
        if app.state != State.PROCESSING:
            raise TransitionError(f"申请当前状态为“{State(app.state).label}”，不能征求意见")
        _check_step_date(app, on, "征求意见日期")
        _event(app, EventKind.CONSULTATION_STARTED, on, acting_user, note=note)
        _move(app, State.CONSULTING, "start_consultation", acting_user, on=on)
    return app


def do_end_consultation(application: Application, *, on: date, acting_user) -> Application:
    """The answer arrived (or the 15-working-day window passed without one)."""
    _check_staff(acting_user, application.agency_id)
    with transaction.atomic():
        app = _locked(application)
        if app.state != State.CONSULTING:
            raise TransitionError("该申请未在征求意见")
        started = _last_event_on(app, EventKind.CONSULTATION_STARTED)
        _check_step_date(app, on, "收到意见日期", (started, "征求意见日期"))
        _event(app, EventKind.CONSULTATION_ENDED, on, acting_user)
        _move(app, State.PROCESSING, "end_consultation", acting_user, on=on)
    return app


# --- extension (Art. 33 ¶2) ----------------------------------------------------------------------


def do_extend(
    application: Application,
    *,
    working_days: int,
    reason: str,
    approved_by,
    notice_sent_on: date,
    acting_user,
) -> Application:
    _check_staff(acting_user, application.agency_id)
    # Art. 33 ¶2: 经政府信息公开工作机构负责人同意 — the head of the office alone.
    if not can(approved_by, Capability.CASES_APPROVE_EXTENSION, application.agency_id):
        raise ActionError("延期须经本机关政府信息公开工作机构负责人同意（第三十三条第二款）")
    if not reason.strip():
        raise ActionError("请填写延期理由")
    with transaction.atomic():
        app = _locked(application)
        if app.state not in (State.PROCESSING, State.CONSULTING):
            raise TransitionError(f"申请当前状态为“{State(app.state).label}”，不能延期")
        _check_step_date(app, notice_sent_on, "延期告知日期")
        longest = statute_for(app.received_on).extension_max
        already = sum(e.working_days for e in app.extensions.all())
        if working_days < 1 or already + working_days > longest.working_days:
            raise ActionError(
                f"延长答复期限最长不得超过 {longest.working_days} 个工作日（{longest.citation}）"
            )
        _check_move(app, State(app.state))
        Extension.objects.create(
            application=app,
            working_days=working_days,
            reason=reason,
            approved_by=approved_by,
            notice_sent_on=notice_sent_on,
            recorded_by=acting_user,
        )
        _event(app, EventKind.EXTENSION, notice_sent_on, acting_user, working_days=working_days)
        old_due = app.reply_due
        result = _move(
            app, State(app.state), "extend", acting_user, days=working_days, old_due=old_due
        )
        if result is not None and any(
            step.kind is StepKind.EXTENSION_LATE and step.start == notice_sent_on
            for step in result.steps
        ):
            # The clock does not count an extension notified after the deadline. Kept, it
            # would use up extension days and tell the applicant of an "extension" to the
            # old date; raising here rolls the records and the audit entry back.
            raise ActionError(
                f"延期告知应在答复期限 {old_due} 届满前发出（{longest.citation}），"
                "期限已过，不能再延期"
            )
        notify_applicant(app, "延期答复告知", f"答复期限延长至 {app.reply_due}。理由：{reason}")
    return app


# --- fee (国办函〔2020〕109号) ------------------------------------------------------------------


def _check_fee_notice(
    app: Application, method: FeeMethod, sent_on: date, received_on: date | None
) -> None:
    """No fee before the fee measures took effect; 按量 only for the forms Art. 5 names."""
    _check_step_date(app, sent_on, "收费通知发出日期")
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
    if FeeMethod(method) == FeeMethod.PER_VOLUME:
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
) -> FeeNotice:
    _check_staff(acting_user, application.agency_id)
    with transaction.atomic():
        app = _locked(application)
        _check_move(app, State.AWAITING_FEE)
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
        _event(app, EventKind.FEE_NOTICE_SENT, sent_on, acting_user)
        if received_on:
            _event(app, EventKind.FEE_NOTICE_RECEIVED, received_on, acting_user)
        _move(app, State.AWAITING_FEE, "send_fee_notice", acting_user, amount=amount)
        due = compute(app).fee_payment_due
        notify_applicant(
            app, "信息处理费收费通知", f"应缴信息处理费 {amount} 元，请于 {due} 前缴纳。"
        )
    return notice


def do_record_payment(application: Application, *, paid_on: date, acting_user) -> Application:
    _check_staff(acting_user, application.agency_id)
    with transaction.atomic():
        app = _locked(application)
        if app.state != State.AWAITING_FEE:
            raise TransitionError("该申请未在等待缴费")
        notice = FeeNotice.objects.get(application=app)
        _check_step_date(app, paid_on, "缴费日期", (notice.sent_on, "收费通知发出日期"))
        FeeNotice.objects.filter(application=app).update(paid_on=paid_on)
        _event(app, EventKind.FEE_PAID, paid_on, acting_user)
        _move(app, State.PROCESSING, "record_payment", acting_user, on=paid_on)
        notify_applicant(app, "已收到缴费", f"已收到信息处理费，答复期限为 {app.reply_due}。")
    return app


# --- transfer, reply, withdrawal, closure ---------------------------------------------------


def do_transfer(
    application: Application, *, to_agency: Agency, reason: str, acting_user
) -> Application:
    """Hand the case to another agency of the site group (the one responsible, Art. 10).

    The case keeps its receipt date and clock: the group registers applications centrally,
    so the applicant's time runs from the first receipt.
    """
    _check_staff(acting_user, application.agency_id)
    if to_agency.pk == application.agency_id:
        raise ActionError("不能转办给本机关")
    with transaction.atomic():
        app = _locked(application)
        if app.state not in (State.AWAITING_CONFIRMATION, State.PROCESSING):
            raise TransitionError(f"申请当前状态为“{State(app.state).label}”，不能转办")
        _check_move(app, State(app.state))
        from_agency = app.agency
        Transfer.objects.create(
            application=app,
            from_agency=from_agency,
            to_agency=to_agency,
            reason=reason,
            transferred_by=acting_user,
        )
        app.agency = to_agency
        _move(
            app,
            State(app.state),
            "transfer",
            acting_user,
            from_agency=from_agency.pk,
            to_agency=to_agency.pk,
        )
        notify_applicant(
            app, "申请已转办", f"您的申请已由{from_agency.name}转{to_agency.name}办理。"
        )
    return app


def _check_outcome_grounds(app: Application, outcome: Outcome) -> None:
    """Outcomes the law allows only after a step: a request still unclear after a correction
    that was asked for and received (Art. 30); a refusal to protect a third party after the
    third party was consulted (Art. 32)."""
    kinds = set(app.clock_events.values_list("kind", flat=True))
    if (
        outcome == Outcome.UNABLE_UNCLEAR
        and not {
            EventKind.CORRECTION_REQUESTED,
            EventKind.CORRECTION_RECEIVED,
        }
        <= kinds
    ):
        raise ActionError("“补正后申请内容仍不明确”须先告知补正并收到补正材料（第三十条）")
    if outcome == Outcome.DENIED_THIRD_PARTY and EventKind.CONSULTATION_STARTED not in kinds:
        raise ActionError("以保护第三方合法权益为由不予公开，须先征求第三方意见（第三十二条）")


def do_reply(
    application: Application,
    *,
    outcome: Outcome | str,
    text: str,
    replied_on: date,
    acting_user,
) -> Reply:
    """Answer with exactly one outcome of the statutory list (Art. 36-39)."""
    _check_staff(acting_user, application.agency_id)
    outcome = Outcome(outcome)
    if outcome not in REPLY_OUTCOMES:
        raise ActionError("该办理结果由撤回或逾期终止登记，不能作为答复结果")
    if not text.strip():
        raise ActionError("请填写答复内容")
    with transaction.atomic():
        app = _locked(application)
        _check_move(app, State.REPLIED)
        _check_step_date(app, replied_on, "答复日期")
        _check_outcome_grounds(app, outcome)
        reply = Reply.objects.create(
            application=app,
            outcome=outcome,
            replied_on=replied_on,
            text=text,
            replied_by=acting_user,
        )
        app.outcome, app.replied_on, app.concluded_on = outcome, replied_on, replied_on
        late = app.reply_due is not None and replied_on > app.reply_due
        _move(app, State.REPLIED, "reply", acting_user, outcome=outcome.value, late=late)
        notify_applicant(app, "申请已答复", f"本机关已于 {replied_on} 作出答复：{outcome.label}。")
    return reply


def do_withdraw(application: Application, *, on: date | None = None, acting_user) -> Application:
    """The applicant withdraws (recorded by staff, or by the applicant with ``acting_user``
    None after proving the secret): report row （六）3 其他."""
    if acting_user is not None:
        _check_staff(acting_user, application.agency_id)
    on = on or china_today()
    with transaction.atomic():
        app = _locked(application)
        _check_move(app, State.WITHDRAWN)
        # Before receipt it would count as received in one year and concluded in none (table 三).
        _check_step_date(app, on, "撤回日期")
        app.outcome, app.concluded_on = Outcome.OTHER, on
        _move(app, State.WITHDRAWN, "withdraw", acting_user, on=on)
        notify_applicant(app, "申请已撤回", f"您的申请已于 {on} 撤回。")
    return app


def do_close_unanswered(
    application: Application, *, on: date | None = None, acting_user
) -> Application:
    """No correction (Art. 30) or no payment (fee measures) within the time given: the
    application is deemed abandoned — the statutory "other" outcome （六）1 or （六）2."""
    _check_staff(acting_user, application.agency_id)
    on = on or china_today()
    with transaction.atomic():
        app = _locked(application)
        _check_move(app, State.CLOSED)
        _check_step_date(app, on, "终止办理日期")
        result = compute(app)
        if app.state == State.AWAITING_CORRECTION:
            limit, outcome = result.correction_reply_due, Outcome.OTHER_NO_CORRECTION
        else:
            limit, outcome = result.fee_payment_due, Outcome.OTHER_FEE_UNPAID
        if limit is None or on <= limit:
            raise ActionError(f"期限至 {limit} 届满，届满后方可终止办理")
        app.outcome, app.concluded_on = outcome, on
        _move(app, State.CLOSED, "close_unanswered", acting_user, outcome=outcome.value, on=on)
        notify_applicant(app, "申请已终止办理", f"{outcome.label}，本机关于 {on} 终止办理。")
    return app


# --- 承办: a department's opinion ----------------------------------------------------------


def do_assign(
    application: Application,
    *,
    department: Department,
    question: str,
    opinion_due: date | None = None,
    acting_user,
) -> Assignment:
    """Ask a department of the case's agency for its opinion (the office still decides)."""
    if not can(acting_user, Capability.CASES_ASSIGN, application.agency_id):
        raise PermissionDenied("只有本机关政府信息公开工作机构的人员可以交办")
    if department.agency_id != application.agency_id:
        raise ActionError("只能交本机关的股室承办")
    if not question.strip():
        raise ActionError("请写明需要股室提出意见的事项")
    with transaction.atomic():
        app = _locked(application)
        if not app.is_open:
            raise TransitionError(f"申请当前状态为“{State(app.state).label}”，不能交办")
        if opinion_due is not None and opinion_due < china_today():
            raise ActionError("意见反馈期限不能早于今天")
        assignment = Assignment.objects.create(
            application=app,
            department=department,
            question=question.strip(),
            opinion_due=opinion_due,
            assigned_by=acting_user,
        )
        _audit(
            app,
            "assign",
            acting_user,
            app.state,
            department=department.name,
            opinion_due=opinion_due,
        )
    return assignment


def do_return_opinion(assignment: Assignment, *, opinion: str, files=(), acting_user) -> Assignment:
    """The department's editor returns its opinion (and files) once; the office decides."""
    agency_id = assignment.application.agency_id
    profile = staff_profile(acting_user)
    if (
        not can(acting_user, Capability.CASES_OPINION, agency_id)
        or profile is None
        or profile.department_id != assignment.department_id
    ):
        raise PermissionDenied("只有承办股室的人员可以反馈意见")
    if not opinion.strip():
        raise ActionError("请填写承办意见")
    storage = OpinionFile._meta.get_field("file").storage
    stored = []
    try:
        with transaction.atomic():
            locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
            if locked.answered:
                raise ActionError("该承办事项已反馈意见")
            locked.opinion = opinion.strip()
            locked.answered_by = acting_user
            locked.answered_at = timezone.now()
            locked.save(update_fields=["opinion", "answered_by", "answered_at"])
            for upload in files:
                record = OpinionFile(assignment=locked, name=upload.name)
                record.file.save(upload.name, upload, save=True)
                stored.append(record.file.name)
            app = locked.application
            _audit(
                app,
                "return_opinion",
                acting_user,
                app.state,
                department=locked.department.name,
                files=[upload.name for upload in files],
            )
    except BaseException:
        for name in stored:  # files saved before a rollback are not kept
            storage.delete(name)
        raise
    return locked


# --- reconsideration and litigation (Art. 51, table 四) ------------------------------------------


def do_record_remedy(
    application: Application,
    *,
    kind: RemedyKind | str,
    filed_on: date,
    acting_user,
    review: Remedy | None = None,
    case_number: str = "",
) -> Remedy:
    _check_staff(acting_user, application.agency_id)
    kind = RemedyKind(kind)
    if (kind == RemedyKind.AFTER_REVIEW) != (review is not None):
        raise ActionError("复议后起诉须关联所经的行政复议；其他类型不能关联")
    if review is not None and (
        review.kind != RemedyKind.REVIEW or review.application_id != application.pk
    ):
        raise ActionError("所关联的不是本申请的行政复议")
    with transaction.atomic():
        app = _locked(application)
        reply = Reply.objects.filter(application=app).first()
        remedy = Remedy.objects.create(
            application=app,
            reply=reply,
            kind=kind,
            review=review,
            filed_on=filed_on,
            case_number=case_number,
            recorded_by=acting_user,
        )
        _audit(app, "record_remedy", acting_user, app.state, kind=kind.value, filed_on=filed_on)
    return remedy


def do_conclude_remedy(
    remedy: Remedy, *, result: RemedyResult | str, concluded_on: date, acting_user
) -> Remedy:
    _check_staff(acting_user, remedy.application.agency_id)
    result = RemedyResult(result)
    if result == RemedyResult.PENDING:
        raise ActionError("请选择审结结果")
    if concluded_on < remedy.filed_on:
        raise ActionError("审结日期不能早于受理日期")
    with transaction.atomic():
        remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
        if remedy.result != RemedyResult.PENDING:
            raise ActionError("该案件已登记审结结果")
        remedy.result, remedy.concluded_on = result, concluded_on
        remedy.save()
        app = remedy.application
        _audit(app, "conclude_remedy", acting_user, app.state, result=result.value)
    return remedy
