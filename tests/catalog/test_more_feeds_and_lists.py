"""Atom feeds, the group's statutory index, catalog list edges and the validity lifecycle."""

import re
from datetime import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest

from gongkai.catalog import feeds, views
from gongkai.catalog.models import InfoItem
from tests.agencies.test_back_office_access import add_url
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
ATOM = "{http://www.w3.org/2005/Atom}"
CATALOG = "/agency-a/catalog/"


def at(year, month, day, hour=9):
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def atom(response):
    """Parse an Atom 1.0 feed, checking the elements RFC 4287 requires of feed and entries."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    self_links = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(self_links) == 1
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        # No feed-level author: every entry must name its own.
        assert entry.findtext(f"{ATOM}author/{ATOM}name")
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert urlsplit(link.get("href")).scheme == "http"
    return feed


def entries(feed):
    return {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}


def test_feeds_are_valid_atom_named_after_agency_and_column(client):
    publish_item("agency-a", "notices", "关于春运期间道路管制的通知", generated_on="2021-01-05")
    agency_feed = atom(client.get("/agency-a/feed/"))
    assert agency_feed.findtext(f"{ATOM}title") == "甲市交通运输局"
    assert agency_feed.findtext(f"{ATOM}subtitle") == "甲市交通运输局最新发布的政府信息"
    column_feed = atom(client.get("/agency-a/news/notices/feed/"))
    assert column_feed.findtext(f"{ATOM}title") == "通知公告 - 甲市交通运输局"
    self_link = next(
        link for link in column_feed.findall(f"{ATOM}link") if link.get("rel") == "self"
    )
    assert self_link.get("href") == "http://127.0.0.1:8000/agency-a/news/notices/feed/"
    entry = entries(column_feed)["关于春运期间道路管制的通知"]
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "甲市交通运输局"
    ids = [e.findtext(f"{ATOM}id") for e in agency_feed.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)) >= 2


def test_entry_ids_are_absolute_iris(client):
    publish_item("agency-a", "notices", "关于汛期值班的通知", generated_on="2021-06-01")
    feed = atom(client.get("/agency-a/feed/"))
    for entry in feed.findall(f"{ATOM}entry"):
        assert re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", entry.findtext(f"{ATOM}id"))


def test_feed_entry_carries_category_summary_and_both_dates(client):
    item = publish_item(
        "agency-a",
        "licensing",
        "道路运输经营许可结果公示（第3期）",
        generated_on="2021-03-01",
        category="admin_license",
        summary="公示3月办结的许可事项。",
        published=at(2021, 3, 3),
    )
    item.title = "道路运输经营许可结果公示（第3期，更正）"
    item.save_revision().publish()
    feed = atom(client.get("/agency-a/feed/"))
    entry = entries(feed)["道路运输经营许可结果公示（第3期，更正）"]
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["行政许可"]
    assert entry.findtext(f"{ATOM}summary") == "公示3月办结的许可事项。"
    published = datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    updated = datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert published == at(2021, 3, 3)
    assert updated > published  # the correction was republished now
    # An item of no statutory category has no <category>.
    session_item = entries(feed)["甲市交通运输局召开2020年安全生产工作会议"]
    assert session_item.findall(f"{ATOM}category") == []


def test_feed_holds_only_the_newest_and_no_drafts(client, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 3)
    for day in (1, 2, 3, 4):
        publish_item(
            "agency-a",
            "notices",
            f"停运通知第{day}号",
            generated_on="2021-03-01",
            published=at(2021, 3, day + 1),
        )
    column("agency-a", "notices").add_child(
        instance=InfoItem(title="尚未发布的停运通知", generated_on="2021-03-01", live=False)
    )
    feed = atom(client.get("/agency-a/news/notices/feed/"))
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["停运通知第4号", "停运通知第3号", "停运通知第2号"]


def test_empty_column_feed_is_still_valid_atom(client):
    feed = atom(client.get("/agency-a/disclosure/statutory/fees/feed/"))
    assert feed.findall(f"{ATOM}entry") == []


def statutory_row(html, label):
    match = re.search(rf">{label}</a></td>\s*((?:<td>\d+</td>)+)</tr>", html)
    assert match, label
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", match.group(1))]


def test_group_statutory_index_counts_only_live_items_per_agency(client):
    publish_item("agency-a", "budget", "甲市预算公开", generated_on="2021-01-04", category="budget")
    publish_item(
        "agency-b", "licensing", "乙市许可公示", generated_on="2021-01-04", category="admin_license"
    )
    withdrawn = publish_item(
        "agency-a",
        "licensing",
        "已撤下的许可公示",
        generated_on="2021-01-04",
        category="admin_license",
    )
    withdrawn.unpublish()
    html = client.get("/statutory/").content.decode()
    # Columns: 甲市交通运输局, 乙市农业农村局, 合计.
    assert statutory_row(html, "行政许可") == [0, 1, 1]
    assert statutory_row(html, "财政预决算") == [1, 0, 1]
    assert statutory_row(html, "规章") == [0, 0, 0]
    assert "非法定主动公开类信息" not in html


def test_group_statutory_index_counts_several_items_of_one_agency(client):
    for title in ("甲市许可公示一", "甲市许可公示二", "甲市许可公示三"):
        publish_item(
            "agency-a", "licensing", title, generated_on="2021-01-04", category="admin_license"
        )
    publish_item(
        "agency-b", "licensing", "乙市许可公示", generated_on="2021-01-04", category="admin_license"
    )
    html = client.get("/statutory/").content.decode()
    assert statutory_row(html, "行政许可") == [3, 1, 4]


def test_group_statutory_category_pages_and_marks_abolished(client, monkeypatch):
    monkeypatch.setattr(views, "CATALOG_PAGE_SIZE", 2)
    publish_item(
        "agency-b",
        "policies",
        "乙市农机补贴办法",
        generated_on="2020-01-04",
        category="normative_doc",
        validity="abolished",
        validity_changed_on="2021-01-01",
        published=at(2020, 1, 6),
    )
    for day in (1, 2):
        publish_item(
            "agency-a",
            "policies",
            f"甲市规范性文件第{day}号",
            generated_on="2021-01-04",
            category="normative_doc",
            published=at(2021, 2, day),
        )
    first = client.get("/statutory/normative_doc/").content.decode()
    assert "第 1 页，共 2 页" in first and "甲市规范性文件第2号" in first
    assert "乙市农机补贴办法" not in first
    second = client.get("/statutory/normative_doc/", {"page": "2"}).content.decode()
    assert re.search(r"乙市农机补贴办法</a> <span class=\"badge\">已废止</span>", second)
    assert "乙市农业农村局" in second


def test_catalog_year_bounds_and_foreign_filters(client):
    response = client.get(CATALOG, {"year": "1948"})
    assert response.status_code == 400
    assert "年份应在1949至2100之间" in response.content.decode()
    assert client.get(CATALOG, {"year": "1949"}).status_code == 200
    # Another agency's column or department gives an empty list, not its items.
    other_column = column("agency-b", "work-news")
    html = client.get(CATALOG, {"column": other_column.pk}).content.decode()
    assert "没有符合条件的信息。" in html and "乙市农业农村局部署春耕生产工作" not in html
    other_department = other_column.department_id
    html = client.get(CATALOG, {"department": other_department}).content.decode()
    assert "没有符合条件的信息。" in html and "共 0 条" in html


def test_catalog_form_remembers_the_chosen_filters(client):
    licensing = column("agency-a", "licensing")
    html = client.get(
        CATALOG,
        {
            "category": "admin_license",
            "validity": "current",
            "column": licensing.pk,
            "year": "2020",
        },
    ).content.decode()
    assert '<option value="admin_license" selected>' in html
    assert '<option value="current" selected>' in html
    assert '<option value="2020" selected>' in html
    # The download links carry the same filters.
    assert f"column={licensing.pk}&amp;category=admin_license&amp;year=2020" in html
    assert "validity=current&amp;format=csv" in html


def test_catalog_column_filter_offers_the_sub_columns(client):
    licensing = column("agency-a", "licensing")
    html = client.get(CATALOG, {"column": licensing.pk}).content.decode()
    select = re.search(r'<select name="column">(.*?)</select>', html, re.S).group(1)
    assert f'<option value="{licensing.pk}" selected>行政许可</option>' in select
    assert ">工作动态</option>" in select and ">政策文件</option>" in select


def test_catalog_in_english_explains_bad_filters_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(CATALOG, {"validity": "maybe", "category": "bogus"})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Validity must be current, valid, revised, abolished, expired or not_yet_effective" in html
    )
    assert "有效性只能是" not in html


def current_titles(client, **params):
    data = client.get("/api/v1/items/", {"agency": "agency-a", "validity": "current", **params})
    return {record["title"] for record in data.json()["results"]}


@pytest.mark.parametrize(("validity", "label"), [("abolished", "已废止"), ("expired", "已失效")])
def test_repealed_document_stays_published_but_leaves_current_lists(client, validity, label):
    item = publish_item(
        "agency-a",
        "policies",
        "甲市公共汽车客运管理办法",
        generated_on="2019-03-01",
        category="normative_doc",
        validity="valid",
        published=at(2019, 3, 5),
    )
    number, url = item.index_number, item.url
    assert "甲市公共汽车客运管理办法" in current_titles(client)
    item.validity = validity
    item.validity_changed_on = "2021-06-30"
    item.save_revision().publish()
    item.refresh_from_db()
    # Same page, same number, still public — and marked.
    assert (item.index_number, item.url, item.live) == (number, url, True)
    page = client.get(url).content.decode()
    assert f"{label}（2021年6月30日）" in page
    assert "甲市公共汽车客运管理办法" not in current_titles(client)
    catalog = client.get(CATALOG, {"validity": "current"}).content.decode()
    assert "甲市公共汽车客运管理办法" not in catalog
    listed = client.get(CATALOG, {"validity": validity}).content.decode()
    assert re.search(rf"甲市公共汽车客运管理办法</a> <span class=\"badge\">{label}</span>", listed)
    column_page = client.get("/agency-a/disclosure/statutory/policies/").content.decode()
    assert re.search(
        rf"甲市公共汽车客运管理办法</a> <span class=\"badge\">{label}</span>", column_page
    )
    record = client.get(f"/api/v1/items/{number}/").json()
    assert (record["validity"], record["validity_changed_on"]) == (validity, "2021-06-30")


def test_information_without_validity_counts_as_current(client):
    publish_item("agency-a", "notices", "关于节日值班安排的通知", generated_on="2021-01-05")
    assert "关于节日值班安排的通知" in current_titles(client)
    assert "关于节日值班安排的通知" not in current_titles(client, validity="valid")


def test_new_item_starts_with_the_columns_statutory_category(client, persona):
    persona(client, "reviewer_a")
    html = client.get(add_url(column("agency-a", "licensing"))).content.decode()
    assert '<option value="admin_license" selected>' in html


def test_only_proactive_information_is_in_the_public_catalog(client):
    publish_item(
        "agency-a",
        "notices",
        "依申请公开的答复材料",
        generated_on="2021-01-05",
        disclosure_mode="on_application",
        disclosure_scope="applicant",
    )
    assert "依申请公开的答复材料" not in client.get(CATALOG).content.decode()
    listed = client.get("/api/v1/items/", {"agency": "agency-a"}).json()["results"]
    assert "依申请公开的答复材料" not in {r["title"] for r in listed}
    assert "依申请公开的答复材料" not in client.get("/agency-a/feed/").content.decode()
    # Nor is it found by the search, which indexes the public catalog only.
    from gongkai.catalog.search.indexing import index_item
    from gongkai.catalog.search.query import search

    on_application = InfoItem.objects.get(title="依申请公开的答复材料")
    assert index_item(on_application) is False
    assert search("答复材料").total == 0
    # Marked 主动公开 later, it joins the catalog and the index.
    on_application.disclosure_mode = "proactive"
    on_application.save_revision().publish()
    assert "依申请公开的答复材料" in client.get(CATALOG).content.decode()
    assert [hit.item.pk for hit in search("答复材料").hits] == [on_application.pk]
