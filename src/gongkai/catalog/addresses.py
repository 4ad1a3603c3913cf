"""The addresses the site group prints.

Inside pages links are root-relative, so a page reads the same on every host that serves it.
Where a reader outside the page needs a whole address (sitemap, feeds, API, CSV/JSON,
e-mails, one-time links) it is built from ``GONGKAI_BASE_URL``, or from the agency's own
host name where it has one. Wagtail's ``Site.hostname`` (``localhost`` on a fresh install)
never reaches the output.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

from gongkai.agencies.models import Agency
from gongkai.catalog.public_cache import cached, url_memo


def base_url() -> str:
    """The site group's default address, without a trailing slash."""
    return settings.GONGKAI_BASE_URL.rstrip("/")


def agency_base_url(agency=None) -> str:
    """The address that serves ``agency``: its own host name, or the group's."""
    hostname = getattr(agency, "hostname", "")
    if hostname:
        scheme = urlsplit(base_url()).scheme or "https"
        return f"{scheme}://{hostname}"
    return base_url()


def absolute_url(path: str, agency=None) -> str:
    """``path`` (root-relative) on the host that serves ``agency`` (None: the group's)."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url wants a root-relative path, not {path!r}")
    return agency_base_url(agency) + path


def page_path(page) -> str | None:
    """The page's root-relative path on the host that serves it; None when no site does."""
    parts = page.get_url_parts(url_memo())
    return parts[2] if parts else None


def page_full_url(page) -> str | None:
    """The page's whole address for readers outside the site group."""
    parts = page.get_url_parts(url_memo())
    if not parts:
        return None
    site_id, _root_url, path = parts
    return absolute_url(path, _agency_served_by(site_id))


def _agency_served_by(site_id):
    """The agency whose own host name the Wagtail site stands for, or None (the group's)."""
    return cached(f"agency-served-by:{site_id}", lambda: _find_agency_served_by(site_id))


def _find_agency_served_by(site_id):
    site = Site.objects.filter(pk=site_id).only("root_page_id", "is_default_site").first()
    if site is None or site.is_default_site:
        return None
    # ``home_page`` is the agency's AgencyHomePage (models/pages.py).
    agency = Agency.objects.filter(home_page__pk=site.root_page_id).first()
    return agency if agency and agency.hostname else None


def request_url(request, path: str) -> str:
    """``path`` of the host that served ``request`` (an agency's own, or the group's)."""
    site = Site.find_for_request(request)
    return absolute_url(path, _agency_served_by(site.pk) if site else None)
