"""How a case ends without a reply or leaves the agency: transfer, withdrawal, closure of
an unanswered case."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications import notice_texts
from gongkai.applications.actions.common import (
    audit_case,
    check_move,
    check_staff,
    check_step_date,
    last_event_on,
    locked_case,
    move,
)
from gongkai.applications.clock import compute, refresh_deadline
from gongkai.applications.models import (
    APPLICANT_AND_REQUEST,
    CONFIRMATION_CHANNELS,
    Application,
    NoticeKind,
    Outcome,
    State,
    Transfer,
)
from gongkai.applications.notices import issue_notice
from gongkai.applications.notifications import notify_applicant
from gongkai.applications.tracking import new_tracking_code
from gongkai.casework import ActionError, TransitionError, save_with_unique_code
from gongkai.rules.clock import ClockError, EventKind, china_today

#: what a forwarded application copies: the applicant and the request, never the state
FORWARDED_FIELDS = (*APPLICANT_AND_REQUEST, "channel")


def do_forward(
    application: Application, *, to_agency: Agency, consent: str, acting_user
) -> Application:
    """Forward a request answered "not this agency" (Art. 36(5)) to the agency that holds the
    information, inside the site group, when the applicant agreed (``consent``: how and when
    they said yes). It becomes a new application of ``to_agency``, received today, with its
    own clock and tracking code and the same secret (the applicant opens it as they opened
    the first); the first agency's reply and outcome stay. Returns the new application."""
    check_staff(acting_user, application.agency_id)
    consent = consent.strip()
    if not consent:
        raise ActionError("转送须经申请人同意，请记录申请人同意的方式和时间")
    if to_agency.pk == application.agency_id:
        raise ActionError("不能转送给本机关")
    today = china_today()
    with transaction.atomic():
        app = locked_case(application)
        if app.state != State.REPLIED or app.outcome != Outcome.UNABLE_NOT_THIS_AGENCY:
            raise ActionError(
                "只有已按“不属于本机关负责公开”（第三十六条第五项）答复的申请可以转送"
            )
        if app.transfers.filter(forwarded_as__isnull=False).exists():
            raise ActionError("该申请已经转送过")
        new = Application(
            agency=to_agency,
            secret_hash=app.secret_hash,
            arrived_at=timezone.now(),
            confirmed_on=today if app.channel in CONFIRMATION_CHANNELS else None,
            received_on=today,
            state=State.PROCESSING,
            **{name: getattr(app, name) for name in FORWARDED_FIELDS},
        )
        try:
            refresh_deadline(new)
        except ClockError as exc:
            raise ActionError(exc.zh) from exc
        save_with_unique_code(new, "tracking_code", new_tracking_code)
        Transfer.objects.create(
            application=app,
            from_agency=app.agency,
            to_agency=to_agency,
            reason="不属于本机关负责公开，经申请人同意转送",
            consent=consent,
            forwarded_as=new,
            transferred_by=acting_user,
        )
        audit_case(
            app,
            "forward",
            acting_user,
            app.state,
            to_agency=to_agency.pk,
            new_tracking_code=new.tracking_code,
        )
        audit_case(
            new,
            "register",
            acting_user,
            "",
            channel=new.channel,
            received_on=today,
            reply_due=new.reply_due,
            provisional=new.provisional,
            forwarded_from=app.tracking_code,
        )
        notify_applicant(
            new,
            "申请已转送",
            f"经您同意，{app.agency.name}已将您的申请（原查询码 {app.tracking_code}）"
            f"转送{to_agency.name}办理，新的查询码为 {new.tracking_code}，"
            f"查询密码与原申请相同；答复期限自 {today} 起计算，为 {new.reply_due}。",
        )
    return new


def do_transfer(
    application: Application, *, to_agency: Agency, reason: str, acting_user
) -> Application:
    """Hand the case to another agency of the site group (the one responsible, Art. 10).

    The case keeps its receipt date and clock: the group registers applications centrally,
    so the applicant's time runs from the first receipt.
    """
    check_staff(acting_user, application.agency_id)
    if to_agency.pk == application.agency_id:
        raise ActionError("不能转办给本机关")
    with transaction.atomic():
        app = locked_case(application)
        if app.state not in (State.AWAITING_CONFIRMATION, State.PROCESSING):
            raise TransitionError(f"申请当前状态为“{State(app.state).label}”，不能转办")
        check_move(app, State(app.state))
        from_agency = app.agency
        Transfer.objects.create(
            application=app,
            from_agency=from_agency,
            to_agency=to_agency,
            reason=reason,
            transferred_by=acting_user,
        )
        app.agency = to_agency
        move(
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


def do_withdraw(application: Application, *, on: date | None = None, acting_user) -> Application:
    """The applicant withdraws (recorded by staff, or by the applicant with ``acting_user``
    None after proving the secret): report row （六）3 其他."""
    if acting_user is not None:
        check_staff(acting_user, application.agency_id)
    on = on or china_today()
    with transaction.atomic():
        app = locked_case(application)
        check_move(app, State.WITHDRAWN)
        # Before receipt it would count as received in one year and concluded in none (table 三).
        check_step_date(app, on, "撤回日期")
        app.outcome, app.concluded_on = Outcome.OTHER, on
        move(app, State.WITHDRAWN, "withdraw", acting_user, on=on)
        notify_applicant(app, "申请已撤回", f"您的申请已于 {on} 撤回。")
    return app


def do_close_unanswered(
    application: Application, *, on: date | None = None, acting_user
) -> Application:
    """No correction (Art. 30) or no payment (fee measures) within the time given: the
    application is deemed abandoned — the statutory "other" outcome （六）1 or （六）2."""
    check_staff(acting_user, application.agency_id)
    on = on or china_today()
    with transaction.atomic():
        app = locked_case(application)
        check_move(app, State.CLOSED)
        check_step_date(app, on, "终止办理日期")
        result = compute(app)
        if app.state == State.AWAITING_CORRECTION:
            limit, outcome = result.correction_reply_due, Outcome.OTHER_NO_CORRECTION
            step_on = last_event_on(app, EventKind.CORRECTION_REQUESTED)
        else:
            limit, outcome = result.fee_payment_due, Outcome.OTHER_FEE_UNPAID
            step_on = last_event_on(app, EventKind.FEE_NOTICE_SENT)
        if limit is None or on <= limit:
            raise ActionError(f"期限至 {limit} 届满，届满后方可终止办理")
        app.outcome, app.concluded_on = outcome, on
        move(app, State.CLOSED, "close_unanswered", acting_user, outcome=outcome.value, on=on)
        issue_notice(
            app,
            NoticeKind.TERMINATION,
            issued_on=on,
            build=lambda ref: notice_texts.termination_notice(
                app, reference=ref, issued_on=on, outcome=outcome, step_on=step_on, limit=limit
            ),
            acting_user=acting_user,
        )
        notify_applicant(app, "申请已终止办理", f"{outcome.label}，本机关于 {on} 终止办理。")
    return app
