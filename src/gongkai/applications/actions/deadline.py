"""Art. 35: a request whose number or frequency clearly exceeds a reasonable range, with
reasons the agency finds reasonable but cannot answer within Art. 33's period: the agency
sets a later, reasonable date and tells the applicant. The clock then uses that date."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.applications.actions.common import (
    check_staff,
    check_step_date,
    locked_case,
    move,
    record_event,
)
from gongkai.applications.models import Application, State
from gongkai.applications.notifications import notify_applicant
from gongkai.casework import ActionError, TransitionError
from gongkai.rules.clock import EXCESSIVE_REQUEST_CITATION, EventKind


def do_set_deadline(
    application: Application, *, on: date, until: date, reason: str, acting_user
) -> Application:
    """Set the Art. 35 date ``until`` on ``on``, with its reason (required); it must be later
    than the reply date the Regulations give (Art. 33), which it replaces."""
    check_staff(acting_user, application.agency_id)
    reason = reason.strip()
    if not reason:
        raise ActionError(f"另行确定答复期限须说明理由（{EXCESSIVE_REQUEST_CITATION}）")
    with transaction.atomic():
        app = locked_case(application)
        if app.state not in (State.PROCESSING, State.CONSULTING):
            raise TransitionError(f"申请当前状态为“{State(app.state).label}”，不能另行确定答复期限")
        if app.clock_events.filter(kind=EventKind.DEADLINE_SET).exists():
            raise ActionError("已另行确定过答复期限")
        check_step_date(app, on, "告知日期")
        normal = app.reply_due
        if normal is not None and until <= normal:
            raise ActionError(
                f"另行确定的答复期限应晚于依第三十三条计算的答复期限（{normal}）；"
                f"能在该期限内答复的，不适用{EXCESSIVE_REQUEST_CITATION}"
            )
        if normal is not None and on > normal:
            raise ActionError(f"应在答复期限（{normal}）届满前告知申请人另行确定的答复期限")
        record_event(app, EventKind.DEADLINE_SET, on, acting_user, until=until, note=reason)
        move(
            app,
            State(app.state),
            "set_deadline",
            acting_user,
            on=on,
            until=until,
            old_due=normal,
            reason=reason,
        )
        notify_applicant(
            app,
            "另行确定答复期限",
            f"根据{EXCESSIVE_REQUEST_CITATION}，答复期限确定为 {until}。理由：{reason}",
        )
    return app
