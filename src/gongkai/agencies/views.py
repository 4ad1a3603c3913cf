"""The back-office screens of onboarding: the supervisor creates and retires agencies; an
agency admin (or the supervisor) manages an agency's record, departments, column owners
and staff. Views validate input and call the actions; they never change a model."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.agencies import actions
from gongkai.agencies.access import is_supervisor, own_agency
from gongkai.agencies.actions import OnboardingError
from gongkai.agencies.models import Agency, AgencyKind, Department, StaffProfile
from gongkai.agencies.sites import sites

#: what the form edits: every field an action may change but the index code and sort order
AGENCY_FORM_FIELDS = [f for f in actions.AGENCY_FIELDS if f not in ("index_code", "sort_order")]


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = AGENCY_FORM_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "government" in self.fields:
            self.fields["government"].queryset = Agency.objects.filter(
                kind=AgencyKind.GOVERNMENT, retired_on__isnull=True
            )


class AdminAgencyForm(AgencyForm):
    """An agency admin keeps the structure the supervisor set."""

    class Meta:
        model = Agency
        fields = [
            f for f in AGENCY_FORM_FIELDS if f not in ("slug", "kind", "government", "hostname")
        ]


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("股室名称"), max_length=60)


def _managed_agency(user, pk: int) -> Agency:
    """The agency, if the user is the supervisor or its admin; else 404."""
    agency = get_object_or_404(Agency, pk=pk)
    own = own_agency(user)
    if own is not None and own.pk != agency.pk:
        raise Http404("No such agency")
    return agency


def agency_list(request):
    own = own_agency(request.user)
    if own is not None:
        return redirect("agencies_onboarding_detail", own.pk)
    agencies = Agency.objects.select_related("government").order_by("sort_order", "name")
    return TemplateResponse(
        request,
        "agencies/onboarding/list.html",
        {"agencies": agencies, "page_title": _("机关开通与管理"), "header_icon": "site"},
    )


def agency_create(request):
    if not is_supervisor(request.user):
        raise Http404("Supervisor only")
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = actions.do_create_agency(acting_user=request.user, **form.cleaned_data)
        except OnboardingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已开通机关“%(name)s”及其网站") % {"name": agency.name})
            return redirect("agencies_onboarding_detail", agency.pk)
    return TemplateResponse(
        request,
        "agencies/onboarding/form.html",
        {"form": form, "page_title": _("新建机关"), "header_icon": "site"},
    )


def agency_detail(request, pk: int):
    agency = _managed_agency(request.user, pk)
    supervisor = is_supervisor(request.user)
    form_class = AgencyForm if supervisor else AdminAgencyForm
    form = form_class(instance=agency)
    department_form = DepartmentForm()
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "agency":
                form = form_class(request.POST, instance=Agency.objects.get(pk=agency.pk))
                if form.is_valid():
                    changes = {f: form.cleaned_data[f] for f in form_class.Meta.fields}
                    actions.do_change_agency(agency, acting_user=request.user, **changes)
                    return _done(request, agency, _("机关信息已保存"))
            elif step == "add_department":
                department_form = DepartmentForm(request.POST)
                if department_form.is_valid():
                    actions.do_add_department(
                        agency, department_form.cleaned_data["name"], acting_user=request.user
                    )
                    return _done(request, agency, _("股室已新增"))
            elif step in ("rename_department", "retire_department"):
                department = get_object_or_404(
                    Department, pk=request.POST.get("department"), agency=agency
                )
                if step == "rename_department":
                    actions.do_rename_department(
                        department, request.POST.get("name", ""), acting_user=request.user
                    )
                else:
                    actions.do_retire_department(department, acting_user=request.user)
                return _done(request, agency, _("股室已更新"))
            elif step == "assign_column":
                _assign(request, agency)
                return _done(request, agency, _("栏目责任股室已保存"))
            elif step == "retire_agency":
                actions.do_retire_agency(agency, acting_user=request.user)
                return _done(request, agency, _("机关已撤销，网站已下线"))
            else:
                raise Http404("No such step")
        except OnboardingError as error:
            messages.error(request, str(error))
    return TemplateResponse(
        request,
        "agencies/onboarding/detail.html",
        {
            "agency": agency,
            "form": form,
            "department_form": department_form,
            "departments": agency.departments.filter(retired_on__isnull=True),
            "columns": _columns(agency),
            "staff": StaffProfile.objects.filter(agency=agency)
            .select_related("user", "department")
            .prefetch_related("role_grants")
            .order_by("user__username"),
            "supervisor": supervisor,
            "page_title": agency.name,
            "header_icon": "site",
        },
    )


def _columns(agency: Agency):
    home = getattr(agency, "home_page", None)
    if home is None:
        return []
    return sites().columns(home).order_by("path").select_related("department")


def _assign(request, agency: Agency) -> None:
    for column in _columns(agency):
        key = f"column-{column.pk}"
        if key not in request.POST:
            continue
        value = request.POST[key]
        department = (
            get_object_or_404(Department, pk=value, agency=agency, retired_on__isnull=True)
            if value
            else None
        )
        if column.department_id != (department.pk if department else None):
            actions.do_assign_column(
                sites().columns().get(pk=column.pk), department, acting_user=request.user
            )


def _done(request, agency, message):
    messages.success(request, message)
    return redirect(reverse("agencies_onboarding_detail", args=[agency.pk]))


def agency_moved(request, pk: int):
    """The old snippet address of an agency's record: its onboarding screen (404 for an
    agency the user does not manage, as there)."""
    agency = _managed_agency(request.user, pk)
    return redirect("agencies_onboarding_detail", agency.pk)


def department_moved(request, pk: int):
    """The old snippet address of a department: its agency's onboarding screen."""
    department = get_object_or_404(Department, pk=pk)
    agency = _managed_agency(request.user, department.agency_id)
    return redirect(reverse("agencies_onboarding_detail", args=[agency.pk]) + "#departments")
