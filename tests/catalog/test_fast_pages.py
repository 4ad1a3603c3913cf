"""Public pages in a fixed, small number of queries; pages of a list by number from the
index (catalog/paging.py); the catalog CSV streamed; what is cached forgotten on change."""

import csv
import hashlib
import io
from datetime import datetime
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from django.core.paginator import Paginator
from django.test import Client
from wagtail.models import PageViewRestriction

from gongkai.catalog import exports, paging, public_cache, views
from gongkai.catalog.models import InfoItem, live_items
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_QUERIES = 6


def warm_get(client, url):
    """The second request of a URL: Wagtail's site root paths and the public cache warm,
    as on a production site that has been up a minute."""
    client.get(url)
    return client.get(url)


@pytest.fixture
def item():
    return InfoItem.objects.get(title="甲市交通运输局召开2020年安全生产工作会议")


@pytest.mark.parametrize(
    "url",
    ["/agency-a/", "/agency-a/catalog/", "/agency-a/news/work-news/", "/", "item"],
)
def test_public_pages_render_in_few_queries(client, item, url, django_assert_max_num_queries):
    url = item.url if url == "item" else url
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_item_page_queries_do_not_grow_with_the_items_on_lists(
    client, django_assert_max_num_queries
):
    for day in range(1, 8):
        publish_item(
            "agency-a",
            "notices",
            f"关于第{day}批项目的公告",
            generated_on="2021-05-01",
            published=datetime(2021, 5, day, 9, tzinfo=SHANGHAI),
        )
    for url in ["/agency-a/", "/agency-a/catalog/", "/agency-a/news/notices/"]:
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200


def test_a_new_item_shows_on_the_cached_pages_at_once(client):
    warm_get(client, "/agency-a/")
    warm_get(client, "/agency-a/catalog/")
    publish_item(
        "agency-a",
        "notices",
        "关于公路养护工程招标的公告",
        generated_on="2021-06-01",
        published=datetime(2021, 6, 2, 9, tzinfo=SHANGHAI),
    )
    assert "关于公路养护工程招标的公告" in client.get("/agency-a/").content.decode()
    catalog = client.get("/agency-a/catalog/").content.decode()
    assert "关于公路养护工程招标的公告" in catalog
    assert "共 2 条" in catalog


def test_a_renamed_column_shows_in_the_cached_navigation(client, item):
    warm_get(client, item.url)
    news = column("agency-a", "news")
    news.title = "新闻中心"
    news.save_revision().publish()
    page = client.get(item.url).content.decode()
    assert "新闻中心" in page  # the navigation and the breadcrumbs
    assert "政务资讯" not in page


def test_a_view_restriction_is_honoured_at_once(client, item):
    assert warm_get(client, item.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=column("agency-a", "work-news"), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(item.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert item.title not in client.get("/agency-a/").content.decode()
    restriction.delete()
    assert client.get(item.url).status_code == 200


def test_routing_by_stored_address_answers_what_wagtail_answered(client, item):
    assert client.get("/agency-a/news/").status_code == 200
    assert client.get("/agency-a/news/work-news/feed/").status_code == 200
    assert client.get("/agency-a/news/no-such-column/").status_code == 404
    assert client.get(item.url + "extra/").status_code == 404
    assert client.get("/statutory/").status_code == 200
    assert client.get("/agency-a/catalog/?format=json").status_code == 200
    # A page that is not live is not served, and its items are not reachable either.
    news = column("agency-a", "work-news")
    news.unpublish()
    assert client.get("/agency-a/news/work-news/").status_code == 404
    assert client.get(item.url).status_code == 200  # Wagtail serves a live page below it


def test_a_page_address_is_routed_from_the_cache(client, item, django_assert_max_num_queries):
    warm_get(client, item.url)
    with django_assert_max_num_queries(3):  # the item, the restrictions, its attachments
        assert client.get(item.url).status_code == 200
    routes = [name for name in public_cache._local["entries"] if name.startswith("route:")]
    assert routes


def test_route_keys_are_short_whatever_the_address(client, item):
    assert client.get(item.url + "x" * 300 + "/").status_code == 404
    client.get(item.url)
    assert all(len(name) < 80 for name in public_cache._local["entries"])


def test_a_visitor_address_below_a_page_is_not_kept(client, item):
    warm_get(client, item.url)
    kept = len(public_cache._local["entries"])
    for n in range(3):
        assert client.get(f"{item.url}made-up-{n}/").status_code == 404
    assert len(public_cache._local["entries"]) == kept


def test_a_moved_item_answers_at_its_new_address_at_once(client, item):
    old_url = item.url
    warm_get(client, old_url)
    item.move(column("agency-a", "notices"), pos="last-child")
    item.refresh_from_db()
    assert item.url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(item.url).status_code == 200


def test_a_renamed_slug_answers_at_its_new_address_at_once(client, item):
    old_url = item.url
    warm_get(client, old_url)
    item.slug = "renamed-item"
    item.save_revision().publish()
    item.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(item.url).status_code == 200


def test_listed_at_follows_the_first_publication(item):
    assert item.listed_at == item.first_published_at
    made = publish_item("agency-b", "notices", "乙市公告", generated_on="2021-01-04")
    assert made.listed_at == made.first_published_at is not None


# --- pages by number -----------------------------------------------------------------------


@pytest.fixture
def many():
    """23 items of agency B, three of them at the same instant (the id breaks the tie)."""
    for n in range(20):
        publish_item(
            "agency-b",
            "notices",
            f"乙市农业农村局公告第{n + 1}号",
            generated_on="2021-01-04",
            published=datetime(2021, 1, 5 + n, 9, tzinfo=SHANGHAI),
        )
    for n in range(3):
        publish_item(
            "agency-b",
            "notices",
            f"乙市农业农村局同日公告{n + 1}",
            generated_on="2021-01-04",
            published=datetime(2021, 1, 10, 9, tzinfo=SHANGHAI),
        )
    return live_items().filter(agency__slug="agency-b").order_by("-listed_at", "-pk")


def pk_lists(page):
    return [item.pk for item in page.object_list]


@pytest.mark.parametrize("ids_at_most", [0, 23, 24], ids=["marks", "marks-just", "ids"])
@pytest.mark.parametrize("per_page", [3, 5, 24])
def test_keyset_pages_equal_the_offset_pages(many, monkeypatch, per_page, ids_at_most):
    monkeypatch.setattr(paging, "BUCKET", 2)
    monkeypatch.setattr(paging, "IDS_AT_MOST", ids_at_most)
    offset = Paginator(many, per_page)
    keyset = paging.KeysetPaginator(many, per_page, f"test:{per_page}:{ids_at_most}")
    assert keyset.count == offset.count == 24
    assert keyset.num_pages == offset.num_pages
    for number in offset.page_range:
        assert pk_lists(keyset.page(number)) == pk_lists(offset.page(number)), number
    # Every item once, newest first, ties by id.
    seen = [pk for n in keyset.page_range for pk in pk_lists(keyset.page(n))]
    assert seen == list(many.values_list("pk", flat=True))


def test_keyset_page_numbers_out_of_range_behave_as_before(many, monkeypatch):
    monkeypatch.setattr(paging, "BUCKET", 2)
    last = Paginator(many, 5).get_page(5)
    for number in ["99", "6", "-1", "abc", None, "0", "5"]:
        expected = Paginator(many, 5).get_page(number)
        got = paging.keyset_page(many, number, 5, "test:range")
        assert (got.number, pk_lists(got)) == (expected.number, pk_lists(expected)), number
    assert pk_lists(paging.keyset_page(many, "99", 5, "test:range")) == pk_lists(last)


def test_catalog_pages_by_number_over_http(client, many, monkeypatch):
    monkeypatch.setattr(paging, "BUCKET", 2)
    monkeypatch.setattr(views, "CATALOG_PAGE_SIZE", 4)
    titles = list(many.values_list("title", flat=True))
    for number in range(1, 7):
        html = client.get(f"/agency-b/catalog/?page={number}").content.decode()
        shown = [t for t in titles if f">{t}</a>" in html]
        assert shown == titles[(number - 1) * 4 : number * 4], number
    assert "第 6 页，共 6 页" in client.get("/agency-b/catalog/?page=600").content.decode()
    # A filtered list keeps the filter and the plain paginator.
    html = client.get("/agency-b/catalog/?year=2021&page=2").content.decode()
    assert [t for t in titles if f">{t}</a>" in html] == titles[4:8]


def test_column_listing_pages_over_http(client, many, monkeypatch):
    monkeypatch.setattr(paging, "BUCKET", 2)
    titles = list(many.values_list("title", flat=True))
    second = client.get("/agency-b/news/notices/?page=2").content.decode()
    assert [t for t in titles if f">{t}</a>" in second] == titles[20:23]


# --- CSV -------------------------------------------------------------------------------------


def test_catalog_csv_is_streamed_in_chunks(client, many, monkeypatch):
    monkeypatch.setattr(exports, "CSV_CHUNK", 4)
    response = Client().get("/agency-b/catalog/?format=csv")
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff索引号,信息名称")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    expected = list(many.values_list("title", flat=True))
    assert expected[-1] == "乙市农业农村局部署春耕生产工作"  # the site group's, in 工作动态
    assert [row[1] for row in rows[1:]] == expected
    assert all(row[15] == "通知公告" for row in rows[1:-1])  # column titles, per chunk
    assert response["Content-Disposition"] == 'attachment; filename="agency-b-catalog.csv"'


def test_a_restriction_written_without_a_signal_holds_at_once(client, item):
    """Restrictions are read per request, never from the cache: a raw insert (or a restored
    backup) takes effect on the next request."""
    assert warm_get(client, item.url).status_code == 200
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=item, restriction_type=PageViewRestriction.LOGIN)]
    )
    assert client.get(item.url).status_code == 302
    assert item.title not in client.get("/agency-a/").content.decode()


class DownCache:
    """A cache server that does not answer."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def test_pages_and_changes_work_without_the_cache_server(client, item, monkeypatch):
    from gongkai.catalog import public_cache

    monkeypatch.setattr(public_cache, "cache", DownCache())
    for url in ["/", "/agency-a/", "/agency-a/catalog/", item.url]:
        assert client.get(url).status_code == 200, url
    made = publish_item("agency-a", "notices", "缓存停机时发布的公告", generated_on="2021-07-01")
    assert made.title in client.get("/agency-a/").content.decode()


def test_a_short_list_reads_a_page_by_its_ids(many, django_assert_max_num_queries):
    keyset = paging.KeysetPaginator(many, 5, "test:ids")
    assert keyset.count == 24  # the list's keys, once
    with django_assert_max_num_queries(1) as captured:
        page = keyset.page(2)
    assert len(page.object_list) == 5
    sql = captured.captured_queries[0]["sql"]
    assert " IN (" in sql and "LIMIT" not in sql


def test_a_page_read_by_ids_keeps_the_list_conditions(many):
    """An id kept in the cache does not bring back an item the list no longer holds."""
    keyset = paging.KeysetPaginator(many, 5, "test:gone")
    first = keyset.page(1).object_list
    gone = first[0]
    gone.unpublish()
    stale = paging.KeysetPaginator(many.all(), 5, "test:gone")
    stale.__dict__["_summary"] = keyset._summary  # the ids read before the change
    assert gone.pk not in [item.pk for item in stale.page(1).object_list]


def test_the_portal_lists_every_agency_in_the_visitor_language(client):
    chinese = client.get("/").content.decode()
    assert chinese.count('class="disclosure"') >= 2
    assert "政府信息公开</a>" in chinese
    english = client.get("/en/").content.decode()
    assert "Government information disclosure</a>" in english
    assert 'href="/agency-a/"' in chinese


def test_a_warm_listing_asks_its_sources_nothing(client, django_assert_max_num_queries):
    """What the listing sources add (信息报送, 栏目映射) is kept per cache generation."""
    warm_get(client, "/agency-a/news/work-news/")
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        assert client.get("/agency-a/news/work-news/").status_code == 200
    assert not [q for q in captured.captured_queries if "contributions_" in q["sql"]]


def test_a_kept_route_to_a_page_that_is_gone_falls_back_to_wagtail(client, item):
    """A page deleted without a signal (a raw delete, a restored backup) leaves its kept
    route naming a page that is gone: the address is routed afresh, not answered 500."""
    from django.contrib.contenttypes.models import ContentType

    from gongkai.catalog.models import PortalHomePage

    portal = PortalHomePage.objects.get()
    gone = (10**8, ContentType.objects.get_for_model(InfoItem).pk, item.depth)

    def keep_route(url):
        path = unquote(url).strip("/").encode()  # Wagtail routes the decoded path
        digest = hashlib.blake2b(path, digest_size=16).hexdigest()
        public_cache.cached(f"route:{portal.pk}:{digest}", lambda: gone)

    def routes():
        mine = f"route:{portal.pk}:"
        return sorted(name for name in public_cache._local["entries"] if name.startswith(mine))

    keep_route(item.url)
    kept = routes()
    assert client.get(item.url).status_code == 200
    assert routes() == kept  # the request read the route kept above, and found it gone
    keep_route("/agency-a/news/nothing-here/")
    assert client.get("/agency-a/news/nothing-here/").status_code == 404
