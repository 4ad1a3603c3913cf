"""承办 in the back office: the department's list of assignments, the opinion form, and the
files returned with an opinion."""

from __future__ import annotations

from django.contrib import messages as notices
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gongkai.agencies.access import staff_profile
from gongkai.agencies.policy import Capability, can
from gongkai.applications import actions
from gongkai.applications import staff_forms as forms
from gongkai.applications.access import applications_for
from gongkai.applications.models import Assignment, OpinionFile
from gongkai.applications.staff_case import case_clock


def can_take_assignments(user) -> bool:
    profile = staff_profile(user)
    return (
        profile is not None
        and profile.department_id is not None
        and can(user, Capability.CASES_ASSIGNED, profile.agency_id)
    )


def assignments_for(user):
    """The assignments of ``user``'s own department, if their role takes part in 承办."""
    if not can_take_assignments(user):
        return Assignment.objects.none()
    profile = staff_profile(user)
    return Assignment.objects.filter(
        department_id=profile.department_id, application__agency_id=profile.agency_id
    ).select_related("application", "department")


def assigned_list(request):
    if not can_take_assignments(request.user):
        raise PermissionDenied
    rows = assignments_for(request.user).order_by("answered_at", "-assigned_at")
    return TemplateResponse(
        request,
        "applications/staff/assigned_list.html",
        {"page_title": _("承办事项"), "header_icon": "doc-full", "assignments": rows},
    )


@never_cache
def assigned_detail(request, pk):
    """The request text, the deadline and the office's question — never the applicant's
    personal data — and the opinion form while none was returned."""
    assignment = get_object_or_404(assignments_for(request.user), pk=pk)
    form = forms.OpinionForm()
    if request.method == "POST":
        if assignment.answered:
            raise PermissionDenied
        form = forms.OpinionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                actions.do_return_opinion(
                    assignment,
                    opinion=form.cleaned_data["opinion"],
                    files=form.cleaned_data["files"],
                    acting_user=request.user,
                )
            except (actions.ActionError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
            else:
                notices.success(request, _("承办意见已反馈公开办。"))
                return redirect("applications_staff_assigned_detail", pk=assignment.pk)
    app = assignment.application
    return TemplateResponse(
        request,
        "applications/staff/assigned_detail.html",
        {
            "page_title": _("承办事项 %(code)s") % {"code": app.tracking_code},
            "header_icon": "doc-full",
            "assignment": assignment,
            "app": app,
            "clock": case_clock(app),
            "form": form,
            "files": assignment.files.all(),
        },
    )


def opinion_file(request, pk, file_pk):
    """A file returned with an opinion: to the office handling the case and to the
    department that returned it."""
    record = get_object_or_404(OpinionFile.objects.select_related("assignment"), pk=file_pk)
    assignment = record.assignment
    if assignment.application_id != pk:
        raise Http404("No such file")
    office = applications_for(request.user).filter(pk=pk).exists()
    own = assignments_for(request.user).filter(pk=assignment.pk).exists()
    if not (office or own):
        raise Http404("No such file")
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=record.name)
