"""The back office of 依申请公开: the case list, registration, the reconsideration and
litigation register, the dashboard's counts (the case page: ``staff_case``; 承办:
``staff_assigned``).

Every case is fetched through ``access.py`` (another agency's case is a 404); every change
goes through ``actions.py``. Supervisors read every agency's cases and change none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR

from django.contrib import messages as notices
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies.access import staff_profile
from gongkai.agencies.models import Agency
from gongkai.agencies.policy import Capability, can, group_wide
from gongkai.applications import actions
from gongkai.applications import staff_forms as forms
from gongkai.applications.access import listed_for
from gongkai.applications.models import Application, State
from gongkai.applications.queries import deadline_lists
from gongkai.applications.tracking import normalise_code
from gongkai.disputes.models import Remedy, RemedyResult
from gongkai.disputes.reporting import register_summary
from gongkai.querystring import MAX_ID, whole_number
from gongkai.rules.clock import china_today

PER_PAGE = 50


def can_use(user) -> bool:
    """The disclosure office, the agency admin (masked) and supervisors list the cases."""
    return can(user, Capability.CASES_LIST)


def _sees_every_agency(user) -> bool:
    return group_wide(user, Capability.CASES_LIST)


def _require_use(user) -> None:
    if not can_use(user):
        raise Http404("No agency")


# --- the list -------------------------------------------------------------------------------


SECTIONS = {
    "all": gettext_lazy("全部"),
    "due_soon": gettext_lazy("即将到期"),
    "overdue": gettext_lazy("已逾期"),
}


@dataclass(frozen=True)
class Filters:
    state: str = ""
    code: str = ""
    agency_id: int | None = None

    @classmethod
    def from_request(cls, request) -> Filters:
        state = request.GET.get("state", "")
        agency = request.GET.get("agency", "")
        return cls(
            state=state if state in State.values else "",
            code=normalise_code(request.GET.get("q", "")),
            agency_id=whole_number(agency, 1, MAX_ID) if _sees_every_agency(request.user) else None,
        )

    def apply(self, cases):
        if self.state:
            cases = cases.filter(state=self.state)
        if self.code:
            cases = cases.filter(tracking_code__contains=self.code)
        if self.agency_id:
            cases = cases.filter(agency_id=self.agency_id)
        return cases

    def matches(self, app: Application) -> bool:
        return (
            (not self.state or app.state == self.state)
            and self.code in app.tracking_code
            and (not self.agency_id or app.agency_id == self.agency_id)
        )


def case_list(request):
    user = request.user
    _require_use(user)
    filters = Filters.from_request(request)
    lists = deadline_lists(user)
    # (case, working days left or past due)
    sections = {
        key: [
            (c.application, abs(c.status.working_days_left))
            for c in getattr(lists, key)
            if filters.matches(c.application)
        ]
        for key in ("due_soon", "overdue")
    }
    section = request.GET.get("section", "all")
    section = section if section in SECTIONS else "all"
    page = None
    if section == "all":
        cases = filters.apply(listed_for(user).select_related("agency"))
        page = Paginator(cases.order_by("-arrived_at", "-pk"), PER_PAGE).get_page(
            request.GET.get("page")
        )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("section", None)
    return TemplateResponse(
        request,
        "applications/staff/list.html",
        {
            "page_title": _("依申请公开"),
            "header_icon": "doc-full",
            "section": section,
            "tabs": [
                (key, label, len(sections[key]) if key in sections else None)
                for key, label in SECTIONS.items()
            ],
            "deadlines": sections.get(section),
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "states": State.choices,
            "agencies": Agency.objects.all() if _sees_every_agency(user) else None,
            "provisional": lists.provisional,
            "show_agency": _sees_every_agency(user),
            "can_register": can(user, Capability.CASES_HANDLE),
        },
    )


# --- registration ----------------------------------------------------------------------------


def register(request):
    profile = staff_profile(request.user)
    if profile is None or not can(request.user, Capability.CASES_HANDLE, profile.agency_id):
        raise Http404("The disclosure office of an agency only")
    form = forms.RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = actions.do_register(
                agency=profile.agency, acting_user=request.user, **form.cleaned_data
            )
        except (actions.ActionError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            app = registration.application
            # Shown this once: only the secret's hash is stored.
            notices.info(
                request,
                _("已登记申请：查询码 %(code)s，查询密码 %(secret)s（仅显示一次，请告知申请人）。")
                % {"code": app.tracking_code, "secret": registration.secret},
            )
            return redirect("applications_staff_detail", pk=app.pk)
    return TemplateResponse(
        request,
        "applications/staff/register.html",
        {"page_title": _("登记申请"), "header_icon": "doc-full", "form": form},
    )


# --- reconsideration and litigation ----------------------------------------------------------


def remedy_list(request):
    """The register of 行政复议 and 行政诉讼 filed in a year, with the counts of table 四."""
    user = request.user
    _require_use(user)
    filters = Filters.from_request(request)
    remedies = Remedy.objects.filter(
        application__in=filters.apply(listed_for(user))
    ).select_related("application__agency", "review")
    years = sorted({d.year for d in remedies.dates("filed_on", "year")}, reverse=True)
    year = whole_number(request.GET.get("year", ""), MINYEAR, MAXYEAR) or china_today().year
    rows = list(remedies.filter(filed_on__year=year).order_by("filed_on", "pk"))
    summary = register_summary(rows)
    return TemplateResponse(
        request,
        "applications/staff/remedies.html",
        {
            "page_title": _("行政复议、行政诉讼"),
            "header_icon": "doc-full",
            "year": year,
            "years": sorted(set(years) | {year}, reverse=True),
            "remedies": rows,
            "results": RemedyResult.choices,
            "summary": summary,
            "filters": filters,
            "agencies": Agency.objects.all() if _sees_every_agency(user) else None,
            "show_agency": _sees_every_agency(user),
        },
    )


# --- the dashboard -------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyCounts:
    agency: Agency
    due_soon: int
    overdue: int
    provisional: int


def deadline_counts(user) -> list[AgencyCounts]:
    """Due-soon, overdue and provisional cases per agency ``user`` sees, busiest first."""
    lists = deadline_lists(user)
    due_soon = Counter(c.application.agency_id for c in lists.due_soon)
    overdue = Counter(c.application.agency_id for c in lists.overdue)
    provisional = Counter(a.agency_id for a in lists.provisional)
    if _sees_every_agency(user):
        agencies = Agency.objects.filter(pk__in=set(due_soon) | set(overdue) | set(provisional))
    else:
        agencies = Agency.objects.filter(pk=staff_profile(user).agency_id)
    rows = [AgencyCounts(a, due_soon[a.pk], overdue[a.pk], provisional[a.pk]) for a in agencies]
    return sorted(rows, key=lambda r: (-r.overdue, -r.due_soon, r.agency.sort_order))
