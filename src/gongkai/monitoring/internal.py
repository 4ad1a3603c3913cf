"""Whether a link to the site group's own address leads somewhere, answered in-process: the
path is resolved as the site would resolve it (a live public page, a served document or
file, or one of the site's own views), with no HTTP request."""

from __future__ import annotations

from urllib.parse import unquote

from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest
from django.urls import Resolver404, resolve
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site

NOT_FOUND = (404, "页面不存在 / not found")
OK = (200, "")


def check_path(path: str, hostname: str | None = None) -> tuple[int, str]:
    """(status, error) of ``path`` on the site served at ``hostname`` (None: the group's)."""
    path = unquote(path) or "/"
    try:
        match = resolve(path)
    except Resolver404:
        return NOT_FOUND
    if match.url_name == "wagtail_serve":
        return _check_page(path, hostname)
    if match.url_name == "wagtaildocs_serve":
        document_id, filename = match.args
        return document_status(int(document_id), filename)
    if match.url_name == "media_file":
        name = match.kwargs["path"]
        return OK if default_storage.exists(name) else NOT_FOUND
    return OK  # one of the site's own views (search, messages, applications …)


def _site(hostname: str | None):
    site = Site.objects.filter(hostname=hostname).first() if hostname else None
    return site or Site.objects.filter(is_default_site=True).first()


def _check_page(path: str, hostname: str | None) -> tuple[int, str]:
    site = _site(hostname)
    if site is None:
        return NOT_FOUND
    request = HttpRequest()
    request.path = request.path_info = path
    request.method = "GET"
    request.user = AnonymousUser()
    components = [part for part in path.split("/") if part]
    try:
        result = site.root_page.specific.route(request, components)
    except Http404:
        return NOT_FOUND
    page = getattr(result, "page", None) or result[0]
    return page_status(page.pk)


def page_status(page_id: int) -> tuple[int, str]:
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return NOT_FOUND
    restricted = PageViewRestriction.objects.filter(
        page__in=Page.objects.ancestor_of(page, inclusive=True)
    ).exists()
    if restricted:
        return (403, "页面不公开 / not public")
    return OK


def document_status(document_id: int, filename: str | None = None) -> tuple[int, str]:
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None or (filename and document.filename != filename):
        return NOT_FOUND
    if not document.file or not document.file.storage.exists(document.file.name):
        return (404, "文件缺失 / file missing")
    return OK
