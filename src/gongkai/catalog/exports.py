"""CSV and JSON renderings of a catalog list, with the documented fields of ``ITEM_FIELDS``."""

from django.http import HttpResponse, JsonResponse

from gongkai.catalog.addresses import request_url
from gongkai.catalog.browse import ITEM_FIELDS, item_record
from gongkai.csvfile import csv_response

CSV_ROW_LIMIT = 10_000


def items_csv_response(items, request, filename: str) -> HttpResponse:
    return csv_response(
        filename,
        [label for _, label, _ in ITEM_FIELDS],
        (
            [record[name] for name, _, _ in ITEM_FIELDS]
            for record in (item_record(item, request) for item in items)
        ),
    )


def json_page_response(page, request) -> JsonResponse:
    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return request_url(request, f"{request.path}?{params.urlencode()}")

    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [item_record(item, request) for item in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )
