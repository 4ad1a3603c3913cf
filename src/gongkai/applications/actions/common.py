"""What every action on an application shares: the staff check, step dates, the lock, the
move (check, recompute the clock, save, audit)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.agencies.policy import Capability, can
from gongkai.applications.audit import AUDIT
from gongkai.applications.clock import refresh_deadline
from gongkai.applications.models import TRANSITIONS, Application, ClockEventRecord, State
from gongkai.casework import ActionError, audit, check_transition, locked
from gongkai.rules.clock import ClockError, ClockResult, EventKind, china_today


def check_staff(user, agency_id: int) -> None:
    if not can(user, Capability.CASES_HANDLE, agency_id):
        raise PermissionDenied("只有本机关政府信息公开工作机构的人员可以办理本机关的申请")


def check_step_date(
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


def last_event_on(app: Application, kind: EventKind) -> date | None:
    return (
        app.clock_events.filter(kind=kind.value)
        .order_by("-on")
        .values_list("on", flat=True)
        .first()
    )


def locked_case(application: Application) -> Application:
    return locked(Application, application.pk, related=("agency",))


def check_move(app: Application, new_state: State) -> None:
    old = State(app.state)
    check_transition(
        TRANSITIONS,
        old,
        new_state,
        message=f"申请当前状态为“{old.label}”，不能变为“{State(new_state).label}”",
    )


def audit_case(app: Application, action: str, user, old_state: str, **data) -> None:
    audit(app, AUDIT, action, user=user, old_state=old_state, new_state=app.state, **data)


def record_event(app, kind: EventKind, on: date, user, **fields) -> ClockEventRecord:
    return ClockEventRecord.objects.create(
        application=app, kind=kind.value, on=on, recorded_by=user, **fields
    )


def move(app: Application, new_state: State, action: str, user, **data) -> ClockResult | None:
    """Check, recompute the clock, save and audit one change of ``app`` (already locked);
    returns the clock it now runs on."""
    old_state = app.state
    check_move(app, new_state)
    try:
        result = refresh_deadline(app)
    except ClockError as exc:
        raise ActionError(f"期限事项的日期不合理：{exc.zh}") from exc
    app.state = new_state
    app.save()
    audit_case(
        app, action, user, old_state, **data, reply_due=app.reply_due, provisional=app.provisional
    )
    return result
