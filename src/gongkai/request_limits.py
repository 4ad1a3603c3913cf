"""Request bodies larger than the largest legitimate upload are refused before they are read.

The largest thing anyone sends is a document upload (WAGTAILDOCS_MAX_UPLOAD_SIZE) with its
form fields; a body announced larger than that answers 413 at once instead of being spooled
to disk. nginx's ``client_max_body_size`` (README) does the same in front.
"""

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
        if length > largest_body():
            return HttpResponse(
                "提交的内容过大 / request body too large",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
