"""Consultations (征求意见): third parties (Art. 32) and co-producing agencies (Art. 34),
several at once if need be; their time is not counted in the reply period (Art. 33 ¶3).

A third party that does not answer within its window has not consented: the agency decides
(Art. 32). An agency that does not answer is deemed to consent (Art. 34). Either silence is
recorded only once the window is over, dated the window's last day, where the pause ends.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.applications import notice_texts
from gongkai.applications.actions.common import (
    check_staff,
    check_step_date,
    locked_case,
    move,
    record_event,
)
from gongkai.applications.clock import compute
from gongkai.applications.models import (
    ANSWERS,
    SILENCE,
    Application,
    Consultation,
    ConsultationKind,
    ConsultationResult,
    NoticeKind,
    State,
)
from gongkai.applications.notices import issue_notice
from gongkai.casework import ActionError, TransitionError
from gongkai.rules.clock import ClockError, EventKind, china_today, statute_for


def _window_end(app: Application, consultation: Consultation) -> date:
    """The window's last day as the clock counts it (15 working days, Art. 32, 34)."""
    try:
        result = compute(app)
    except ClockError as exc:
        raise ActionError(f"期限事项的日期不合理：{exc.zh}") from exc
    period = next(p for p in result.consultations if p.ref == consultation.pk)
    return period.window_end


def do_start_consultation(
    application: Application,
    *,
    on: date,
    acting_user,
    party_name: str,
    party_kind: ConsultationKind | str = ConsultationKind.THIRD_PARTY,
    party_contact: str = "",
    matter: str = "",
    note: str = "",
) -> Application:
    """Send one 征求意见书; others may already be running (the case stays 征求意见中)."""
    check_staff(acting_user, application.agency_id)
    if party_kind not in ConsultationKind.values:
        raise ActionError("征求意见对象类型不正确")
    party_name, matter = party_name.strip(), (matter or note).strip()
    if not party_name:
        raise ActionError("请填写征求意见的对象")
    if not matter:
        raise ActionError("请填写征求意见的事项")
    with transaction.atomic():
        app = locked_case(application)
        if app.state not in (State.PROCESSING, State.CONSULTING):
            raise TransitionError(f"申请当前状态为“{State(app.state).label}”，不能征求意见")
        check_step_date(app, on, "征求意见日期")
        consultation = Consultation.objects.create(
            application=app,
            party_kind=party_kind,
            party_name=party_name,
            party_contact=party_contact.strip(),
            matter=matter,
            sent_on=on,
            window_ends_on=on,  # replaced below by the clock's count
            recorded_by=acting_user,
        )
        record_event(
            app, EventKind.CONSULTATION_STARTED, on, acting_user, consultation=consultation
        )
        consultation.window_ends_on = _window_end(app, consultation)
        consultation.save(update_fields=["window_ends_on"])
        move(
            app,
            State.CONSULTING,
            "start_consultation",
            acting_user,
            on=on,
            consultation=consultation.pk,
            party_kind=str(party_kind),
            window_ends_on=consultation.window_ends_on,
        )
        issue_consultation_notice(app, consultation, acting_user=acting_user)
    return app


def issue_consultation_notice(app: Application, consultation: Consultation, *, acting_user):
    """The 征求意见书 to the party of ``consultation``: each of several consultations in
    parallel sends its own, numbered in the agency's sequence."""
    return issue_notice(
        app,
        NoticeKind.CONSULTATION,
        issued_on=consultation.sent_on,
        build=lambda ref: notice_texts.consultation_notice(
            app,
            reference=ref,
            issued_on=consultation.sent_on,
            party=consultation.party_name,
            party_kind=consultation.party_kind,
            question=consultation.matter,
            window_days=statute_for(app.received_on).consultation_answer.working_days,
        ),
        acting_user=acting_user,
        addressee=consultation.party_name,
        to_applicant=False,
    )


def do_record_consultation_result(
    consultation: Consultation,
    *,
    result: ConsultationResult | str,
    acting_user,
    on: date | None = None,
    note: str = "",
) -> Consultation:
    """The answer of one consultation (同意/不同意, dated ``on``), or its silence once the
    window is over (Art. 32: the agency decides; Art. 34: deemed consent)."""
    application = consultation.application
    check_staff(acting_user, application.agency_id)
    if result not in ConsultationResult.values:
        raise ActionError("征求意见结果不正确")
    result = ConsultationResult(result)
    with transaction.atomic():
        app = locked_case(application)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if app.state != State.CONSULTING or not consultation.is_open:
            raise TransitionError("该征求意见已有结果")
        kind = ConsultationKind(consultation.party_kind)
        if result in ANSWERS:
            if on is None:
                raise ActionError("请填写收到意见的日期")
            check_step_date(app, on, "收到意见日期", (consultation.sent_on, "征求意见日期"))
        else:
            if result != SILENCE[kind]:
                raise ActionError(
                    "第三方逾期未提出意见的，由本机关依法决定是否公开，不视为同意（第三十二条）"
                    if kind == ConsultationKind.THIRD_PARTY
                    else "被征求意见机关逾期未提出意见的，视为同意公开（第三十四条）"
                )
            if china_today() <= consultation.window_ends_on:
                raise ActionError(
                    f"答复期限至 {consultation.window_ends_on} 届满，届满前不能记录逾期未提出意见"
                )
            on = consultation.window_ends_on
        consultation.result, consultation.result_on = result, on
        consultation.result_note = note.strip()
        consultation.save(update_fields=["result", "result_on", "result_note"])
        record_event(app, EventKind.CONSULTATION_ENDED, on, acting_user, consultation=consultation)
        still_open = app.consultations.filter(result="").exists()
        move(
            app,
            State.CONSULTING if still_open else State.PROCESSING,
            "end_consultation",
            acting_user,
            on=on,
            consultation=consultation.pk,
            result=str(result),
        )
    return consultation


def do_end_consultation(
    application: Application,
    *,
    on: date,
    acting_user,
    result: ConsultationResult | str,
    note: str = "",
) -> Application:
    """The answer of the one consultation open on ``application`` (several open: choose
    with :func:`do_record_consultation_result`)."""
    check_staff(acting_user, application.agency_id)
    open_ones = list(application.consultations.filter(result=""))
    if len(open_ones) != 1:
        raise TransitionError(
            "该申请未在征求意见" if not open_ones else "有多项征求意见，请选择要登记结果的一项"
        )
    do_record_consultation_result(
        open_ones[0], result=result, acting_user=acting_user, on=on, note=note
    )
    application.refresh_from_db()
    return application
