"""Whether the site can answer: a 503 page when the database cannot be reached, and
``/healthz`` for the load balancer and the monitoring.

A missing SQLite file or a PostgreSQL server that is down is not a bug in a page: the
public is told the site is briefly unavailable (503, with Retry-After) instead of a 500,
and the operator finds the cause in the log and in ``/healthz``.
"""

import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30
HEALTH_PATH = "/healthz"

PAGE = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{title}</h1><p>{message}</p><p lang="en">{english}</p></main></body></html>
"""


def sqlite_file_missing() -> bool:
    """True when the configured database is a SQLite file that is not there (a cheap stat,
    no connection: connecting is what used to create an empty file)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] not in ("gongkai.sqlite3", "django.db.backends.sqlite3"):
        return False
    name = str(database["NAME"])
    if name == ":memory:" or name.startswith("file:") or connection.is_in_memory_db():
        return False
    return not Path(name).exists()


def unavailable_response() -> HttpResponse:
    response = HttpResponse(
        PAGE.format(
            title=escape("网站暂时无法访问"),
            message=escape("系统正在维护或数据库暂时无法连接，请稍后再试。"),
            english=escape("The site is temporarily unavailable. Please try again later."),
        ),
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseAvailabilityMiddleware:
    """First in MIDDLEWARE: a missing SQLite file answers 503 before anything connects, and
    a view that fails to reach the database answers 503 rather than 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH and sqlite_file_missing():
            logger.error("database file missing: %s", settings.DATABASES["default"]["NAME"])
            return unavailable_response()
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("database unavailable for %s", request.path, exc_info=exception)
            return unavailable_response()
        return None


def database_reachable() -> bool:
    if sqlite_file_missing():
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return False


def cache_reachable() -> bool:
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
        cache.delete(key)
        return ok
    except Exception:  # a cache backend raises its own client's errors (redis, memcached)
        logger.exception("health check: cache unreachable")
        return False


@never_cache
@require_safe
def healthz(request):
    checks = {"database": database_reachable(), "cache": cache_reachable()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **{name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )
