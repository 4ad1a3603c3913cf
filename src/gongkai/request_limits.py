"""Request bodies larger than the largest legitimate upload are refused before they are read.

The largest thing anyone sends is a document upload (WAGTAILDOCS_MAX_UPLOAD_SIZE) with its
form fields; a body announced larger than that answers 413 at once instead of being spooled
to disk. nginx's ``client_max_body_size`` (README) does the same in front.

A NUL character in the address or the query string is refused too (400): nothing anyone
types contains one, and PostgreSQL refuses it in a text comparison, so a view that filters
by a query parameter would otherwise answer 500 (found by tests/test_fuzz.py). Form fields
are covered by Django's own validator of every CharField.
"""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpResponse

FORM_MARGIN = 1024 * 1024  # the other fields of the upload form


def largest_body() -> int:
    return max(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE) + (
        FORM_MARGIN
    )


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Content-Length 无效 / invalid Content-Length", status=400)
        if _has_nul(request):
            return HttpResponse(
                "请求中含有空字符 / the request contains a NUL character",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        if length > largest_body():
            return HttpResponse(
                "提交的内容过大 / request body too large",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(request) -> bool:
    query = request.META.get("QUERY_STRING", "")
    return "\x00" in request.path_info or b"\x00" in unquote_to_bytes(query)
