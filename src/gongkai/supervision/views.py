from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.policy import Capability, can
from gongkai.casework.models import PersonalDataAccess
from gongkai.querystring import whole_number
from gongkai.supervision.overview import agency_rows, lacking_credit_code


def overview(request):
    if not can(request.user, Capability.SUPERVISE):
        raise Http404("Supervisors only")
    rows = agency_rows()
    return TemplateResponse(
        request,
        "supervision/overview.html",
        {
            "rows": rows,
            "lacking_credit_code": lacking_credit_code(rows),
            "page_title": _("网站群机关概况"),
        },
    )


ACCESS_LOG_PAGE = 100


def personal_data_accesses(request):
    """Who saw personal data in clear, newest first; filter by agency or account."""

    if not can(request.user, Capability.SUPERVISE):
        raise Http404("Supervisors only")
    rows = PersonalDataAccess.objects.select_related("user", "agency")
    agency_id = whole_number(request.GET.get("agency", ""), 1, 2**31)
    if agency_id:
        rows = rows.filter(agency_id=agency_id)
    login = request.GET.get("user", "").strip()
    if login:
        rows = rows.filter(user__username=login)
    page = Paginator(rows, ACCESS_LOG_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "supervision/personal_data_accesses.html",
        {
            "page_title": _("个人信息查看记录"),
            "page": page,
            "agencies": Agency.objects.all(),
            "agency_id": agency_id,
            "login": login,
        },
    )
