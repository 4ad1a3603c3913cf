from django.http import Http404
from wagtail.models import Page

from gongkai.agencies.access import access_page, can_see_agency

# Wagtail admin URL keyword arguments that name a page.
PAGE_KWARGS = ("page_id", "parent_page_id")


class AgencyScopeMiddleware:
    """Turn any back-office request that touches another agency's page into a 404.

    Wagtail itself answers a page the user may not edit with a redirect or 403; for the
    site group that would still confirm the page exists, so the check happens before the
    Wagtail view runs, for every admin URL that names a page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        for name in PAGE_KWARGS:
            page_id = view_kwargs.get(name)
            if page_id is None:
                continue
            page = Page.objects.filter(pk=page_id).first()
            if page is None:
                raise Http404("No such page")
            access_page(user, page)
        agency_id = _snippet_agency_id(request, view_kwargs)
        if agency_id is not None and not can_see_agency(user, agency_id):
            raise Http404("No such object")
        return None


def _snippet_agency_id(request, view_kwargs):
    """Agency of a department or agency opened in the snippet views, if that is the target."""
    match = request.resolver_match
    if match is None or "pk" not in view_kwargs:
        return None
    from gongkai.agencies.models import Agency, Department

    namespace = match.namespace or ""
    pk = view_kwargs["pk"]
    if namespace.endswith("agencies_department"):
        department = Department.objects.filter(pk=pk).only("agency_id").first()
        return department.agency_id if department else None
    if namespace.endswith("agencies_agency"):
        return int(pk) if Agency.objects.filter(pk=pk).exists() else None
    return None
