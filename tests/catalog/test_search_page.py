"""The public search page, /search/, through the real HTTP layer."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from gongkai.catalog.models import InfoItem, SearchEntry
from gongkai.catalog.search.indexing import index_item, reindex_all
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def fresh_index(db):
    # The session's items were backdated after publication without a signal.
    reindex_all()


def publish(agency, col, title, year, **fields):
    item = publish_item(
        agency,
        col,
        title,
        generated_on=f"{year}-03-01",
        published=datetime(year, 3, 2, 10, tzinfo=SHANGHAI),
        **fields,
    )
    index_item(item)
    return item


def test_empty_query_shows_the_form_without_results(client):
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html and "站内检索" in html
    assert "找到与" not in html and "没有找到" not in html


def test_query_shows_highlighted_results_with_a_link(client):
    response = client.get("/search/", {"q": "安全生产"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "找到与“安全生产”相关的信息 1 条" in html
    assert "甲市交通运输局召开2020年<mark>安全生产</mark>工作会议" in html
    item = InfoItem.objects.get(title="甲市交通运输局召开2020年安全生产工作会议")
    assert f'href="{item.url}"' in html
    assert 'value="安全生产"' in html  # the box keeps the query


def test_one_character_query_over_http(client):
    html = client.get("/search/", {"q": "局"}).content.decode()
    assert "相关的信息 2 条" in html


def test_no_match_says_so(client):
    html = client.get("/search/", {"q": "龘"}).content.decode()
    assert "没有找到符合条件的信息" in html


def test_filters_from_the_query_string(client):
    publish("agency-a", "policies", "甲市出租汽车管理办法", 2021, category="normative_doc")
    publish(
        "agency-a",
        "policies",
        "甲市出租汽车旧办法",
        2019,
        category="normative_doc",
        validity="abolished",
    )
    publish("agency-b", "notices", "乙市出租汽车通告", 2021)

    def found(**params):
        html = client.get("/search/", {"q": "出租汽车", **params}).content.decode()
        return {
            title
            for title in ("甲市出租汽车管理办法", "甲市出租汽车旧办法", "乙市出租汽车通告")
            if title.replace("出租汽车", "<mark>出租汽车</mark>") in html
        }

    assert found() == {"甲市出租汽车管理办法", "甲市出租汽车旧办法", "乙市出租汽车通告"}
    assert found(agency="agency-b") == {"乙市出租汽车通告"}
    assert found(category="normative_doc") == {"甲市出租汽车管理办法", "甲市出租汽车旧办法"}
    assert found(year="2019") == {"甲市出租汽车旧办法"}
    assert found(validity="current") == {"甲市出租汽车管理办法", "乙市出租汽车通告"}
    assert found(column=column("agency-a", "policies").pk) == {
        "甲市出租汽车管理办法",
        "甲市出租汽车旧办法",
    }


def test_agency_filter_shows_that_agencys_masthead(client):
    html = client.get("/search/", {"q": "工作", "agency": "agency-b"}).content.decode()
    assert 'class="site-name" href="/agency-b/"' in html


def test_too_long_query_gets_a_chinese_error(client):
    response = client.get("/search/", {"q": "路" * 51})
    assert response.status_code == 400
    assert "检索词不能超过50个字，请缩短后再试。" in response.content.decode()


def test_bad_filters_get_chinese_errors(client):
    response = client.get("/search/", {"q": "路", "category": "nonsense", "agency": "nobody"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "选择一个有效的选项" in html
    assert "相关的信息" not in html


def test_punctuation_only_query_is_refused(client):
    response = client.get("/search/", {"q": "〔〕"})
    assert response.status_code == 400
    assert "检索词应包含汉字、字母或数字。" in response.content.decode()


def test_script_in_a_body_is_inert_on_the_page(client):
    publish(
        "agency-a",
        "notices",
        "网站安全提示",
        2022,
    )
    item = InfoItem.objects.get(title="网站安全提示")
    InfoItem.objects.filter(pk=item.pk).update(
        body="<p>&lt;script&gt;alert(1)&lt;/script&gt;提示</p>"
    )
    item.refresh_from_db()
    index_item(item)
    html = client.get("/search/", {"q": "提示"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>提示</mark>" in html


def test_pagination_keeps_the_query_and_filters(client):
    for number in range(23):
        publish("agency-a", "notices", f"第{number + 1}号桥梁检测通知", 2020)
    first = client.get("/search/", {"q": "桥梁", "agency": "agency-a"}).content.decode()
    assert "第 1 页，共 2 页" in first
    assert "?q=%E6%A1%A5%E6%A2%81&amp;agency=agency-a&amp;page=2" in first
    second = client.get("/search/", {"q": "桥梁", "agency": "agency-a", "page": "2"})
    assert second.content.decode().count("<mark>桥梁</mark>") == 3
    assert client.get("/search/", {"q": "桥梁", "page": "x"}).status_code == 200


def test_search_is_get_only(client):
    assert client.post("/search/", {"q": "路"}).status_code == 405


def test_unpublished_item_leaves_the_page(client):
    item = publish("agency-a", "notices", "临时交通管制公告", 2022)
    assert "临时<mark>交通管制</mark>公告" in client.get("/search/", {"q": "交通管制"}).content.decode()  # fmt: skip
    item.unpublish()
    assert "没有找到" in client.get("/search/", {"q": "交通管制"}).content.decode()


def test_reindex_command_rebuilds_from_the_pages():
    SearchEntry.objects.all().delete()
    out = StringIO()
    call_command("catalog-reindex", stdout=out)
    assert "已重建检索索引：2 条信息。" in out.getvalue()
    assert SearchEntry.objects.count() == 2
