"""Public addresses: root-relative links to the application pages, absolute ones from
GONGKAI_BASE_URL or the agency's own host name, never Wagtail's Site host name."""

import re
from xml.etree import ElementTree

import pytest
from django.test import override_settings
from wagtail.models import Site

from gongkai.agencies.models import Agency
from gongkai.catalog.addresses import absolute_url, agency_base_url, page_full_url
from gongkai.catalog.models import ColumnPage, PortalHomePage
from gongkai.catalog.search.indexing import reindex_all
from gongkai.catalog.tree import ensure_agency_site

pytestmark = pytest.mark.django_db

PUBLIC = "https://gk.example.gov.cn"
APPLY_LINKS = (
    'href="/applications/agency-a/new/"',
    'href="/applications/agency-a/"',
    'href="/applications/track/"',
)


@pytest.mark.parametrize(
    "path",
    [
        "/agency-a/",
        "/agency-a/disclosure/apply/",
        "/agency-a/disclosure/guide/",
        "/agency-a/news/work-news/",
    ],
)
def test_agency_pages_link_root_relatively_to_form_notes_and_tracking(client, path):
    html = client.get(path).content.decode()
    for link in APPLY_LINKS:
        assert link in html, (path, link)


def test_apply_column_itself_carries_the_links_in_its_content(client):
    html = client.get("/agency-a/disclosure/apply/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert 'href="/applications/agency-a/new/"' in main


def test_header_search_sends_the_agency_the_search_form_accepts(client):
    reindex_all()
    html = client.get("/agency-a/").content.decode()
    assert '<input type="hidden" name="agency" value="agency-a">' in html
    response = client.get("/search/", {"q": "安全生产", "agency": "agency-a"})
    assert response.status_code == 200
    html = response.content.decode()
    # The title comes back highlighted; the item's address names it.
    assert 'href="/agency-a/news/work-news/' in html
    # Searching one agency leaves the other out, and keeps that agency's masthead.
    assert "乙市农业农村局部署春耕" not in html
    assert '<a class="site-name" href="/agency-a/">甲市交通运输局</a>' in html


def test_no_page_prints_wagtails_site_host_name(client):
    for path in ("/", "/agency-a/", "/agency-a/feed/", "/sitemap.xml", "/api/v1/agencies/"):
        assert "localhost" not in client.get(path).content.decode(), path


@override_settings(GONGKAI_BASE_URL=PUBLIC)
def test_sitemap_feed_and_api_use_the_base_url(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert f"{PUBLIC}/agency-a/news/work-news/" in locations
    assert all(loc.startswith(PUBLIC + "/") for loc in locations)

    feed = ElementTree.fromstring(client.get("/agency-a/feed/").content)
    hrefs = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert hrefs and all(href.startswith(PUBLIC + "/agency-a/") for href in hrefs)

    api = client.get("/api/v1/").json()["endpoints"]
    assert api["agencies"] == f"{PUBLIC}/api/v1/agencies/"
    agencies = {a["slug"]: a for a in client.get("/api/v1/agencies/").json()["results"]}
    assert agencies["agency-a"]["url"] == f"{PUBLIC}/agency-a/"


@pytest.fixture
def fresh_site_cache():
    # Wagtail caches the sites' root paths outside the database; the test's rollback would
    # leave the extra site in that cache for the tests after it.
    yield
    Site.clear_site_root_paths_cache()


@override_settings(GONGKAI_BASE_URL=PUBLIC)
def test_an_agency_with_its_own_host_name_is_addressed_there(client, fresh_site_cache):
    agency = Agency.objects.create(
        slug="agency-c", name="丙县财政局", hostname="czj.example.gov.cn"
    )
    ensure_agency_site(PortalHomePage.objects.get(), agency)
    notices = ColumnPage.objects.get(agency=agency, slug="notices")
    assert page_full_url(notices) == "https://czj.example.gov.cn/news/notices/"
    assert agency_base_url(agency) == "https://czj.example.gov.cn"
    assert absolute_url("/x/") == f"{PUBLIC}/x/"
    # From the portal (another Wagtail site) the link is the agency's public address.
    assert notices.get_url(current_site=Site.objects.get(is_default_site=True)) == (
        "https://czj.example.gov.cn/news/notices/"
    )
    with pytest.raises(ValueError):
        absolute_url("x/")


@override_settings(GONGKAI_BASE_URL=PUBLIC)
def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_cases(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text and "Disallow: /applications/track/" in text
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in text


@override_settings(GONGKAI_BASE_URL=PUBLIC)
def test_application_private_link_uses_the_base_url():
    from gongkai.catalog.addresses import absolute_url as build

    assert build("/applications/track/", Agency.objects.get(slug="agency-a")).startswith(PUBLIC)


def test_portal_footer_carries_the_site_groups_host_agency_and_filings(client):
    top = Agency.objects.create(
        slug="city",
        name="甲市人民政府",
        kind="government",
        icp_number="赣ICP备12345678号",
        police_number="赣公网安备36040202000123号",
        site_code="3604000099",
    )
    assert top.pk
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for text in (
        "测试网站群",
        "主办单位：甲市人民政府",
        "赣ICP备12345678号",
        "赣公网安备36040202000123号",
        "网站标识码：3604000099",
    ):
        assert text in footer, text


@pytest.mark.parametrize("path", ["/search/", "/messages/track/", "/applications/track/"])
def test_masthead_and_footer_of_group_pages_name_the_site_group(client, path):
    html = client.get(path).content.decode()
    masthead = html[html.index('<header class="masthead">') : html.index("</header>")]
    assert '<a class="site-name" href="/">测试网站群</a>' in masthead
    footer = html[html.index('<footer class="site-footer">') :]
    assert "测试网站群" in footer


@override_settings(GONGKAI_BASE_URL=PUBLIC)
def test_portal_links_to_an_agency_on_its_own_host_without_wagtails_host_name(
    client, fresh_site_cache
):
    agency = Agency.objects.create(
        slug="agency-c", name="丙县财政局", hostname="czj.example.gov.cn"
    )
    ensure_agency_site(PortalHomePage.objects.get(), agency)
    html = client.get("/").content.decode()
    # The portal serves every agency under its path too: links stay root-relative.
    assert 'href="/agency-c/"' in html and 'href="/agency-a/' in html
    assert "localhost" not in html
