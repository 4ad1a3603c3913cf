"""Where the file of an address lives under the publish root, as nginx looks for it.

The page at ``/a/b/`` of the default host is ``a/b/index.html``; a feed or a JSON document
at an address ending in ``/`` is ``index.atom`` / ``index.json`` (and so on, by its type);
the further pages of a listing, ``/a/b/?page=3``, are ``a/b/index.page-3.html`` (a slug
has no dot, so no page of the tree can be called that); an address not ending in ``/``
(``/sitemap.xml``, ``/robots.txt``) is the file of that name. An agency with its own host
name has its files under ``<root>/<hostname>/``. The shipped nginx configuration
(``deploy/nginx/gongkai.conf``) tries the same names in the same order.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings

#: Content type → the extension of the file written for an address ending in "/".
EXTENSIONS = {
    "text/html": "html",
    "application/atom+xml": "atom",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/plain": "txt",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
#: The order nginx tries them in (deploy/nginx/gongkai.conf); HTML first.
TRIED_EXTENSIONS = ("html", "atom", "json", "xml", "csv", "pdf", "docx", "txt")
#: Static listings cover the first pages only; deeper pages are the app's.
MAX_LISTING_PAGE = 10
HOSTNAME = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?$")


class AddressError(ValueError):
    """An address that has no file (a query other than ``page=2..10``, a dot segment …)."""


def publish_root() -> Path:
    return Path(settings.GONGKAI_PUBLISH_ROOT)


def extension_for(content_type: str) -> str:
    media_type = content_type.split(";", 1)[0].strip().lower()
    try:
        return EXTENSIONS[media_type]
    except KeyError:
        raise AddressError(f"no file type for {media_type!r}") from None


def listing_page(query: str) -> int:
    """1 for no query, N for ``page=N`` (2..10); anything else is the app's."""
    if not query:
        return 1
    match = re.fullmatch(r"page=([1-9]\d?)", query)
    if not match or int(match.group(1)) > MAX_LISTING_PAGE:
        raise AddressError(f"query {query!r} is served by the app")
    return int(match.group(1))


def host_folder(host: str) -> PurePosixPath:
    if not host:
        return PurePosixPath()
    if not HOSTNAME.match(host):
        raise AddressError(f"not a host name: {host!r}")
    return PurePosixPath(host)


def relative_file(host: str, address: str, content_type: str = "text/html") -> PurePosixPath:
    """The file of ``address`` on ``host`` ("" = the default), relative to the publish root."""
    parts = urlsplit(address)
    path = unquote(parts.path)
    if not path.startswith("/") or "\x00" in path or "\\" in path:
        raise AddressError(f"not a root-relative path: {address!r}")
    segments = [s for s in path.split("/") if s]
    if any(s in (".", "..") or s.startswith(".") for s in segments):
        raise AddressError(f"dot segment in {address!r}")
    page = listing_page(parts.query)
    folder = host_folder(host).joinpath(*segments)
    if path.endswith("/"):
        stem = "index" if page == 1 else f"index.page-{page}"
        return folder / f"{stem}.{extension_for(content_type)}"
    if page != 1:
        raise AddressError(f"a file address has no pages: {address!r}")
    return folder
