"""An item behind a view restriction (login, password, groups) is not public: it leaves the
search, the API, the feeds and the sitemap; the index follows restrictions and moves."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import PageViewRestriction

from gongkai.catalog.models import SearchEntry
from gongkai.catalog.search.indexing import index_item, reindex_all
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db

TITLE = "甲市交通运输局关于危险货物运输企业专项检查情况的通报"
WORD = "危险货物运输企业专项检查"


@pytest.fixture(autouse=True)
def fresh_index(db):
    reindex_all()


@pytest.fixture
def item():
    published = publish_item(
        "agency-a",
        "work-news",
        TITLE,
        generated_on="2021-03-01",
        published=datetime(2021, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        summary="专项检查发现的问题及整改要求。",
    )
    index_item(published)
    return published


def found(client) -> bool:
    """Whether /search/ lists the item; its index entry must agree."""
    html = client.get("/search/", {"q": WORD}).content.decode()
    listed = f"<mark>{WORD}</mark>" in html
    assert listed == SearchEntry.objects.filter(title=TITLE).exists()
    return listed


def set_privacy(client, page, restriction_type, **fields):
    """The back office's privacy dialog, as the reviewer uses it."""
    response = client.post(
        f"/admin/pages/{page.pk}/privacy/", {"restriction_type": restriction_type, **fields}
    )
    assert response.status_code == 200, response.content[:500]
    return response


def test_a_restriction_set_in_the_back_office_takes_it_out_of_search(client, persona, item):
    assert found(client)
    persona(client, "reviewer_a")
    set_privacy(client, item, PageViewRestriction.LOGIN)
    assert item.get_view_restrictions().exists()
    client.logout()
    assert not found(client)
    assert not SearchEntry.objects.filter(pk=item.pk).exists()
    persona(client, "reviewer_a")
    set_privacy(client, item, PageViewRestriction.NONE)
    client.logout()
    assert found(client)


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (PageViewRestriction.PASSWORD, {"password": "inspect-2026"}),
        (PageViewRestriction.LOGIN, {}),
    ],
)
def test_a_restricted_column_hides_every_item_below_it(client, item, kind, fields):
    restriction = PageViewRestriction.objects.create(
        page=column("agency-a", "work-news"), restriction_type=kind, **fields
    )
    assert not found(client)
    restriction.delete()
    assert found(client)


def test_group_restriction_hides_it_too(client, item):
    from django.contrib.auth.models import Group

    restriction = PageViewRestriction.objects.create(
        page=item, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.first()])
    assert not found(client)


def test_moving_into_and_out_of_a_restricted_column_follows(client, item):
    hidden = column("agency-a", "notices")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    item.move(hidden, pos="last-child")
    assert not found(client)
    item.refresh_from_db()
    item.move(column("agency-a", "work-news"), pos="last-child")
    assert found(client)


def test_an_entry_left_behind_is_not_shown(client, item):
    """Should a restriction arrive without a signal (a raw insert), the result list still
    shows only what the public catalog lists."""
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=item, restriction_type=PageViewRestriction.LOGIN)]
    )
    assert SearchEntry.objects.filter(pk=item.pk).exists()
    html = client.get("/search/", {"q": WORD}).content.decode()
    assert TITLE not in html and "专项检查发现的问题" not in html


def test_api_feeds_and_sitemap_leave_it_out(client, item):
    work_news = column("agency-a", "work-news")
    home = item.agency.home_page
    addresses = {
        "api": "/api/v1/items/",
        "column feed": work_news.url + "feed/",
        "agency feed": home.url + "feed/",
        "column": work_news.url,
        "portal": "/",
    }

    def listing(address):
        response = client.get(address)
        assert response.status_code == 200, address
        return response.content.decode()

    def in_sitemap():
        return item.full_url in listing("/sitemap.xml")

    assert all(TITLE in listing(a) for a in addresses.values())
    assert in_sitemap() and client.get(f"/api/v1/items/{item.index_number}/").status_code == 200
    PageViewRestriction.objects.create(page=item, restriction_type=PageViewRestriction.LOGIN)
    assert [name for name, a in addresses.items() if TITLE in listing(a)] == []
    assert not in_sitemap()
    assert client.get(f"/api/v1/items/{item.index_number}/").status_code == 404
