"""CSV and JSON renderings of a catalog list, with the documented fields of ``ITEM_FIELDS``."""

import csv

from django.http import HttpResponse, JsonResponse

from gongkai.catalog.addresses import request_url
from gongkai.catalog.browse import ITEM_FIELDS, item_record

CSV_ROW_LIMIT = 10_000


def csv_response(items, request, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    # The BOM lets Excel, which most agencies open CSV with, read UTF-8 Chinese.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([label for _, label, _ in ITEM_FIELDS])
    for item in items:
        record = item_record(item, request)
        writer.writerow([_cell(record[name]) for name, _, _ in ITEM_FIELDS])
    return response


def _cell(value) -> str:
    text = str(value)
    # A leading =, +, - or @ would run as a formula in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


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
