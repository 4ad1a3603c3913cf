"""The back office of 信息报送: the queue, a submission, one contribution, the columns'
settings (接受报送, 栏目映射) and the statistics. Staff see their own agency's; views call
the actions and never save a model themselves."""

from django.contrib import messages as notices
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongkai.agencies.models import Agency
from gongkai.agencies.policy import (
    Capability,
    agency_id_of_user,
    agency_ids_where,
    can,
    can_any,
    department_bound,
    department_id_of_user,
    group_wide,
    require,
    scope,
)
from gongkai.casework import ActionError
from gongkai.catalog.models import ColumnPage
from gongkai.contributions import actions, mapping
from gongkai.contributions import forms as f
from gongkai.contributions.exports import statistics_workbook
from gongkai.contributions.models import (
    ColumnIntake,
    ColumnMapping,
    Contribution,
    ContributionState,
)
from gongkai.contributions.statistics import department_rows

C = Capability
RECENT = 50


#: who takes part in 信息报送 at all: sees its queue and its menu item
takes_part = can_any(C.CONTRIBUTIONS_SUBMIT, C.CONTRIBUTIONS_ADOPT, C.CONTRIBUTIONS_COLUMNS)


def _rows():
    return Contribution.objects.select_related("agency", "department", "target", "target_agency")


def outgoing(user):
    """What the user's agency submitted (a department's editor: their department's)."""
    rows = scope(_rows(), user, C.AGENCY_SEE, "agency_id")
    if department_bound(user):
        rows = rows.filter(department_id=department_id_of_user(user))
    return rows


def incoming(user):
    return scope(_rows(), user, C.AGENCY_SEE, "target_agency_id")


def index(request):
    user = request.user
    if not takes_part(user):
        raise Http404("Not found")
    return TemplateResponse(
        request,
        "contributions/index.html",
        {
            "page_title": _("信息报送"),
            "waiting": incoming(user).filter(state=ContributionState.SUBMITTED),
            "decided": incoming(user).exclude(state=ContributionState.SUBMITTED)[:RECENT],
            "submitted": outgoing(user)[:RECENT],
            "can_submit": can(user, C.CONTRIBUTIONS_SUBMIT),
            "can_columns": can(user, C.CONTRIBUTIONS_COLUMNS),
        },
    )


def submit(request):
    user = request.user
    require(user, C.CONTRIBUTIONS_SUBMIT)
    agency_id = agency_id_of_user(user)
    initial = {"item": request.GET.get("item")} if request.GET.get("item", "").isdigit() else {}
    form = f.SubmitForm(
        request.POST or None,
        initial=initial,
        user=user,
        agency_id=agency_id,
        targets=actions.open_columns(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            contribution = actions.do_submit(
                form.cleaned_data["item"],
                form.cleaned_data["target"],
                note=form.cleaned_data["note"],
                acting_user=user,
            )
        except ActionError as exc:
            form.add_error(None, str(exc))
        else:
            notices.success(request, _("已报送，等待对方采用。"))
            return redirect("contributions_detail", pk=contribution.pk)
    return TemplateResponse(
        request, "contributions/submit.html", {"page_title": _("报送信息"), "form": form}
    )


def _adopt_with_edits(request, contribution, form):
    item = actions.do_adopt_with_edits(
        contribution, title=form.cleaned_data["title"], acting_user=request.user
    )
    notices.success(request, _("已生成本机关的信息草稿，请修改后送审发布。"))
    return redirect("wagtailadmin_pages:edit", item.pk)


def _return(request, contribution, form):
    actions.do_return(contribution, form.cleaned_data["reason"], acting_user=request.user)
    notices.success(request, _("已退回。"))


def _adopt(request, contribution, form):
    actions.do_adopt(contribution, acting_user=request.user)
    notices.success(request, _("已采用，信息已列入栏目。"))


#: the decision's URL name -> (its form, its refusal when the form is invalid, its call)
DECISIONS = {
    "adopt": (f.AdoptForm, None, _adopt),
    "return": (f.ReturnForm, ("请填写退回理由", "Give the reason for the return"), _return),
    "edit": (f.AdoptWithEditsForm, ("请填写标题", "Give a title"), _adopt_with_edits),
}


def decision(name):
    """The view of one decision on a contribution, posted to ``contributions/<pk>/<name>/``."""
    form_class, refusal, run = DECISIONS[name]

    @require_POST
    def view(request, pk):
        contribution = actions.access_contribution(request.user, pk)
        if not actions.may_decide(request.user, contribution):
            raise Http404("No such action")
        form = form_class(request.POST)
        try:
            if not form.is_valid():
                raise ActionError(*refusal)
            response = run(request, contribution, form)
        except ActionError as exc:
            for text in exc.messages:
                notices.error(request, text)
        else:
            if response is not None:
                return response
        return redirect("contributions_detail", pk=contribution.pk)

    view.__name__ = f"decide_{name}"
    return view


@require_safe
def detail(request, pk):
    contribution = actions.access_contribution(request.user, pk)
    item = contribution.item
    return TemplateResponse(
        request,
        "contributions/detail.html",
        {
            "page_title": _("信息报送：%(title)s") % {"title": contribution.title},
            "contribution": contribution,
            "item": item,
            "can_decide": actions.may_decide(request.user, contribution)
            and contribution.state != ContributionState.RETURNED,
            "states": ContributionState,
        },
    )


def _managed_columns(user):
    ids = agency_ids_where(user, C.CONTRIBUTIONS_COLUMNS)
    columns = ColumnPage.objects.select_related("agency").order_by("path")
    return columns if ids is None else columns.filter(agency_id__in=ids)


def _set_intake(request, managed):
    form = f.IntakeForm(request.POST, columns=managed)
    if form.is_valid():
        data = form.cleaned_data
        mapping.do_set_intake(data["column"], data["accepts"], acting_user=request.user)
        return True
    return False


def _map(request, managed):
    form = f.MappingForm(
        request.POST, sources=ColumnPage.objects.select_related("agency"), targets=managed
    )
    if form.is_valid():
        data = form.cleaned_data
        mapping.do_map_column(data["source"], data["target"], acting_user=request.user)
        return True
    return False


def _unmap(request, managed):
    form = f.UnmapForm(request.POST, mappings=ColumnMapping.objects.filter(target__in=managed))
    if form.is_valid():
        mapping.do_unmap_column(form.cleaned_data["mapping"], acting_user=request.user)
        return True
    return False


#: the column setting's URL name -> its call with the columns the user manages
COLUMN_ACTIONS = {"intake": _set_intake, "map": _map, "unmap": _unmap}


def column_action(name):
    """The view of one column setting, posted to ``contributions/columns/<name>/``."""
    run = COLUMN_ACTIONS[name]

    @require_POST
    def view(request):
        require(request.user, C.CONTRIBUTIONS_COLUMNS)
        try:
            if not run(request, _managed_columns(request.user)):
                raise ActionError("请选择栏目", "Choose a column")
        except ActionError as exc:
            for text in exc.messages:
                notices.error(request, text)
        else:
            notices.success(request, _("已保存。"))
        return redirect("contributions_columns")

    view.__name__ = f"columns_{name}"
    return view


@require_safe
def columns(request):
    user = request.user
    require(user, C.CONTRIBUTIONS_COLUMNS)
    managed = _managed_columns(user)
    open_ids = set(
        ColumnIntake.objects.filter(accepts=True, column__in=managed).values_list(
            "column_id", flat=True
        )
    )
    return TemplateResponse(
        request,
        "contributions/columns.html",
        {
            "page_title": _("接受报送与栏目映射"),
            "columns": [(column, column.pk in open_ids) for column in managed],
            "mappings": ColumnMapping.objects.filter(target__in=managed).select_related(
                "source__agency", "target__agency"
            ),
            "sources": ColumnPage.objects.select_related("agency").order_by("path"),
        },
    )


def statistics(request):
    user = request.user
    require(user, C.AGENCY_SEE)
    period = f.PeriodForm(request.GET or None)
    start, end = period.period()
    ids = agency_ids_where(user, C.AGENCY_SEE)
    if ids is None:
        ids = list(Agency.objects.values_list("pk", flat=True))
    rows = department_rows(ids, start, end)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            statistics_workbook(rows, start, end),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"contributions-{start.isoformat()}-{end.isoformat()}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return TemplateResponse(
        request,
        "contributions/statistics.html",
        {
            "page_title": _("信息报送统计"),
            "rows": rows,
            "start": start,
            "end": end,
            "query": f"start={start.isoformat()}&end={end.isoformat()}",
            "group_wide": group_wide(user, C.AGENCY_SEE),
        },
    )
