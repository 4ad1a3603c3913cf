"""Language choice for a Chinese government site.

The public site and the back office are Chinese unless the reader explicitly picks another
language with the switcher (Django's language cookie). Unlike Django's LocaleMiddleware, the
browser's Accept-Language is not consulted: an English-language browser in China must still
see the official Chinese site first.
"""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        translation.deactivate()
        return response
