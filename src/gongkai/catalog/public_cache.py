"""What every public page reads about the site group and that changes rarely, from the cache.

A public page used to ask the database each time for the Wagtail site of its host, the view
restrictions of the whole tree (twice), the agency's home page, its navigation columns, the
breadcrumbs and the site group's filing numbers: 8–15 queries before its own content. The
view restrictions are now read once per request (never cached: see below); the rest is kept in Django's cache (Redis in production, each process's memory without it) under a
*generation*: one integer in the cache that every change of a page, a view restriction, a
site, an agency, a department or the site group increments (``catalog/signals.py``), once
when the change is made and again when its transaction commits, so that no reader keeps what
it built from the data before the commit. An entry of an older generation is never read
again and expires after ``TIMEOUT``. Changes written with ``QuerySet.update()`` send no
signal: the code that makes them calls ``bump()`` (or sends ``public_pages_changed``).
"""

import hashlib
import logging
import time
from contextlib import suppress
from contextvars import ContextVar
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from gongkai.availability import HEALTH_PATH

GENERATION_KEY = "gongkai:public:generation"
TIMEOUT = 3600
_MISSING = object()
logger = logging.getLogger(__name__)


# What a GET request read from the cache, kept for the rest of that request: a page asks for
# the same entries many times (each link's address asks which agency serves its site), and
# each read from Redis is a round trip. None outside a request that may keep its reads.
_request_memo: ContextVar[dict | None] = ContextVar("public_memo", default=None)
_url_memo: ContextVar[object | None] = ContextVar("public_urls", default=None)


def url_memo():
    """Where Wagtail may keep the sites' root paths for the rest of the GET request being
    answered (``Page.get_url_parts``'s cache object), so that each page's URL does not read
    them from the cache again; None outside one. Not the request itself: given a request,
    Wagtail would also pick the request's site for a page that two sites serve."""
    return _url_memo.get()


def generation() -> int:
    memo = _request_memo.get()
    if memo is not None and GENERATION_KEY in memo:
        return memo[GENERATION_KEY]
    value = _read_generation()
    if memo is not None:
        memo[GENERATION_KEY] = value
    return value


def _read_generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A new start (or a flushed cache) never meets entries of an earlier run.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY)
    return value


def bump(**kwargs) -> None:
    """Forget everything cached here: now, and once more when the transaction commits."""
    _request_restrictions.set(None)
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()
    _url_memo.set(None)
    _increment()
    transaction.on_commit(_increment)


def _increment() -> None:
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not in the cache (expired, flushed)
            cache.set(GENERATION_KEY, time.time_ns(), None)
    except Exception:  # the cache server is down: a change must still be saved
        logger.warning("public cache unreachable: pages may show old data up to %s s", TIMEOUT)


def cached(name: str, build, keep=None):
    """``build()`` once per generation; ``name`` says what it is (and for which page).
    Without a reachable cache server, ``build()`` every time: slower, never wrong. With
    ``keep``, a value built is kept only if ``keep(value)`` (what a visitor's arbitrary URL
    would add is not kept)."""
    memo = _request_memo.get()
    if memo is not None and name in memo:
        return memo[name]
    try:
        current = generation()
        key = f"gongkai:public:{current}:{name}"
        value = _local_get(current, name)
        if value is _MISSING:
            value = cache.get(key, _MISSING)
    except Exception:
        logger.warning("public cache unreachable: reading %s from the database", name)
        return build()
    if value is _MISSING:
        value = build()
        if keep is not None and not keep(value):
            return value
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:
            logger.warning("public cache unreachable: %s not kept", name)
    _local_set(current, name, value)
    if memo is not None:
        memo[name] = value
    return value


# An entry of one generation never changes (a change starts a new generation), so this
# process keeps what it read of the current one in its memory too: a request then asks the
# shared cache for the generation only (one round trip), not for each entry again. The
# entries of an older generation are dropped when a newer one is seen.
_local = {"generation": None, "entries": {}}
LOCAL_ENTRIES = 5000


def _local_get(current, name):
    if _local["generation"] != current:
        return _MISSING
    return _local["entries"].get(name, _MISSING)


def _local_set(current, name, value) -> None:
    if _local["generation"] != current:
        _local["generation"], _local["entries"] = current, {}
    entries = _local["entries"]
    if len(entries) >= LOCAL_ENTRIES:
        entries.clear()
    entries[name] = value


# --- the Wagtail site of a host ---------------------------------------------------------------


def _site(hostname: str, port: int):
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    # Routing reads ``site.root_page.specific``; it travels with the cached site.
    site.root_page.specific  # noqa: B018
    return site


class CachedSiteMiddleware:
    """Gives Wagtail the site of the request's host from the cache (Wagtail asks the
    database on every request otherwise); same lookup as ``Site._find_for_request``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH:
            hostname = split_domain_port(request._get_raw_host())[0]
            port = request.get_port()
            # When the database cannot be reached, the view's own lookup fails the same way,
            # where the availability middleware answers 503 instead of a 500 from here.
            with suppress(OperationalError, InterfaceError):
                request._wagtail_site = cached(
                    f"site:{hostname}:{port}", lambda: _site(hostname, port)
                )
        # Only a request that changes nothing may keep what it read (a POST may add one).
        reading = request.method in ("GET", "HEAD")
        in_request = _in_request.set(reading)
        restrictions = _request_restrictions.set(None)
        memo = _request_memo.set({} if reading else None)
        urls = _url_memo.set(SimpleNamespace() if reading else None)
        try:
            return self.get_response(request)
        finally:
            _url_memo.reset(urls)
            _request_memo.reset(memo)
            _request_restrictions.reset(restrictions)
            _in_request.reset(in_request)


# --- view restrictions ------------------------------------------------------------------------
# Never from the cache: a restriction must hold from the moment it is in the database, even
# one written without a signal (a raw insert, a restored backup). One query per request
# reads them all (a handful of rows), for both the page's own check and the lists; a request
# that may change data (not GET or HEAD) reads them afresh each time.

_request_restrictions: ContextVar[list[str] | None] = ContextVar("restrictions", default=None)


def restricted_paths() -> list[str]:
    """The tree paths of the pages that carry a view restriction (read once per request)."""
    paths = _request_restrictions.get()
    if paths is None:
        paths = sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        if _in_request.get():
            _request_restrictions.set(paths)
    return paths


_in_request: ContextVar[bool] = ContextVar("in_request", default=False)


def private_q() -> Q:
    """Wagtail's ``PageQuerySet.private_q`` from the request's list: pages in or below a
    restricted page."""
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def is_restricted(page) -> bool:
    return any(page.path.startswith(path) for path in restricted_paths())


class CachedRestrictions:
    """For page classes: no query for the view restrictions of a page that has none above
    it (almost every public page); Wagtail's own lookup otherwise (and for aliases)."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not is_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


# --- routing ----------------------------------------------------------------------------------


class UrlPathRouting:
    """For the pages that Wagtail routes from (the portal, an agency home with its own
    host): find the page of a URL by its stored ``url_path`` in one query instead of one
    child lookup and one ``.specific`` per level (an item five levels down cost ten).

    The deepest page whose ``url_path`` is a prefix of the request's path below this page
    answers, with the rest of the path passed to its own ``route`` (a routable page's
    ``catalog/``, ``feed/``); with no such page, Wagtail's routing runs as before. Put it
    after ``RoutablePageMixin`` in the bases so that this page's own routes come first.
    """

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        # Kept only when the path is a page's own address: a page, not any URL below one.
        # The path by its digest: a key of any length and any characters a URL may hold.
        digest = hashlib.blake2b("/".join(path_components).encode(), digest_size=16).hexdigest()
        found = cached(
            f"route:{self.pk}:{digest}",
            lambda: self._deepest_page(path_components),
            keep=lambda found: found and found[2] - self.depth == len(path_components),
        )
        if found is None:
            return super().route(request, path_components)
        pk, content_type_id, depth = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        related = [f.name for f in model._meta.concrete_fields if f.name in RELATED]
        page = model._default_manager.select_related(*related).filter(pk=pk).first()
        if page is None:  # deleted without a signal since it was kept (a raw delete)
            return super().route(request, path_components)
        return page.route(request, path_components[depth - self.depth :])

    def _deepest_page(self, path_components) -> tuple | None:
        """(pk, content type, depth) of the deepest page below this one whose ``url_path``
        is a prefix of the path; a page move or a new slug starts a new generation."""
        # One equality per prefix, OR-ed: each an index probe (migration 0007's index).
        prefixes = Q()
        for k in range(1, len(path_components) + 1):
            prefixes |= Q(url_path=f"{self.url_path}{'/'.join(path_components[:k])}/")
        return (
            Page.objects.filter(prefixes, path__startswith=self.path)
            .order_by("-depth")
            .values_list("pk", "content_type_id", "depth")
            .first()
        )


RELATED = {"agency", "department"}
