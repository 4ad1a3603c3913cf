"""CSV and JSON renderings of a catalog list, with the documented fields of ``ITEM_FIELDS``."""

from itertools import islice

from django.http import JsonResponse, StreamingHttpResponse

from gongkai.catalog.addresses import request_url
from gongkai.catalog.browse import ITEM_FIELDS, attach_columns, item_record
from gongkai.csvfile import csv_stream_response

CSV_ROW_LIMIT = 10_000
CSV_CHUNK = 500  # items read from the database at a time


def items_csv_response(items, request, filename: str) -> StreamingHttpResponse:
    """The CSV of ``items`` (a queryset), streamed: read ``CSV_CHUNK`` items at a time from a
    server-side cursor and written out, never the whole list in memory."""

    def records():
        rows = items.iterator(chunk_size=CSV_CHUNK)
        while chunk := list(islice(rows, CSV_CHUNK)):
            for item in attach_columns(chunk):
                record = item_record(item, request)
                yield [record[name] for name, _, _ in ITEM_FIELDS]

    return csv_stream_response(filename, [label for _, label, _ in ITEM_FIELDS], records())


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
