"""The statutory clock of a stored case: ``gongkai.rules.clock`` fed with its records.

Deadlines are always computed in provisional mode: a case whose deadline falls in a year
without a holiday schedule is still accepted (issue 4); its deadline is marked provisional
and recomputed by :func:`recompute_open_deadlines` when the schedule is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from gongkai.applications.audit import AUDIT
from gongkai.applications.models import OPEN_STATES, Application, Consultation, DeadlineChange
from gongkai.casework import audit
from gongkai.rules.clock import ClockEvent, ClockResult, ClockSettings, EventKind, compute_clock
from gongkai.workdays.models import current_calendar


def clock_settings() -> ClockSettings:
    # Whether a fee notice stops the clock could not be verified in 国办函〔2020〕109号
    # (spec §8, §12): a setting, default True, as ClockSettings documents.
    return ClockSettings(fee_notice_stops_clock=settings.GONGKAI_FEE_NOTICE_STOPS_CLOCK)


def clock_events(application) -> list[ClockEvent]:
    if application.pk is None:
        return []
    return [
        ClockEvent(
            EventKind(r.kind),
            r.on,
            working_days=r.working_days,
            until=r.until,
            ref=r.consultation_id,
        )
        for r in application.clock_events.order_by("on", "pk")
    ]


def compute(application, calendar=None, extra: list[ClockEvent] | None = None) -> ClockResult:
    """The clock of ``application`` (raises ClockError when ``extra`` events are impossible)."""
    return compute_clock(
        application.received_on,
        [*clock_events(application), *(extra or [])],
        calendar or current_calendar(),
        settings=clock_settings(),
        provisional=True,
    )


def refresh_deadline(application, calendar=None) -> ClockResult | None:
    """Set the cached ``reply_due`` and ``provisional`` from the records (not saved)."""
    if application.received_on is None:
        application.reply_due, application.provisional = None, False
        return None
    result = compute(application, calendar)
    application.reply_due = result.reply_due
    application.provisional = result.provisional
    return result


def recompute_open_deadlines(reason: str = "节假日安排更新") -> list:
    """Recompute every open case's deadline; record a DeadlineChange on each that moved."""
    calendar = current_calendar()
    changed = []
    with transaction.atomic():
        cases = Application.objects.select_for_update().filter(
            state__in=OPEN_STATES, received_on__isnull=False
        )
        for app in cases:
            old_due, old_provisional = app.reply_due, app.provisional
            result = refresh_deadline(app, calendar)
            _refresh_windows(app, result)
            if (old_due, old_provisional) == (app.reply_due, app.provisional):
                continue
            app.save(update_fields=["reply_due", "provisional", "updated_at"])
            DeadlineChange.objects.create(
                application=app,
                old_due=old_due,
                new_due=app.reply_due,
                old_provisional=old_provisional,
                new_provisional=app.provisional,
                reason=reason,
            )
            audit(
                app,
                AUDIT,
                "deadline_recomputed",
                user=None,
                old_state=app.state,
                reason=reason,
                old_due=old_due,
                new_due=app.reply_due,
                old_provisional=old_provisional,
                new_provisional=app.provisional,
            )
            changed.append(app)
    return changed


def _refresh_windows(app, result: ClockResult | None) -> None:
    """An open consultation's window end follows the calendar, like the deadline."""
    if result is None:
        return
    for period in result.consultations:
        if period.ref is not None and period.awaiting:
            Consultation.objects.filter(pk=period.ref, application=app, result="").exclude(
                window_ends_on=period.window_end
            ).update(window_ends_on=period.window_end)


def schedule_changed(sender, instance, **kwargs):
    recompute_open_deadlines(reason=f"{instance.year}年节假日安排更新")
