"""Recording a 行政复议 or 行政诉讼 and its result: the only ways the register changes."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.agencies.policy import Capability, can
from gongkai.casework import ActionError, audit, check_choice, locked
from gongkai.disputes.audit import AUDIT
from gongkai.disputes.models import Remedy, RemedyKind, RemedyResult

#: the applications' reply model, known here only through the register's own reference
Reply = Remedy._meta.get_field("reply").related_model


def _check_staff(user, agency_id: int) -> None:
    if not can(user, Capability.CASES_HANDLE, agency_id):
        raise PermissionDenied("只有本机关政府信息公开工作机构的人员可以办理本机关的申请")


def _audit(application, action: str, user, **data) -> None:
    state = application.state
    audit(application, AUDIT, action, user=user, old_state=state, new_state=state, **data)


def do_record_remedy(
    application,
    *,
    kind: RemedyKind | str,
    filed_on: date,
    acting_user,
    review: Remedy | None = None,
    case_number: str = "",
) -> Remedy:
    """Record a case brought against ``application``'s decision (a lawsuit after review names
    the review it followed)."""
    _check_staff(acting_user, application.agency_id)
    kind = check_choice(RemedyKind, kind, "类型")
    if (kind == RemedyKind.AFTER_REVIEW) != (review is not None):
        raise ActionError("复议后起诉须关联所经的行政复议；其他类型不能关联")
    if review is not None and (
        review.kind != RemedyKind.REVIEW or review.application_id != application.pk
    ):
        raise ActionError("所关联的不是本申请的行政复议")
    with transaction.atomic():
        app = locked(application._meta.model, application.pk, related=("agency",))
        remedy = Remedy.objects.create(
            application=app,
            reply=Reply.objects.filter(application=app).first(),
            kind=kind,
            review=review,
            filed_on=filed_on,
            case_number=case_number,
            recorded_by=acting_user,
        )
        _audit(app, "record_remedy", acting_user, kind=kind.value, filed_on=filed_on)
    return remedy


def do_conclude_remedy(
    remedy: Remedy, *, result: RemedyResult | str, concluded_on: date, acting_user
) -> Remedy:
    """Record the result of a pending case; a result is recorded once."""
    _check_staff(acting_user, remedy.application.agency_id)
    result = check_choice(RemedyResult, result, "结果")
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
        _audit(remedy.application, "conclude_remedy", acting_user, result=result.value)
    return remedy
