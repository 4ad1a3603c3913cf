"""Every period of a case other than the reply's, for the dashboard and the reminders.

- an application waiting for its receipt to be confirmed (Art. 31(2)/(3)), from the day it
  arrived: an ordinary letter must be confirmed that very day, online and fax applications
  as soon as both sides can;
- the correction notice, due within 7 working days of receipt (Art. 30), while no notice
  has been sent and nothing else has been done on the case;
- each consultation's answer window (Art. 32, 34), until its result is recorded;
- the fee payment period (国办函〔2020〕109号), while the fee is unpaid.

A period is shown and reminded of once it ends within :data:`LEAD_WORKING_DAYS` working
days, or has ended. Each reminder is sent once per event (the case, the kind, the period's
end, the consultation): a :class:`PeriodReminder` row is the claim, under a unique
constraint, so a rerun of the job or a second worker sends nothing twice. The reply's own
due-soon and overdue reminders are ``reminders.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from gongkai.agencies.policy import Capability, holders
from gongkai.applications.clock import clock_settings, compute
from gongkai.applications.models import (
    CONFIRMATION_CHANNELS,
    Application,
    Consultation,
    PeriodKind,
    PeriodReminder,
    State,
)
from gongkai.applications.notifications import notify_staff
from gongkai.rules.clock import (
    ClockError,
    ClockSettings,
    DeadlineState,
    china_today,
    compute_clock,
    deadline_status,
)
from gongkai.workdays.models import current_calendar

# Two working days' notice: the shortest period here is the 7-working-day correction notice,
# for which the reply's five days (ClockSettings.due_soon_working_days) would be most of it.
LEAD_WORKING_DAYS = 2


@dataclass(frozen=True)
class PeriodAlert:
    application: Application
    kind: PeriodKind
    due: date  # the period's last day (an unconfirmed receipt: the day it arrived)
    working_days_left: int  # negative once the period is over
    ref: int = 0  # the consultation, for a consultation window

    @property
    def overdue(self) -> bool:
        return self.working_days_left < 0


class _Classifier:
    def __init__(self, today: date) -> None:
        self.today = today
        self.calendar = current_calendar()
        self.settings = ClockSettings(due_soon_working_days=LEAD_WORKING_DAYS)

    def alert(self, app, kind, due, ref=0) -> PeriodAlert | None:
        status = deadline_status(
            due, self.today, self.calendar, settings=self.settings, provisional=True
        )
        if status.state == DeadlineState.ON_TRACK:
            return None
        return PeriodAlert(app, kind, due, status.working_days_left, ref)


def period_alerts(cases, today: date | None = None) -> list[PeriodAlert]:
    """The periods of ``cases`` (a queryset of applications) that need attention today,
    soonest first."""
    today = today or china_today()
    check = _Classifier(today)
    alerts: list[PeriodAlert | None] = []
    cases = cases.select_related("agency")
    for app in cases.filter(
        state=State.AWAITING_CONFIRMATION, channel__in=[c.value for c in CONFIRMATION_CHANNELS]
    ):
        if app.arrived_on <= today:
            alerts.append(
                PeriodAlert(
                    app,
                    PeriodKind.RECEIPT_UNCONFIRMED,
                    app.arrived_on,
                    -check.calendar.workdays_between(app.arrived_on, today, provisional=True).count,
                )
            )
    settings = clock_settings()
    for app in cases.filter(
        state=State.PROCESSING, received_on__isnull=False, clock_events__isnull=True
    ):
        try:  # no events: the clock of the receipt alone, without reading them
            due = compute_clock(
                app.received_on, [], check.calendar, settings=settings, provisional=True
            ).correction_due
        except ClockError:
            continue
        if due >= today:  # once it has passed, a correction can no longer be requested
            alerts.append(check.alert(app, PeriodKind.CORRECTION_NOTICE, due))
    consultations = Consultation.objects.filter(
        application__in=cases.filter(state=State.CONSULTING), result=""
    ).select_related("application__agency")
    for c in consultations:
        alerts.append(
            check.alert(c.application, PeriodKind.CONSULTATION_WINDOW, c.window_ends_on, c.pk)
        )
    for app in cases.filter(state=State.AWAITING_FEE):
        try:
            due = compute(app, check.calendar).fee_payment_due
        except ClockError:
            continue
        if due is not None:
            alerts.append(check.alert(app, PeriodKind.FEE_PAYMENT, due))
    found = [a for a in alerts if a is not None]
    return sorted(found, key=lambda a: (a.due, a.application.pk, a.ref))


def _text(alert: PeriodAlert) -> str:
    app = alert.application
    head = f"申请 {app.tracking_code}（{app.agency.name}）"
    if alert.kind == PeriodKind.RECEIPT_UNCONFIRMED:
        return (
            f"{head}于 {alert.due} 通过{app.get_channel_display()}到达，尚未与申请人确认收到"
            "（条例第三十一条；平常信函应于收到当日确认）。"
        )
    when = (
        f"已于 {alert.due} 届满"
        if alert.overdue
        else f"将于 {alert.due} 届满，剩余 {alert.working_days_left} 个工作日"
    )
    return {
        PeriodKind.CORRECTION_NOTICE: f"{head}如需补正，补正告知期限{when}（条例第三十条）。",
        PeriodKind.CONSULTATION_WINDOW: f"{head}征求意见的答复期限{when}，请登记意见或逾期结果。",
        PeriodKind.FEE_PAYMENT: f"{head}信息处理费缴费期限{when}。",
    }[alert.kind]


def send_period_reminders(today: date | None = None) -> list[PeriodReminder]:
    """E-mail the disclosure office once for each period that needs attention."""
    sent = []
    for alert in period_alerts(Application.objects.all(), today):
        app = alert.application
        users = holders(Capability.CASES_HANDLE, app.agency_id).exclude(email="")
        to = sorted(set(users.values_list("email", flat=True)))
        try:
            with transaction.atomic():
                reminder = PeriodReminder.objects.create(
                    application=app, kind=alert.kind, due=alert.due, ref=alert.ref, recipients=to
                )
                notify_staff(
                    to,
                    f"依申请公开{PeriodKind(alert.kind).label}提醒：{app.tracking_code}",
                    _text(alert),
                )
        except IntegrityError:
            continue  # reminded already, by an earlier run or another worker
        sent.append(reminder)
    return sent
