"""Rendering an address in this process, as an anonymous Chinese reader would get it.

No HTTP request goes to the app: the address is resolved with the project's URLconf and
its view is called with a request built here — the default host (``GONGKAI_BASE_URL``) or
the agency's own host name, the Wagtail site for that host, an anonymous user, Chinese
activated, and a marker (``request.gongkai_published``) that the templates read to show
the language switch as a link to ``/en/…`` instead of the cookie form. The response is
refused when it could differ between visitors: a CSRF token asked for, a cookie set.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.handlers.wsgi import WSGIRequest
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils import translation
from wagtail.models import Site

from gongkai.catalog import public_cache

#: What published files carry where a response's CSP nonce goes; nginx puts a fresh one
#: per response in both the file and the header (deploy/nginx, ``sub_filter``).
NONCE_PLACEHOLDER = "gongkai-csp-nonce"


class PerVisitorContent(Exception):
    """The rendering asked for something per visitor (a CSRF token, a cookie)."""


@dataclass(frozen=True)
class Rendered:
    status: int
    content: bytes
    content_type: str

    @property
    def publishable(self) -> bool:
        return self.status == 200


class _PublishRequest(WSGIRequest):
    """A request for a host this process chose itself (the base URL or an agency's host
    name), so Django's ALLOWED_HOSTS check, meant for visitors' Host headers, is moot."""

    publish_host = ""

    def get_host(self):
        return self.publish_host


def forget_local_reads() -> None:
    """Before a run renders: without a shared cache (no Redis, each process its own memory),
    this process never heard of the changes other processes made (the back office saved
    the page, the worker renders it), so what it kept of the public pages is dropped. With
    a shared cache, the changes have bumped its generation already."""
    if isinstance(caches["default"], LocMemCache):
        public_cache.bump()


def default_host() -> str:
    return urlsplit(settings.GONGKAI_BASE_URL).netloc


def site_for(host: str) -> Site | None:
    if not host:
        return Site.objects.filter(is_default_site=True).first()
    return Site.objects.filter(hostname=host.split(":", 1)[0]).first()


def build_request(host: str, address: str) -> WSGIRequest:
    served_host = host or default_host()
    secure = settings.GONGKAI_BASE_URL.startswith("https:")
    request = RequestFactory().get(address, secure=secure, HTTP_HOST=served_host)
    request.__class__ = _PublishRequest
    request.publish_host = served_host
    request.user = AnonymousUser()
    request.csp_nonce = NONCE_PLACEHOLDER
    request.gongkai_published = True
    request.LANGUAGE_CODE = settings.LANGUAGE_CODE
    site = site_for(host)
    if site is not None:
        request._wagtail_site = site
    return request


def render(host: str, address: str) -> Rendered:
    """The response to GET ``address`` on ``host`` ("" = the default host)."""
    request = build_request(host, address)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return Rendered(404, b"", "")

        def view(request):
            try:
                response = match.func(request, *match.args, **match.kwargs)
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
            except Http404:
                return None
            return response

        # As a request to the app: the site of the host and the request's one reading of the
        # view restrictions come from the public cache's middleware (catalog/public_cache.py).
        response = public_cache.CachedSiteMiddleware(view)(request)
        if response is None:
            return Rendered(404, b"", "")
        content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code == 200:
        if "CSRF_COOKIE" in request.META or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            raise PerVisitorContent(f"{address}: the rendering asks for a CSRF token")
        if response.cookies:
            raise PerVisitorContent(f"{address}: the rendering sets a cookie")
    return Rendered(response.status_code, content, response.get("Content-Type", ""))
