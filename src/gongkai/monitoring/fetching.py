"""One bounded GET with the standard library: a total deadline, a size limit, no redirects
followed (a 3xx is a complete answer of its own). Used by the probes, the link checker and
the feed reader; it touches no database, so it runs in worker threads."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime

USER_AGENT = "gongkai-monitor/1 (+https://github.com/gongkai)"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Answer:
    url: str
    status: int | None  # None: no HTTP answer at all
    error: str  # empty when a complete answer came in time
    seconds: float
    body: bytes = b""
    truncated: bool = False  # the body was longer than ``max_bytes`` (read that much)
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def ok(self) -> bool:
        return not self.error and self.status is not None and 200 <= self.status < 400


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx: we take it as the answer


_opener = urllib.request.build_opener(_NoRedirect)


def get(url: str, *, timeout: float, max_bytes: int | None = None, keep_body=False) -> Answer:
    """GET ``url``: complete when the status line, headers and the whole body (or
    ``max_bytes`` of it) came within ``timeout`` seconds in total. The socket waits at most
    ``timeout`` for each read, and the total is checked after each; a server that drips its
    answer can hold the thread longer, but the answer is then a timeout all the same."""
    started = time.monotonic()
    began = datetime.now(UTC)

    def elapsed():
        return time.monotonic() - started

    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        try:
            response = _opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            response = error  # a 3xx, 4xx or 5xx answer: still read it whole
        with response:
            status = response.status if hasattr(response, "status") else response.code
            body, truncated = _read(response, started, timeout, max_bytes, keep_body)
    except TimeoutError:
        return Answer(url, None, "超时 / timeout", elapsed(), started_at=began)
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return Answer(url, None, "超时 / timeout", elapsed(), started_at=began)
        return Answer(url, None, f"无法连接 / {reason}"[:300], elapsed(), started_at=began)
    except (OSError, ValueError) as error:  # connection reset, bad URL, incomplete read
        text = f"错误 / {type(error).__name__}: {error}"[:300]
        return Answer(url, None, text, elapsed(), started_at=began)
    seconds = elapsed()
    if seconds > timeout:
        return Answer(url, status, "超时 / timeout", seconds, started_at=began)
    error = "" if 200 <= status < 400 else f"HTTP {status}"
    return Answer(url, status, error, seconds, body, truncated, started_at=began)


def _read(response, started: float, timeout: float, max_bytes: int | None, keep: bool):
    """Read the whole body (or ``max_bytes``) against the deadline; kept only if ``keep``."""
    chunks, size = [], 0
    while True:
        left = timeout - (time.monotonic() - started)
        if left <= 0:
            raise TimeoutError
        chunk = response.read(CHUNK)
        if not chunk:
            return b"".join(chunks), False
        if keep:
            chunks.append(chunk)
        size += len(chunk)
        if max_bytes is not None and size >= max_bytes:
            return b"".join(chunks)[:max_bytes], True
