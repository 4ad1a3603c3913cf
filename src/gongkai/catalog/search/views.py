"""The public search page, /search/."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.catalog.search.forms import CURRENT, SearchForm
from gongkai.catalog.search.query import search
from gongkai.catalog.templatetags.portal import page_stub


@require_safe
def search_page(request):
    form = SearchForm(request.GET if request.GET else None)
    results = None
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound and form.cleaned_data["q"]:
        data = form.cleaned_data
        results = search(
            data["q"],
            agency=data["agency"],
            column=data["column"],
            category=data["category"] or None,
            year=data["year"],
            valid_only=data["validity"] == CURRENT,
            page=_page_number(request.GET.get("page")),
        )
    agency = form.cleaned_data.get("agency") if form.is_bound else None
    # base.html names the page and, given an agency, shows that agency's masthead.
    page = page_stub(_("检索"), agency)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "form": form,
        "results": results,
        "query_string": params.urlencode(),
    }
    return TemplateResponse(request, "catalog/search.html", context, status=status)


def _page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1
