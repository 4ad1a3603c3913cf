"""The reconsideration and litigation register (Art. 51, table 四)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.applications.actions.common import audit_case, check_staff, locked_case
from gongkai.applications.models import Application, Remedy, RemedyKind, RemedyResult, Reply
from gongkai.casework import ActionError, locked


def do_record_remedy(
    application: Application,
    *,
    kind: RemedyKind | str,
    filed_on: date,
    acting_user,
    review: Remedy | None = None,
    case_number: str = "",
) -> Remedy:
    check_staff(acting_user, application.agency_id)
    kind = RemedyKind(kind)
    if (kind == RemedyKind.AFTER_REVIEW) != (review is not None):
        raise ActionError("复议后起诉须关联所经的行政复议；其他类型不能关联")
    if review is not None and (
        review.kind != RemedyKind.REVIEW or review.application_id != application.pk
    ):
        raise ActionError("所关联的不是本申请的行政复议")
    with transaction.atomic():
        app = locked_case(application)
        reply = Reply.objects.filter(application=app).first()
        remedy = Remedy.objects.create(
            application=app,
            reply=reply,
            kind=kind,
            review=review,
            filed_on=filed_on,
            case_number=case_number,
            recorded_by=acting_user,
        )
        audit_case(app, "record_remedy", acting_user, app.state, kind=kind.value, filed_on=filed_on)
    return remedy


def do_conclude_remedy(
    remedy: Remedy, *, result: RemedyResult | str, concluded_on: date, acting_user
) -> Remedy:
    check_staff(acting_user, remedy.application.agency_id)
    result = RemedyResult(result)
    if result == RemedyResult.PENDING:
        raise ActionError("请选择审结结果")
    if concluded_on < remedy.filed_on:
        raise ActionError("审结日期不能早于受理日期")
    with transaction.atomic():
        remedy = locked(Remedy, remedy.pk)
        if remedy.result != RemedyResult.PENDING:
            raise ActionError("该案件已登记审结结果")
        remedy.result, remedy.concluded_on = result, concluded_on
        remedy.save()
        app = remedy.application
        audit_case(app, "conclude_remedy", acting_user, app.state, result=result.value)
    return remedy
