"""Service (送达) of a notice, and the Art. 32 notice to a third party whose objection the
agency overrules."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.applications import notice_texts
from gongkai.applications.actions.common import (
    check_staff,
    check_step_date,
    last_event_on,
    locked_case,
)
from gongkai.applications.audit import AUDIT
from gongkai.applications.models import (
    ONLINE_SERVICE,
    Application,
    Notice,
    NoticeKind,
    ServiceMethod,
    State,
)
from gongkai.applications.notices import issue_notice
from gongkai.casework import ActionError, audit, locked
from gongkai.rules.clock import EventKind, china_today


def do_record_service(
    notice: Notice,
    *,
    method: ServiceMethod | str,
    served_on: date,
    acting_user,
    note: str = "",
) -> Notice:
    """Record how and when ``notice`` reached its addressee — for post, the day it was signed
    for — once. The remedy periods run from that day ("自收到本告知书之日起"). Served online
    (e-mail, the tracking page), a notice with remedies names the agency's online channel
    for 行政复议 (行政复议法 Art. 22 ¶2)."""
    try:
        method = ServiceMethod(method)
    except ValueError:
        raise ActionError("请选择送达方式") from None
    check_staff(acting_user, notice.agency_id)
    with transaction.atomic():
        record = locked(Notice, notice.pk)
        if record.served:
            raise ActionError(f"该文书已于{record.served_on}登记送达")
        today = china_today()
        if served_on > today:
            raise ActionError(f"送达日期不能晚于今天（{today}）")
        if served_on < record.issued_on:
            raise ActionError(f"送达日期不能早于发文日期（{record.issued_on}）")
        if method == ServiceMethod.POST and not note.strip():
            raise ActionError("邮寄送达请填写邮件号码（送达日期为签收日期）")
        record.service_method = method
        record.served_on = served_on
        record.service_note = note.strip()
        record.service_recorded_by = acting_user
        record.service_recorded_at = timezone.now()
        if method in ONLINE_SERVICE:
            record.content = notice_texts.with_online_channel(
                record.content, record.agency.reconsideration_online_channel
            )
        record.save(
            update_fields=[
                "service_method",
                "served_on",
                "service_note",
                "service_recorded_by",
                "service_recorded_at",
                "content",
            ]
        )
        app = record.application
        audit(
            app,
            AUDIT,
            "record_service",
            user=acting_user,
            old_state=app.state,
            notice=record.pk,
            number=record.number,
            method=method.value,
            served_on=served_on,
        )
    return record


def do_notify_third_party_decision(
    application: Application,
    *,
    party: str,
    content: str,
    reason: str,
    on: date,
    acting_user,
) -> Notice:
    """Art. 32: the third party objected, yet the agency decides to disclose because
    withholding may seriously affect the public interest — and tells the third party in
    writing what it discloses and why. Only after a consultation, never before its date."""
    check_staff(acting_user, application.agency_id)
    party, content, reason = party.strip(), content.strip(), reason.strip()
    if not party or not content or not reason:
        raise ActionError("请填写第三方名称、决定公开的政府信息内容和理由（第三十二条）")
    with transaction.atomic():
        app = locked_case(application)
        consulted = last_event_on(app, EventKind.CONSULTATION_STARTED)
        if consulted is None:
            raise ActionError("尚未征求第三方意见，不能告知第三方决定公开（第三十二条）")
        if app.state not in (State.PROCESSING, State.CONSULTING):
            raise ActionError(f"申请当前状态为“{State(app.state).label}”，不能告知第三方")
        check_step_date(app, on, "告知日期", (consulted, "征求意见日期"))
        notice = issue_notice(
            app,
            NoticeKind.THIRD_PARTY_DECISION,
            issued_on=on,
            build=lambda ref: notice_texts.third_party_decision_notice(
                app,
                reference=ref,
                issued_on=on,
                party=party,
                consulted_on=consulted,
                content=content,
                reason=reason,
            ),
            acting_user=acting_user,
            addressee=party,
            to_applicant=False,
        )
        audit(
            app,
            AUDIT,
            "notify_third_party_decision",
            user=acting_user,
            old_state=app.state,
            notice=notice.pk,
            on=on,
        )
    return notice
