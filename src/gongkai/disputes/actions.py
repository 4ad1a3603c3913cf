"""Recording a 行政复议 or 行政诉讼 and its result: the only ways the register changes."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.agencies.policy import Capability, can
from gongkai.casework import ActionError, audit, check_choice, locked
from gongkai.casework.uploads import deleted_on_failure, random_name, upload_error
from gongkai.disputes.audit import AUDIT
from gongkai.disputes.models import TABLE4_RESULT, Decision, Remedy, RemedyKind, RemedyResult
from gongkai.rules.clock import china_today

#: the applications' reply model, known here only through the register's own reference
Reply = Remedy._meta.get_field("reply").related_model


def _check_staff(user, agency_id: int) -> None:
    if not can(user, Capability.CASES_HANDLE, agency_id):
        raise PermissionDenied("只有本机关政府信息公开工作机构的人员可以办理本机关的申请")


def _audit(application, action: str, user, **data) -> None:
    audit(application, AUDIT, action, user=user, old_state=application.state, **data)


def do_record_remedy(
    application,
    *,
    kind: RemedyKind | str,
    filed_on: date,
    acting_user,
    review: Remedy | None = None,
    case_number: str = "",
    body: str = "",
    challenged_act: str = "",
    applied_on: date | None = None,
) -> Remedy:
    """Record a case brought against ``application``'s decision (a lawsuit after review names
    the review it followed): the 复议机关 or court (``body``), the act challenged, the day the
    applicant applied or sued (``applied_on``) and the day it was accepted (``filed_on``,
    which places it in table 四)."""
    _check_staff(acting_user, application.agency_id)
    kind = check_choice(RemedyKind, kind, "类型")
    if filed_on > china_today():
        raise ActionError(f"受理日期不能晚于今天（{china_today()}）")
    if applied_on is not None and applied_on > filed_on:
        raise ActionError("申请复议或起诉日期不能晚于受理日期")
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
            body=body.strip(),
            challenged_act=challenged_act.strip(),
            applied_on=applied_on,
            recorded_by=acting_user,
        )
        _audit(app, "record_remedy", acting_user, kind=kind.value, filed_on=filed_on)
    return remedy


def do_conclude_remedy(
    remedy: Remedy,
    *,
    decision: Decision | str,
    concluded_on: date,
    acting_user,
    document=None,
) -> Remedy:
    """Record the result of a pending case once: the detailed result (维持, 撤销 …), which
    gives its column of table 四 (``TABLE4_RESULT``), and the decision document, kept in
    the private storage."""
    _check_staff(acting_user, remedy.application.agency_id)
    decision = check_choice(Decision, decision, "审结结果")
    if concluded_on > china_today():
        raise ActionError(f"审结日期不能晚于今天（{china_today()}）")
    if concluded_on < remedy.filed_on:
        raise ActionError("审结日期不能早于受理日期")
    if document is not None and (error := upload_error(document)):
        raise ActionError(f"文书文件：{error}")
    storage = Remedy._meta.get_field("decision_document").storage
    with deleted_on_failure(storage) as stored, transaction.atomic():
        remedy = locked(Remedy, remedy.pk)
        if remedy.result != RemedyResult.PENDING:
            raise ActionError("该案件已登记审结结果")
        remedy.decision, remedy.concluded_on = decision, concluded_on
        remedy.result = TABLE4_RESULT[decision]
        if document is not None:
            remedy.decision_document.save(random_name(document), document, save=False)
            stored.append(remedy.decision_document.name)
            remedy.decision_document_name = document.name[-200:]
        remedy.save()
        _audit(
            remedy.application,
            "conclude_remedy",
            acting_user,
            result=remedy.result,
            decision=decision.value,
            concluded_on=concluded_on,
            document=bool(stored),
        )
    return remedy
