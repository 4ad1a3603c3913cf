"""Fixes from trying the public side as a new user would (issue 13's list)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.catalog.addresses import page_path
from gongkai.catalog.browse import topic_q
from gongkai.catalog.models import InfoItem
from gongkai.catalog.search.indexing import index_item, reindex_all
from tests.sitegroup import publish_item

SHANGHAI = ZoneInfo("Asia/Shanghai")
CATALOG = "/agency-a/catalog/"


TOPIC_CASES = [
    ("交通", "工业、交通\\交通", True),  # a sub-topic named on its own
    ("工业、交通", "工业、交通\\交通", True),  # the topic finds its sub-topics
    ("工业、交通\\交通", "工业、交通\\交通", True),
    ("交通", "交通", True),
    ("交通", "工业、交通", False),  # part of a name is not the topic
    ("工业", "工业、交通\\交通", False),
    ("交通\\公路", "工业、交通\\交通", False),
    ("工业、交通", "农业\\工业、交通\\交通", True),
]


@pytest.mark.django_db
def test_topic_filter_matches_the_topic_and_its_sub_topics():
    stored_topics = sorted({stored for _wanted, stored, _expected in TOPIC_CASES})
    items = {
        stored: publish_item(
            "agency-a", "policies", f"主题{n}", generated_on="2021-02-01", topic=stored
        )
        for n, stored in enumerate(stored_topics)
    }
    for wanted, stored, expected in TOPIC_CASES:
        found = InfoItem.objects.filter(topic_q(wanted), pk=items[stored].pk).exists()
        assert found is expected, (wanted, stored)


@pytest.fixture
def topical(db):
    traffic = publish_item(
        "agency-a",
        "policies",
        "甲市农村公路养护管理办法",
        generated_on="2021-02-01",
        topic="工业、交通\\交通",
        published=datetime(2021, 2, 8, 9, tzinfo=SHANGHAI),
    )
    industry = publish_item(
        "agency-a",
        "policies",
        "甲市工业园区管理办法",
        generated_on="2021-02-02",
        topic="工业、交通",
        published=datetime(2021, 2, 9, 9, tzinfo=SHANGHAI),
    )
    return traffic, industry


@pytest.mark.django_db
def test_catalog_topic_filter_finds_sub_topics_over_http(client, topical):
    html = client.get(CATALOG, {"topic": "交通"}).content.decode()
    assert "农村公路养护管理办法" in html and "工业园区管理办法" not in html
    html = client.get(CATALOG, {"topic": "工业、交通"}).content.decode()
    assert "农村公路养护管理办法" in html and "工业园区管理办法" in html
    api = client.get("/api/v1/items/", {"agency": "agency-a", "topic": "交通"}).json()
    assert [r["title"] for r in api["results"]] == ["甲市农村公路养护管理办法"]


@pytest.mark.django_db
def test_searching_an_index_number_finds_the_item(client, topical):
    traffic, _ = topical
    index_item(traffic)
    response = client.get("/search/", {"q": traffic.index_number})
    assert response.status_code == 200
    assert f'href="{page_path(traffic)}"' in response.content.decode()


@pytest.mark.django_db
def test_empty_search_result_is_a_sentence_not_a_numbered_item(client):
    reindex_all()
    html = client.get("/search/", {"q": "没有这样的检索词语"}).content.decode()
    assert '<p class="empty">' in html
    assert '<ol class="search-results"' not in html
    assert 'start="0"' not in html


@pytest.mark.django_db
def test_catalog_cells_carry_labels_for_the_stacked_phone_layout(client, topical):
    html = client.get(CATALOG).content.decode()
    assert '<td class="title">' in html
    for label in ("索引号", "文号", "成文日期", "发布日期"):
        assert f'data-label="{label}"' in html
