"""Due-soon and overdue reminders, each sent once per deadline (``gongkai remind``).

A daily timer may overlap with a manual run: each reminder is claimed with a conditional
UPDATE on the case (``…_reminded_for`` ≠ the current deadline), so only one process sends
it; a deadline moved later (extension, recomputation) can be reminded of again.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from gongkai.agencies.models import Role
from gongkai.applications.clock import clock_settings
from gongkai.applications.models import OPEN_STATES, Application, Reminder, ReminderKind
from gongkai.applications.notifications import notify_staff
from gongkai.rules.clock import DeadlineState, china_today, deadline_status
from gongkai.workdays.models import current_calendar

_CLAIM_FIELD = {
    ReminderKind.DUE_SOON: "due_soon_reminded_for",
    ReminderKind.OVERDUE: "overdue_reminded_for",
}


def recipients(app: Application, kind: ReminderKind) -> list[str]:
    """The agency's disclosure office; the supervisors too once a case is overdue."""
    who = Q(staff_profile__agency_id=app.agency_id) & Q(
        staff_profile__role_grants__role__in=[
            Role.DISCLOSURE_OFFICER,
            Role.DISCLOSURE_HEAD,
            Role.AGENCY_ADMIN,
        ]
    )
    if kind == ReminderKind.OVERDUE:
        who |= Q(staff_profile__role_grants__role=Role.SUPERVISOR)
    users = get_user_model().objects.filter(who, is_active=True).exclude(email="").distinct()
    return sorted(users.values_list("email", flat=True))


def _claim(app: Application, kind: ReminderKind) -> bool:
    field = _CLAIM_FIELD[kind]
    claimed = (
        Application.objects.filter(pk=app.pk, reply_due=app.reply_due, state__in=OPEN_STATES)
        .exclude(**{field: app.reply_due})
        .update(**{field: app.reply_due})
    )
    return claimed == 1


def send_reminders(today: date | None = None) -> list[Reminder]:
    today = today or china_today()
    calendar = current_calendar()
    sent = []
    cases = Application.objects.filter(state__in=OPEN_STATES, reply_due__isnull=False)
    for app in cases.select_related("agency"):
        status = deadline_status(
            app.reply_due, today, calendar, settings=clock_settings(), provisional=True
        )
        if status.state == DeadlineState.ON_TRACK:
            continue
        kind = (
            ReminderKind.OVERDUE if status.state == DeadlineState.OVERDUE else ReminderKind.DUE_SOON
        )
        with transaction.atomic():
            if not _claim(app, kind):
                continue
            to = recipients(app, kind)
            reminder = Reminder.objects.create(
                application=app, kind=kind, due=app.reply_due, recipients=to
            )
            due = f"{app.reply_due}" + ("（暂定）" if status.provisional else "")
            if kind == ReminderKind.OVERDUE:
                body = f"申请 {app.tracking_code}（{app.agency.name}）已超过答复期限 {due}。"
            else:
                body = (
                    f"申请 {app.tracking_code}（{app.agency.name}）将于 {due} 到期，"
                    f"剩余 {status.working_days_left} 个工作日。"
                )
            notify_staff(to, f"依申请公开{kind.label}提醒：{app.tracking_code}", body)
        sent.append(reminder)
    return sent
