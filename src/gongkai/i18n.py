"""Language choice for a Chinese government site.

The public site and the back office are Chinese unless the reader explicitly picks another
language: the switcher (Django's language cookie), or an address under ``/en/``. Unlike
Django's LocaleMiddleware, the browser's Accept-Language is not consulted: an
English-language browser in China must still see the official Chinese site first.

``/en/<path>`` is ``<path>`` in English, served by the app: the published static files are
the Chinese rendering and their language switch is a link there (gongkai.publishing). The
links of an English page are rewritten to stay under ``/en/``, except those to files and
to the back office.
"""

import re

from django.conf import settings
from django.utils import translation

ENGLISH_PREFIX = "/en"
# Root-relative links of an English page that stay as they are: files, the back office,
# the language endpoints, and the link back to the Chinese page (marked hreflang).
_KEEP = r"static/|media/|documents/|admin/|i18n/|en/"
_LINK = re.compile(rf'(?<!hreflang="zh-hans" )\b(href|action)="/(?!{_KEEP}|/)'.encode())


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        english = request.path_info.startswith(ENGLISH_PREFIX + "/")
        if english:
            # The rest of the stack (URL resolution included) sees the page's own path.
            request.path_info = request.path_info[len(ENGLISH_PREFIX) :]
            language = "en"
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            supported = {code for code, _ in settings.LANGUAGES}
            language = chosen if chosen in supported else settings.LANGUAGE_CODE
        request.language_prefix = ENGLISH_PREFIX if english else ""
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        translation.deactivate()
        if english:
            _keep_links_english(response)
        return response


def _keep_links_english(response) -> None:
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return
    response.content = _LINK.sub(rb'\1="/en/', response.content)
    if response.has_header("Location") and response["Location"].startswith("/"):
        location = response["Location"]
        if not location.startswith(ENGLISH_PREFIX + "/"):
            response["Location"] = ENGLISH_PREFIX + location
