from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from gongkai.agencies.access import is_supervisor
from gongkai.supervision.overview import agency_rows


def overview(request):
    if not is_supervisor(request.user):
        raise Http404("Supervisors only")
    return TemplateResponse(
        request,
        "supervision/overview.html",
        {"rows": agency_rows(), "page_title": _("网站群机关概况")},
    )
