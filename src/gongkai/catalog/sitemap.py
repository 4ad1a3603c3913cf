"""/sitemap.xml and /robots.txt, with addresses from GONGKAI_BASE_URL (see addresses.py)."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap

from gongkai.catalog.addresses import absolute_url, page_full_url


class PageSitemap(Sitemap):
    """Wagtail's sitemap, but each page at the address the public knows it by, not at the
    Wagtail site's host name."""

    def location(self, obj):
        return page_full_url(obj)

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list.iterator():
            location = page_full_url(item)
            if location is None:
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
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {absolute_url('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
