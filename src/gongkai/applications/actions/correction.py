"""更正: a step dated wrongly is corrected by the officer, with a reason.

The step's record takes the new date and so do the records that mirror it (the extension,
the fee notice, the consultation); the clock is recomputed from them; a
:class:`~gongkai.applications.models.StepCorrection` keeps the old date, the new one and the
reason, and the audit entry says the same. The applicant's timeline is computed from the
records, so it shows the corrected dates, and lists the correction itself.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.applications.actions.common import (
    audit_case,
    check_staff,
    check_step_date,
    locked_case,
)
from gongkai.applications.clock import compute, refresh_deadline
from gongkai.applications.models import (
    EVENT_LABELS,
    SILENCE,
    Application,
    ClockEventRecord,
    Consultation,
    ConsultationKind,
    Extension,
    FeeNotice,
    State,
    StepCorrection,
)
from gongkai.applications.notifications import notify_applicant
from gongkai.casework import ActionError, TransitionError
from gongkai.rules.clock import ClockError, EventKind, StepKind

#: The FeeNotice field that repeats each fee event's date.
_FEE_FIELDS = {
    EventKind.FEE_NOTICE_SENT: "sent_on",
    EventKind.FEE_NOTICE_RECEIVED: "received_on",
    EventKind.FEE_PAID: "paid_on",
}


def _mirror(app: Application, event: ClockEventRecord, old_on: date, new_on: date) -> None:
    """Give the records that repeat the step's date the corrected one."""
    kind = EventKind(event.kind)
    if kind is EventKind.EXTENSION:
        extension = (
            Extension.objects.filter(
                application=app, notice_sent_on=old_on, working_days=event.working_days
            )
            .order_by("pk")
            .first()
        )
        if extension is not None:
            if extension.approved_on and extension.approved_on > new_on:
                raise ActionError(f"延期告知日期不能早于批准日期（{extension.approved_on}）")
            extension.notice_sent_on = new_on
            extension.save(update_fields=["notice_sent_on"])
    elif kind in _FEE_FIELDS:
        FeeNotice.objects.filter(application=app).update(**{_FEE_FIELDS[kind]: new_on})
    elif kind is EventKind.CONSULTATION_STARTED and event.consultation_id:
        Consultation.objects.filter(pk=event.consultation_id).update(sent_on=new_on)
    elif kind is EventKind.CONSULTATION_ENDED and event.consultation_id:
        Consultation.objects.filter(pk=event.consultation_id).update(result_on=new_on)


def do_correct_step_date(
    event: ClockEventRecord, *, new_on: date, reason: str, acting_user
) -> StepCorrection:
    """Correct the date of one recorded step of an open case (更正)."""
    application = event.application
    check_staff(acting_user, application.agency_id)
    reason = reason.strip()
    if not reason:
        raise ActionError("请填写更正理由")
    with transaction.atomic():
        app = locked_case(application)
        if not app.is_open:
            raise TransitionError(f"申请当前状态为“{State(app.state).label}”，不能更正办理日期")
        event = ClockEventRecord.objects.select_for_update().get(pk=event.pk, application=app)
        kind, old_on = EventKind(event.kind), event.on
        what = str(EVENT_LABELS[kind])
        if new_on == old_on:
            raise ActionError(f"更正后的日期与原日期相同（{old_on}）")
        consultation = event.consultation
        if (
            kind is EventKind.CONSULTATION_ENDED
            and consultation is not None
            and consultation.result == SILENCE[ConsultationKind(consultation.party_kind)]
        ):
            raise ActionError("逾期未提出意见的日期为答复期限届满之日，不能更正")
        check_step_date(app, new_on, f"{what}的日期")
        if kind in (EventKind.CORRECTION_REQUESTED, EventKind.DEADLINE_SET) and (
            event.until is not None and event.until <= new_on
        ):
            raise ActionError(f"{what}的日期应早于其期限（{event.until}）")
        old_due = app.reply_due
        event.on = new_on
        event.save(update_fields=["on"])
        _mirror(app, event, old_on, new_on)
        correction = StepCorrection.objects.create(
            application=app,
            event=event,
            kind=event.kind,
            old_on=old_on,
            new_on=new_on,
            reason=reason,
            corrected_by=acting_user,
        )
        # The state stays whatever it is (待补正 and 待缴费 have no move to themselves).
        try:
            result = refresh_deadline(app)
        except ClockError as exc:
            raise ActionError(f"期限事项的日期不合理：{exc.zh}") from exc
        app.save()
        audit_case(
            app,
            "correct_step_date",
            acting_user,
            app.state,
            kind=event.kind,
            old_on=old_on,
            new_on=new_on,
            reason=reason,
            old_due=old_due,
            reply_due=app.reply_due,
            provisional=app.provisional,
        )
        if (
            kind is EventKind.EXTENSION
            and result is not None
            and any(s.kind is StepKind.EXTENSION_LATE and s.start == new_on for s in result.steps)
        ):
            raise ActionError("延期告知日期更正后晚于答复期限，延期将不能计入，不能更正")
        if consultation is not None:
            period = next(p for p in compute(app).consultations if p.ref == consultation.pk)
            Consultation.objects.filter(pk=consultation.pk).update(window_ends_on=period.window_end)
        notify_applicant(
            app,
            "办理日期更正",
            f"{what}的日期由 {old_on} 更正为 {new_on}，答复期限为 {app.reply_due}。",
        )
    return correction
