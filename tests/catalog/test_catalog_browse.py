"""The agency catalog: filters, CSV and JSON downloads, feeds and the open-data API."""

import csv
import io
import json
from datetime import datetime
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest

from gongkai.catalog.models import ColumnPage
from tests.sitegroup import publish_item

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
CATALOG = "/agency-a/catalog/"


@pytest.fixture
def documents():
    made = {}
    made["valid"] = publish_item(
        "agency-a",
        "policies",
        "甲市农村公路养护管理办法",
        generated_on="2021-02-01",
        category="normative_doc",
        validity="valid",
        document_number="甲交规〔2021〕1号",
        topic="工业、交通\\交通",
        published=datetime(2021, 2, 8, 9, tzinfo=SHANGHAI),
    )
    made["abolished"] = publish_item(
        "agency-a",
        "policies",
        "甲市网约车经营服务管理暂行办法",
        generated_on="2021-03-01",
        category="normative_doc",
        validity="abolished",
        validity_changed_on="2021-12-20",
        published=datetime(2021, 3, 5, 9, tzinfo=SHANGHAI),
    )
    made["license"] = publish_item(
        "agency-a",
        "licensing",
        "=SUM(A1:A2) 道路运输经营许可公示",
        generated_on="2020-06-01",
        category="admin_license",
        published=datetime(2020, 6, 3, 9, tzinfo=SHANGHAI),
    )
    made["other_agency"] = publish_item(
        "agency-b",
        "policies",
        "乙市农业补贴管理办法",
        generated_on="2021-01-10",
        category="normative_doc",
        validity="valid",
        published=datetime(2021, 1, 15, 9, tzinfo=SHANGHAI),
    )
    return made


def titles(response):
    return response.content.decode()


def test_catalog_lists_only_this_agency(client, documents):
    html = titles(client.get(CATALOG))
    assert "甲市农村公路养护管理办法" in html and "乙市农业补贴管理办法" not in html
    assert documents["valid"].index_number in html


def test_filter_by_category_year_department_column_topic(client, documents):
    html = titles(client.get(CATALOG, {"category": "admin_license"}))
    assert "道路运输经营许可公示" in html and "养护管理办法" not in html
    html = titles(client.get(CATALOG, {"year": "2021"}))
    assert "养护管理办法" in html and "道路运输经营许可公示" not in html
    licensing = ColumnPage.objects.get(agency__slug="agency-a", slug="licensing")
    html = titles(client.get(CATALOG, {"column": licensing.pk}))
    assert "道路运输经营许可公示" in html and "养护管理办法" not in html
    html = titles(client.get(CATALOG, {"department": documents["license"].department_id}))
    assert "道路运输经营许可公示" in html and "养护管理办法" not in html
    html = titles(client.get(CATALOG, {"topic": "工业、交通\\交通"}))
    assert "养护管理办法" in html and "网约车" not in html


def test_abolished_document_stays_published_but_leaves_current_list(client, documents):
    assert client.get(documents["abolished"].url).status_code == 200
    current = titles(client.get(CATALOG, {"category": "normative_doc", "validity": "current"}))
    assert "养护管理办法" in current and "网约车经营服务管理暂行办法" not in current
    abolished = titles(client.get(CATALOG, {"validity": "abolished"}))
    assert "网约车经营服务管理暂行办法" in abolished and "已废止" in abolished


def test_bad_filters_get_a_chinese_error_and_400(client, documents):
    response = client.get(CATALOG, {"year": "二〇二〇", "category": "bogus", "validity": "maybe"})
    assert response.status_code == 400
    html = titles(response)
    assert "年份参数应为数字" in html and "没有这个法定公开类别" in html and "有效性只能是" in html


def test_csv_download_has_documented_columns_and_no_formula_injection(client, documents):
    response = client.get(CATALOG, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["索引号", "信息名称", "内容概述"]
    by_title = {row[1]: row for row in rows[1:]}
    assert "'=SUM(A1:A2) 道路运输经营许可公示" in by_title
    assert by_title["甲市农村公路养护管理办法"][0] == documents["valid"].index_number
    assert "乙市农业补贴管理办法" not in by_title


def test_json_download_is_paginated(client, documents):
    data = client.get(CATALOG, {"format": "json", "category": "normative_doc"}).json()
    assert data["count"] == 2 and data["page"] == 1 and data["next"] is None
    record = data["results"][0]
    assert record["title"] == "甲市网约车经营服务管理暂行办法"
    assert record["validity"] == "abolished" and record["validity_changed_on"] == "2021-12-20"
    assert record["publisher"] == "甲市交通运输局" and record["column"] == "政策文件"
    # Absolute, on GONGKAI_BASE_URL (never the Wagtail site's host name).
    assert record["url"].startswith("http://127.0.0.1:8000/agency-a/disclosure/statutory/policies/")


def test_agency_feed_is_atom_with_newest_first(client, documents):
    response = client.get("/agency-a/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    tree = ElementTree.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = [e.findtext("a:title", namespaces=ns) for e in tree.findall("a:entry", ns)]
    assert entries.index("甲市网约车经营服务管理暂行办法") < entries.index(
        "甲市农村公路养护管理办法"
    )
    assert "乙市农业补贴管理办法" not in entries


def test_column_feed_has_only_its_items(client, documents):
    response = client.get("/agency-a/disclosure/statutory/licensing/feed/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "道路运输经营许可公示" in body and "养护管理办法" not in body


def test_api_index_documents_every_field(client):
    data = client.get("/api/v1/").json()
    names = [field["name"] for field in data["item_fields"]]
    assert names[:2] == ["index_number", "title"] and "validity" in names
    assert all(field["label"] and field["description"] for field in data["item_fields"])


def test_api_items_across_the_group_and_by_agency(client, documents):
    everything = client.get("/api/v1/items/", {"category": "normative_doc"}).json()
    assert {r["title"] for r in everything["results"]} >= {
        "乙市农业补贴管理办法",
        "甲市农村公路养护管理办法",
    }
    only_b = client.get("/api/v1/items/", {"agency": "agency-b"}).json()
    assert {r["publisher"] for r in only_b["results"]} == {"乙市农业农村局"}


def test_api_pagination_links(client, documents):
    for number in range(55):
        publish_item("agency-b", "notices", f"乙市第{number}号通知", generated_on="2020-01-02")
    first = client.get("/api/v1/items/", {"agency": "agency-b"}).json()
    assert first["pages"] == 2 and len(first["results"]) == 50
    second = client.get(first["next"]).json()
    assert second["page"] == 2 and second["previous"]


def test_api_item_by_index_number(client, documents):
    item = documents["valid"]
    data = client.get(f"/api/v1/items/{item.index_number}/").json()
    assert (
        data["title"] == "甲市农村公路养护管理办法"
        and data["document_number"] == "甲交规〔2021〕1号"
    )
    assert client.get("/api/v1/items/NOPE/2020-00001/").status_code == 404


def test_api_rejects_bad_input_in_chinese(client):
    response = client.get("/api/v1/items/", {"agency": "nowhere", "year": "abc"})
    assert response.status_code == 400
    assert any("没有这个机关" in e for e in response.json()["errors"])


def test_api_is_read_only(client):
    assert client.post("/api/v1/items/", {}).status_code == 405


def test_api_shows_no_drafts(client):
    from gongkai.catalog.models import InfoItem

    parent = ColumnPage.objects.get(agency__slug="agency-a", slug="notices")
    parent.add_child(instance=InfoItem(title="未发布的草稿", generated_on="2020-01-01", live=False))
    data = json.dumps(
        client.get("/api/v1/items/", {"agency": "agency-a"}).json(), ensure_ascii=False
    )
    assert "未发布的草稿" not in data


def test_catalog_pages_keep_the_filters(client):
    for number in range(23):
        publish_item(
            "agency-a",
            "fees",
            f"收费公示第{number}期",
            generated_on="2020-03-02",
            category="admin_fees",
        )
    html = titles(client.get(CATALOG, {"category": "admin_fees"}))
    assert "第 1 页，共 2 页" in html
    assert 'href="?category=admin_fees&amp;page=2"' in html
    second = titles(client.get(CATALOG, {"category": "admin_fees", "page": "2"}))
    assert second.count("收费公示第") == 3
