"""承办: a department's opinion on a case, asked by the office, returned once."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.access import staff_profile
from gongkai.agencies.models import Department
from gongkai.agencies.policy import Capability, can
from gongkai.applications.actions.common import audit_case, locked_case
from gongkai.applications.models import Application, Assignment, OpinionFile, State
from gongkai.casework import ActionError, TransitionError, locked
from gongkai.casework.uploads import deleted_on_failure
from gongkai.rules.clock import china_today


def do_assign(
    application: Application,
    *,
    department: Department,
    question: str,
    opinion_due: date | None = None,
    acting_user,
) -> Assignment:
    """Ask a department of the case's agency for its opinion (the office still decides)."""
    if not can(acting_user, Capability.CASES_ASSIGN, application.agency_id):
        raise PermissionDenied("只有本机关政府信息公开工作机构的人员可以交办")
    if department.agency_id != application.agency_id:
        raise ActionError("只能交本机关的股室承办")
    if not question.strip():
        raise ActionError("请写明需要股室提出意见的事项")
    with transaction.atomic():
        app = locked_case(application)
        if not app.is_open:
            raise TransitionError(f"申请当前状态为“{State(app.state).label}”，不能交办")
        if opinion_due is not None and opinion_due < china_today():
            raise ActionError("意见反馈期限不能早于今天")
        assignment = Assignment.objects.create(
            application=app,
            department=department,
            question=question.strip(),
            opinion_due=opinion_due,
            assigned_by=acting_user,
        )
        audit_case(
            app,
            "assign",
            acting_user,
            app.state,
            department=department.name,
            opinion_due=opinion_due,
        )
    return assignment


def do_return_opinion(assignment: Assignment, *, opinion: str, files=(), acting_user) -> Assignment:
    """The department's editor returns its opinion (and files) once; the office decides."""
    agency_id = assignment.application.agency_id
    profile = staff_profile(acting_user)
    if (
        not can(acting_user, Capability.CASES_OPINION, agency_id)
        or profile is None
        or profile.department_id != assignment.department_id
    ):
        raise PermissionDenied("只有承办股室的人员可以反馈意见")
    if not opinion.strip():
        raise ActionError("请填写承办意见")
    storage = OpinionFile._meta.get_field("file").storage
    with deleted_on_failure(storage) as stored, transaction.atomic():
        answer = locked(Assignment, assignment.pk)
        if answer.answered:
            raise ActionError("该承办事项已反馈意见")
        answer.opinion = opinion.strip()
        answer.answered_by = acting_user
        answer.answered_at = timezone.now()
        answer.save(update_fields=["opinion", "answered_by", "answered_at"])
        for upload in files:
            record = OpinionFile(assignment=answer, name=upload.name)
            record.file.save(upload.name, upload, save=True)
            stored.append(record.file.name)
        app = answer.application
        audit_case(
            app,
            "return_opinion",
            acting_user,
            app.state,
            department=answer.department.name,
            files=[upload.name for upload in files],
        )
    return answer
