"""The steps that restart or extend the clock: correction (Art. 30), extension (Art. 33 ¶2).
Consultations (Art. 32, 34) are in ``consultation.py``, the Art. 35 date in ``deadline.py``."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.agencies.policy import Capability, can
from gongkai.applications import notice_texts
from gongkai.applications.actions.common import (
    check_move,
    check_staff,
    check_step_date,
    last_event_on,
    locked_case,
    move,
    record_event,
)
from gongkai.applications.models import Application, Extension, NoticeKind, State
from gongkai.applications.notices import issue_notice
from gongkai.applications.notifications import notify_applicant
from gongkai.casework import ActionError, TransitionError
from gongkai.rules.clock import EventKind, StepKind, statute_for

# --- correction (Art. 30) -----------------------------------------------------------------------


def do_request_correction(
    application: Application, *, on: date, correct_by: date, acting_user, note: str = ""
) -> Application:
    """Send the one correction notice (一次性告知) with the period the agency gives: ``note``
    says what is to be corrected (Art. 30: 说明需要补正的事项和合理的补正期限)."""
    check_staff(acting_user, application.agency_id)
    if correct_by <= on:
        raise ActionError("补正期限应晚于告知日期")
    if not note.strip():
        raise ActionError("请写明需要补正的事项（第三十条）")
    with transaction.atomic():
        app = locked_case(application)
        check_move(app, State.AWAITING_CORRECTION)
        if app.clock_events.filter(kind=EventKind.CORRECTION_REQUESTED).exists():
            raise ActionError("补正告知只能一次性发出（第三十条）")
        check_step_date(app, on, "补正告知日期")
        record_event(
            app, EventKind.CORRECTION_REQUESTED, on, acting_user, until=correct_by, note=note
        )
        move(app, State.AWAITING_CORRECTION, "request_correction", acting_user, on=on)
        issue_notice(
            app,
            NoticeKind.CORRECTION,
            issued_on=on,
            build=lambda ref: notice_texts.correction_notice(
                app, reference=ref, issued_on=on, matters=note, correct_by=correct_by
            ),
            acting_user=acting_user,
        )
        notify_applicant(app, "请补正申请", f"请于 {correct_by} 前补正申请内容。{note}")
    return app


def do_request_reasons(
    application: Application, *, on: date, note: str, acting_user
) -> Application:
    """Art. 35: the number or frequency of the applicant's requests evidently exceeds a
    reasonable range, and the agency asks them to give their reasons (``note``: what the
    agency noticed and asks). Once per case; the case stays where it is."""
    check_staff(acting_user, application.agency_id)
    note = note.strip()
    if not note:
        raise ActionError("请写明要求申请人说明理由的事项（第三十五条）")
    with transaction.atomic():
        app = locked_case(application)
        if app.state not in (State.PROCESSING, State.CONSULTING):
            raise TransitionError(f"申请当前状态为“{State(app.state).label}”，不能要求说明理由")
        if app.reasons_requested_on is not None:
            raise ActionError(f"已于 {app.reasons_requested_on} 要求申请人说明理由")
        check_step_date(app, on, "要求说明理由日期")
        app.reasons_requested_on, app.reasons_request = on, note
        move(app, State(app.state), "request_reasons", acting_user, on=on)
        notify_applicant(
            app,
            "请说明申请理由",
            f"本机关于 {on} 要求您说明申请理由（《政府信息公开条例》第三十五条）：{note}",
        )
    return app


def do_receive_correction(application: Application, *, on: date, acting_user) -> Application:
    """The corrected application arrived: the reply period restarts from ``on`` (Art. 30)."""
    check_staff(acting_user, application.agency_id)
    with transaction.atomic():
        app = locked_case(application)
        check_move(app, State.PROCESSING)
        if app.state != State.AWAITING_CORRECTION:
            raise TransitionError("该申请未在等待补正")
        requested = last_event_on(app, EventKind.CORRECTION_REQUESTED)
        check_step_date(app, on, "收到补正日期", (requested, "补正告知日期"))
        record_event(app, EventKind.CORRECTION_RECEIVED, on, acting_user)
        move(app, State.PROCESSING, "receive_correction", acting_user, on=on)
        notify_applicant(app, "已收到补正", f"已收到补正材料，答复期限为 {app.reply_due}。")
    return app


# --- extension (Art. 33 ¶2) ----------------------------------------------------------------------


def _check_approval(application, approved_by, approved_on, notice_sent_on, acting_user):
    """Art. 33 ¶2: 经政府信息公开工作机构负责人同意 — the head of the office alone, never the
    officer who records the extension, and before the applicant is told."""
    check_staff(acting_user, application.agency_id)
    if not can(approved_by, Capability.CASES_APPROVE_EXTENSION, application.agency_id):
        raise ActionError("延期须经本机关政府信息公开工作机构负责人同意（第三十三条第二款）")
    if approved_by.pk == acting_user.pk:
        raise ActionError("延期的批准人不能是办理延期的本人，须由公开办负责人另行批准")
    if approved_on > notice_sent_on:
        raise ActionError(f"批准日期（{approved_on}）不能晚于延期告知日期（{notice_sent_on}）")


def _check_extension_days(app: Application, working_days: int):
    """Art. 33 ¶2: all extensions of a case together at most the statute's limit (20 working
    days); returns that limit."""
    longest = statute_for(app.received_on).extension_max
    already = sum(e.working_days for e in app.extensions.all())
    if working_days < 1 or already + working_days > longest.working_days:
        raise ActionError(
            f"延长答复期限最长不得超过 {longest.working_days} 个工作日（{longest.citation}）"
        )
    return longest


def do_extend(
    application: Application,
    *,
    working_days: int,
    reason: str,
    approved_by,
    notice_sent_on: date,
    acting_user,
    approved_on: date | None = None,
) -> Application:
    """Extend the reply period (Art. 33 ¶2) with the head's consent given on ``approved_on``
    (by default the day the notice goes out); the notice prints both."""
    approved_on = approved_on or notice_sent_on
    _check_approval(application, approved_by, approved_on, notice_sent_on, acting_user)
    if not reason.strip():
        raise ActionError("请填写延期理由")
    with transaction.atomic():
        app = locked_case(application)
        if app.state not in (State.PROCESSING, State.CONSULTING):
            raise TransitionError(f"申请当前状态为“{State(app.state).label}”，不能延期")
        check_step_date(app, notice_sent_on, "延期告知日期")
        check_step_date(app, approved_on, "批准日期")
        longest = _check_extension_days(app, working_days)
        check_move(app, State(app.state))
        Extension.objects.create(
            application=app,
            working_days=working_days,
            reason=reason,
            approved_by=approved_by,
            approved_on=approved_on,
            notice_sent_on=notice_sent_on,
            recorded_by=acting_user,
        )
        record_event(
            app, EventKind.EXTENSION, notice_sent_on, acting_user, working_days=working_days
        )
        old_due = app.reply_due
        result = move(
            app,
            State(app.state),
            "extend",
            acting_user,
            days=working_days,
            old_due=old_due,
            approved_by=approved_by.get_username(),
            approved_on=approved_on,
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
        approver = approved_by.get_full_name() or approved_by.get_username()
        issue_notice(
            app,
            NoticeKind.EXTENSION,
            issued_on=notice_sent_on,
            build=lambda ref: notice_texts.extension_notice(
                app,
                reference=ref,
                issued_on=notice_sent_on,
                reason=reason,
                working_days=working_days,
                approver=approver,
                approved_on=approved_on,
                new_due=app.reply_due,
            ),
            acting_user=acting_user,
        )
        notify_applicant(app, "延期答复告知", f"答复期限延长至 {app.reply_due}。理由：{reason}")
    return app
