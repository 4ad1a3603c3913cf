"""/sitemap.xml and /robots.txt of each host of the site group, with addresses from
GONGKAI_BASE_URL or the agency's own host name (see addresses.py).

The sitemap of a host lists the pages that host serves (the sitemaps protocol wants one
host's addresses only): the group's default host every page but those of agencies with a
host name of their own, an agency's host its own site. robots.txt points to its host's
sitemap.
"""

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap

from gongkai.catalog.addresses import page_full_url, request_url


class PageSitemap(Sitemap):
    """Wagtail's sitemap, but each page at the address the public knows it by, not at the
    Wagtail site's host name."""

    def location(self, obj):
        return page_full_url(obj)

    def _urls(self, page, protocol, domain):
        urls = []
        host = request_url(self.request, "/")
        for item in self.paginator.page(page).object_list.iterator():
            location = page_full_url(item)
            if location is None or not location.startswith(host):
                continue
            urls.append({"item": item, "location": location, "lastmod": self.lastmod(item)})
        mods = {url["lastmod"] for url in urls}
        if mods and None not in mods:
            self.latest_lastmod = max(mods)
        return urls


# Case pages and the back office are nobody's search result; the tracking pages carry
# codes in their query strings.
ROBOTS_DISALLOW = ["/admin/", "/applications/track/", "/messages/track/", "/i18n/"]


@require_safe
def sitemap_xml(request):
    """The sitemap of the host that serves ``request``."""
    return django_sitemap(request, {"pages": PageSitemap(request)})


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request_url(request, '/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
