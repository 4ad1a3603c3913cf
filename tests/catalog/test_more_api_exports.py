"""The open-data API and the catalog downloads: documented fields, filters, pages, errors."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import PageViewRestriction

from gongkai.agencies.models import Agency
from gongkai.catalog import api, views
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
CATALOG = "/agency-a/catalog/"


def at(year, month, day, hour=9):
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def regulation():
    return publish_item(
        "agency-a",
        "policies",
        "甲市道路运输安全管理办法",
        generated_on="2021-04-01",
        category="normative_doc",
        validity="valid",
        document_number="甲交规〔2021〕3号",
        topic="工业、交通\\交通",
        genre="办法",
        keywords="道路运输 安全",
        summary="规范全市道路运输安全管理。",
        published=at(2021, 4, 6),
    )


def csv_rows(response):
    assert response.streaming  # catalog/exports.py streams the CSV
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_documented_fields_are_exactly_what_every_channel_returns(client, regulation):
    documented = client.get("/api/v1/").json()["item_fields"]
    names = [field["name"] for field in documented]
    listed = client.get("/api/v1/items/", {"agency": "agency-a"}).json()["results"]
    assert listed and all(list(record) == names for record in listed)
    detail = client.get(f"/api/v1/items/{regulation.index_number}/").json()
    assert list(detail) == names
    download = client.get(CATALOG, {"format": "json"}).json()["results"]
    assert all(list(record) == names for record in download)
    # The CSV header is the documented Chinese label of each field, in the same order.
    header = csv_rows(client.get(CATALOG, {"format": "csv"}))[0]
    assert header == [field["label"] for field in documented]


def test_item_record_carries_every_catalog_value(client, regulation):
    record = client.get(f"/api/v1/items/{regulation.index_number}/").json()
    assert record == {
        "index_number": regulation.index_number,
        "title": "甲市道路运输安全管理办法",
        "summary": "规范全市道路运输安全管理。",
        "publisher": "甲市交通运输局",
        "department": "",  # the 政策文件 column has no department in the test group
        "generated_on": "2021-04-01",
        "published_on": "2021-04-06",
        "document_number": "甲交规〔2021〕3号",
        "category": "normative_doc",
        "category_label": "规范性文件",
        "topic": "工业、交通\\交通",
        "genre": "办法",
        "keywords": "道路运输 安全",
        "validity": "valid",
        "validity_changed_on": "",
        "column": "政策文件",
        "url": f"http://127.0.0.1:8000{regulation.url}",
        "effective_from": "",
        "changed_on": "",
    }


def test_documented_item_address_template_can_be_filled_in(client, regulation):
    template = client.get("/api/v1/").json()["endpoints"]["item"]
    assert "{index_number}" in template
    filled = template.replace("{index_number}", regulation.index_number)
    assert client.get(filled).json()["title"] == "甲市道路运输安全管理办法"


def test_published_on_is_the_shanghai_date_and_the_year_filter_agrees(client):
    # 2020-12-31 20:00 UTC is 2021-01-01 04:00 in Beijing time.
    item = publish_item(
        "agency-a",
        "notices",
        "元旦凌晨发布的通知",
        generated_on="2020-12-30",
        published=datetime(2020, 12, 31, 20, tzinfo=ZoneInfo("UTC")),
    )
    record = client.get(f"/api/v1/items/{item.index_number}/").json()
    assert record["published_on"] == "2021-01-01"
    assert "/2021-" in item.index_number
    in_2021 = client.get("/api/v1/items/", {"agency": "agency-a", "year": "2021"}).json()
    in_2020 = client.get("/api/v1/items/", {"agency": "agency-a", "year": "2020"}).json()
    assert "元旦凌晨发布的通知" in {r["title"] for r in in_2021["results"]}
    assert "元旦凌晨发布的通知" not in {r["title"] for r in in_2020["results"]}


def test_every_documented_filter_narrows_the_api_list(client, regulation):
    publish_item(
        "agency-a",
        "policies",
        "甲市出租汽车管理暂行办法",
        generated_on="2019-05-01",
        category="normative_doc",
        validity="expired",
        validity_changed_on="2021-05-01",
        published=at(2019, 5, 8),
    )
    license_ = publish_item(
        "agency-a",
        "licensing",
        "道路货运经营许可公示",
        generated_on="2021-06-01",
        category="admin_license",
        topic="工业、交通\\交通",
        published=at(2021, 6, 3),
    )
    documented = set(client.get("/api/v1/").json()["item_filters"])
    assert documented == {
        "agency",
        "column",
        "category",
        "year",
        "department",
        "topic",
        "validity",
        "page",
    }

    def titles(**params):
        data = client.get("/api/v1/items/", {"agency": "agency-a", **params}).json()
        return {r["title"] for r in data["results"]}

    policies = column("agency-a", "policies").pk
    assert titles(column=policies) == {"甲市道路运输安全管理办法", "甲市出租汽车管理暂行办法"}
    assert titles(category="admin_license") == {"道路货运经营许可公示"}
    assert titles(year="2019") == {"甲市出租汽车管理暂行办法"}
    # 运输管理股 fills both 行政许可 and 工作动态 (the session's meeting report).
    assert titles(department=license_.department_id) == {
        "道路货运经营许可公示",
        "甲市交通运输局召开2020年安全生产工作会议",
    }
    assert titles(topic="工业、交通\\交通") == {"甲市道路运输安全管理办法", "道路货运经营许可公示"}
    assert titles(validity="expired") == {"甲市出租汽车管理暂行办法"}
    assert titles(validity="valid") == {"甲市道路运输安全管理办法"}
    current = titles(validity="current")
    assert "甲市出租汽车管理暂行办法" not in current
    assert {"甲市道路运输安全管理办法", "道路货运经营许可公示"} <= current


def test_api_pages_link_to_each_other_and_keep_the_filters(client, monkeypatch):
    monkeypatch.setattr(api, "API_PAGE_SIZE", 2)
    for day in range(1, 6):
        publish_item(
            "agency-b",
            "budget",
            f"乙市预算公开第{day}期",
            generated_on="2021-03-01",
            category="budget",
            published=at(2021, 3, day + 1),
        )
    first = client.get("/api/v1/items/", {"agency": "agency-b", "category": "budget"}).json()
    assert (first["count"], first["page"], first["pages"]) == (5, 1, 3)
    assert first["previous"] is None
    assert "category=budget" in first["next"] and "agency=agency-b" in first["next"]
    seen, page = [], first
    while True:
        seen += [r["title"] for r in page["results"]]
        if page["next"] is None:
            break
        page = client.get(page["next"]).json()
    # Newest first, every item exactly once.
    assert seen == [f"乙市预算公开第{day}期" for day in range(5, 0, -1)]
    assert page["page"] == 3 and len(page["results"]) == 1 and "page=2" in page["previous"]


def test_api_page_out_of_range_or_not_a_number_says_which_page_it_served(client, monkeypatch):
    monkeypatch.setattr(api, "API_PAGE_SIZE", 1)
    base = {"agency": "agency-b"}  # the session's one item plus one more
    publish_item("agency-b", "notices", "乙市第二条通知", generated_on="2021-03-01")
    beyond = client.get("/api/v1/items/", {**base, "page": "99"}).json()
    assert beyond["page"] == 2 and beyond["pages"] == 2 and beyond["next"] is None
    assert [r["title"] for r in beyond["results"]] == ["乙市农业农村局部署春耕生产工作"]
    garbage = client.get("/api/v1/items/", {**base, "page": "abc"}).json()
    assert garbage["page"] == 1 and [r["title"] for r in garbage["results"]] == ["乙市第二条通知"]


def test_api_lists_every_bad_parameter_at_once(client):
    response = client.get(
        "/api/v1/items/",
        {"agency": "x" * 80, "year": "1948", "category": "bogus", "validity": "maybe"},
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = response.json()["errors"]
    assert errors == [
        "年份应在1949至2100之间",
        "没有这个法定公开类别：bogus",
        "有效性只能是 current、valid、revised、abolished、expired 或 not_yet_effective",
        f"没有这个机关：{'x' * 50} / unknown agency",
    ]
    assert client.get("/api/v1/items/", {"year": "1949"}).status_code == 200
    assert client.get("/api/v1/items/", {"year": "2100"}).status_code == 200
    assert client.get("/api/v1/items/", {"year": "2101"}).status_code == 400


def test_api_errors_are_in_english_for_an_english_visitor(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/api/v1/items/", {"year": "abc", "column": "x"})
    assert response.status_code == 400
    column_error, year_error = response.json()["errors"]
    assert year_error == "Year must be a number"
    assert column_error == "Column must be a number"


@pytest.mark.parametrize(("name", "label"), [("column", "栏目"), ("department", "股室")])
def test_huge_numbers_in_the_query_are_a_clear_error(client, name, label):
    # No key is that large; SQLite could not even bind it (an OverflowError, a 500).
    response = client.get("/api/v1/items/", {name: "99999999999999999999"})
    assert response.status_code == 400
    assert response.json()["errors"] == [f"{label}参数超出范围"]
    page = client.get(CATALOG, {name: "99999999999999999999"})
    assert page.status_code in (200, 400) and f"{label}参数超出范围" in page.content.decode()
    largest = client.get("/api/v1/items/", {name: str(2**63 - 1)})
    assert largest.status_code == 200 and largest.json()["count"] == 0
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/api/v1/items/", {name: "99999999999999999999"}).json()["errors"][0]
    assert english.endswith("is out of range")


def test_items_behind_a_view_restriction_are_not_open_data(client):
    item = publish_item("agency-a", "notices", "仅限内部查看的通知", generated_on="2021-03-01")
    PageViewRestriction.objects.create(
        page=column("agency-a", "notices"), restriction_type="password", password="secret"
    )
    assert client.get(f"/api/v1/items/{item.index_number}/").status_code == 404
    listed = client.get("/api/v1/items/", {"agency": "agency-a"}).json()["results"]
    assert "仅限内部查看的通知" not in {r["title"] for r in listed}
    assert "仅限内部查看的通知" not in client.get(CATALOG).content.decode()
    assert "仅限内部查看的通知" not in client.get("/agency-a/feed/").content.decode()


def test_unpublished_item_leaves_the_api_and_its_number_is_not_reused(client):
    item = publish_item("agency-a", "notices", "后来撤下的通知", generated_on="2021-03-01")
    number = item.index_number
    assert client.get(f"/api/v1/items/{number}/").status_code == 200
    item.unpublish()
    assert client.get(f"/api/v1/items/{number}/").status_code == 404
    later = publish_item("agency-a", "notices", "撤下之后的通知", generated_on="2021-03-01")
    assert later.index_number != number


def test_agency_list_names_every_agency_with_its_site_or_none(client):
    Agency.objects.create(slug="agency-c", name="丙县财政局", sort_order=5)
    results = client.get("/api/v1/agencies/").json()["results"]
    assert [r["slug"] for r in results] == ["agency-a", "agency-b", "agency-c"]
    by_slug = {r["slug"]: r for r in results}
    assert by_slug["agency-a"]["url"] == "http://127.0.0.1:8000/agency-a/"
    assert by_slug["agency-c"]["url"] is None  # no site built yet
    assert by_slug["agency-c"]["items"] == "http://127.0.0.1:8000/api/v1/items/?agency=agency-c"
    assert client.get("/api/v1/items/?agency=agency-c").json()["count"] == 0


def test_csv_quotes_commas_newlines_and_defuses_every_formula_prefix(client):
    publish_item(
        "agency-a",
        "notices",
        "关于“春运”安全,请注意的通知",
        generated_on="2021-01-05",
        summary='第一行，含"引号",逗号\n第二行',
        keywords="@SUM(1+1)",
        genre="+通知",
        document_number="-甲交〔2021〕1号",
        published=at(2021, 1, 6),
    )
    rows = csv_rows(client.get(CATALOG, {"format": "csv"}))
    header = rows[0]
    row = next(r for r in rows[1:] if r[1] == "关于“春运”安全,请注意的通知")
    cell = dict(zip(header, row, strict=True))
    assert cell["内容概述"] == '第一行，含"引号",逗号\n第二行'
    assert cell["关键词"] == "'@SUM(1+1)"
    assert cell["体裁"] == "'+通知"
    assert cell["文号"] == "'-甲交〔2021〕1号"
    assert cell["发布日期"] == "2021-01-06" and cell["发布机构"] == "甲市交通运输局"


def test_csv_is_the_whole_filtered_list_up_to_the_row_limit(client, monkeypatch):
    monkeypatch.setattr(views, "CATALOG_PAGE_SIZE", 1)
    monkeypatch.setattr(views, "CSV_ROW_LIMIT", 2)
    for day in (1, 2, 3):
        publish_item(
            "agency-a",
            "fees",
            f"收费目录第{day}版",
            generated_on="2021-02-01",
            category="admin_fees",
            published=at(2021, 2, day + 1),
        )
    html = client.get(CATALOG, {"category": "admin_fees"}).content.decode()
    assert "第 1 页，共 3 页" in html and html.count("收费目录第") == 1
    response = client.get(CATALOG, {"category": "admin_fees", "format": "csv", "page": "3"})
    assert response["Content-Disposition"] == 'attachment; filename="agency-a-catalog.csv"'
    # Not paginated: the newest rows up to the limit, whatever the page parameter says.
    assert [row[1] for row in csv_rows(response)[1:]] == ["收费目录第3版", "收费目录第2版"]


def test_download_with_a_bad_filter_is_an_error_page_not_a_file(client):
    response = client.get(CATALOG, {"format": "csv", "validity": "maybe"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert (
        "有效性只能是 current、valid、revised、abolished、expired 或 not_yet_effective"
        in response.content.decode()
    )


def test_catalog_json_download_pages_keep_format_and_filters(client, monkeypatch):
    monkeypatch.setattr(views, "JSON_PAGE_SIZE", 2)
    for day in (1, 2, 3):
        publish_item(
            "agency-a",
            "procurement",
            f"采购结果公告第{day}号",
            generated_on="2021-02-01",
            category="procurement",
            published=at(2021, 2, day + 1),
        )
    first = client.get(CATALOG, {"format": "json", "category": "procurement"}).json()
    assert (first["count"], first["pages"]) == (3, 2)
    assert [r["title"] for r in first["results"]] == ["采购结果公告第3号", "采购结果公告第2号"]
    second = client.get(first["next"]).json()
    assert [r["title"] for r in second["results"]] == ["采购结果公告第1号"]
    assert "format=json" in first["next"] and "category=procurement" in first["next"]


@pytest.mark.parametrize(
    "url", ["/api/v1/", "/api/v1/agencies/", "/api/v1/items/", "/search/?q=交通"]
)
def test_read_only_endpoints_answer_head_and_refuse_post(client, url):
    # Link checkers and monitoring send HEAD; a read-only endpoint answers it without a body.
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert client.post(url).status_code == 405


def test_category_label_names_each_code_in_the_active_language():
    from django.utils import translation

    from gongkai.catalog.browse import category_label
    from gongkai.catalog.categories import Art20Category

    for category in Art20Category:
        assert category_label(category.value) == str(category.label)
    assert category_label("no-such-code") == "no-such-code"
    with translation.override("en"):
        assert category_label(Art20Category.NONE.value) == str(Art20Category.NONE.label)
        assert category_label(Art20Category.NONE.value) != ""
