"""Read-only open-data API of the catalog: ``/api/v1/``.

Plain JSON over GET, paginated, with the fields documented at ``/api/v1/`` itself
(``ITEM_FIELDS``) so that a consumer never has to guess.
"""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.catalog.addresses import page_full_url, request_url
from gongkai.catalog.browse import ITEM_FIELDS, CatalogFilter, attach_columns, item_record, paginate
from gongkai.catalog.exports import json_page_response
from gongkai.catalog.models import AgencyHomePage, live_items

API_PAGE_SIZE = 50


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


@require_safe
def index(request):
    return _json(
        {
            "name": "政府信息公开目录开放数据接口 / disclosure catalog open-data API",
            "version": 1,
            # On the host that answers (the group's or an agency's own), as its files are.
            "endpoints": {
                "agencies": request_url(request, "/api/v1/agencies/"),
                "items": request_url(request, "/api/v1/items/"),
                "item": request_url(request, "/api/v1/items/") + "{index_number}/",
            },
            "item_filters": {
                "agency": "agency path name (slug), e.g. lushan-transport",
                "column": "column id; items anywhere below it",
                "category": "Art. 20 category code",
                "year": "year of publication",
                "department": "department id",
                "topic": "主题分类 with its sub-topics (交通 finds 工业、交通\\交通)",
                "validity": "current | valid | expired | abolished",
                "page": f"page number, {API_PAGE_SIZE} items a page",
            },
            "item_fields": [
                {"name": name, "label": label, "description": description}
                for name, label, description in ITEM_FIELDS
            ],
            "pagination": "count, page, pages, next, previous, results",
        }
    )


@require_safe
def agencies(request):

    homes = {home.agency_id: home for home in AgencyHomePage.objects.live()}
    return _json(
        {
            "results": [
                {
                    "slug": agency.slug,
                    "name": agency.name,
                    "url": page_full_url(homes[agency.pk]) if agency.pk in homes else None,
                    "items": request_url(request, f"/api/v1/items/?agency={agency.slug}"),
                }
                for agency in Agency.objects.all()
            ]
        }
    )


@require_safe
def items(request):

    filters = CatalogFilter.from_query(request.GET)
    queryset = live_items()
    slug = request.GET.get("agency", "").strip()
    if slug:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            filters.errors.append(f"没有这个机关：{slug[:50]} / unknown agency")
        queryset = queryset.filter(agency=agency)
    if filters.errors:
        return _json({"errors": filters.errors}, status=400)
    queryset = filters.apply(queryset).order_by("-first_published_at", "-pk")
    return json_page_response(paginate(queryset, request.GET.get("page"), API_PAGE_SIZE), request)


@require_safe
def item_detail(request, index_number):

    item = live_items().filter(index_number=index_number).first()
    if item is None:
        raise Http404("No such item")
    return _json(item_record(attach_columns([item])[0], request))
