"""The public portal through the real HTTP layer."""

import pytest

from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db


def test_home_page_lists_every_agency_with_its_disclosure_column(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲市交通运输局" in html and "乙市农业农村局" in html
    assert 'href="/agency-a/disclosure/"' in html
    assert 'href="/agency-b/disclosure/"' in html


def test_home_page_shows_newest_information_of_all_agencies(client):
    html = client.get("/").content.decode()
    assert "甲市交通运输局召开2020年安全生产工作会议" in html
    assert "乙市农业农村局部署春耕生产工作" in html
    # Newest first: 2020-03-04 before 2020-02-24.
    assert html.index("甲市交通运输局召开") < html.index("乙市农业农村局部署")


def test_home_page_is_chinese_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "入驻机关" in html and "最新信息" in html


def test_agency_home_shows_columns_and_footer(client):
    response = client.get("/agency-a/")
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("政务资讯", "政府信息公开", "政务服务", "政民互动", "专题专栏"):
        assert title in html
    # The footer Chinese government sites must carry.
    for text in (
        "主办单位：甲市交通运输局",
        "0792-1234567",
        "赣ICP备00000001号",
        "赣公网安备36040002000001号",
        "网站标识码：3604000001",
        "党政机关网站标识",
    ):
        assert text in html


def test_disclosure_column_has_the_standard_tree(client):
    html = client.get("/agency-a/disclosure/").content.decode()
    for title in (
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ):
        assert title in html
    statutory = client.get("/agency-a/disclosure/statutory/").content.decode()
    for title in (
        "政策文件",
        "行政许可",
        "行政处罚与行政强制",
        "行政事业性收费",
        "政府采购",
        "重大建设项目",
    ):
        assert title in statutory
    assert (
        "依据《政府信息公开条例》第二十条第（五）项"
        in client.get("/agency-a/disclosure/statutory/licensing/").content.decode()
    )


def test_column_page_lists_items_with_chinese_dates(client):
    response = client.get("/agency-a/news/work-news/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲市交通运输局召开2020年安全生产工作会议" in html
    assert "2020年3月4日" in html


def test_parent_column_lists_items_of_its_subcolumns(client):
    assert (
        "甲市交通运输局召开2020年安全生产工作会议" in client.get("/agency-a/news/").content.decode()
    )


def test_empty_column_says_so(client):
    assert "本栏目暂无信息。" in client.get("/agency-a/disclosure/statutory/fees/").content.decode()


def test_column_pagination(client):
    for number in range(23):
        publish_item(
            "agency-a",
            "notices",
            f"关于第{number + 1}批道路运输证年审的通知",
            generated_on="2020-05-06",
        )
    first = client.get("/agency-a/news/notices/").content.decode()
    assert "第 1 页，共 2 页" in first
    second = client.get("/agency-a/news/notices/?page=2")
    assert second.status_code == 200
    assert second.content.decode().count("道路运输证年审") == 3


def test_item_page_shows_catalog_metadata(client):
    item = publish_item(
        "agency-a",
        "licensing",
        "甲市交通运输局行政许可结果公示（2020年第5期）",
        generated_on="2020-06-01",
        document_number="甲交字〔2020〕5号",
        topic="工业、交通\\交通",
        summary="公示2020年5月道路运输经营许可办理结果。",
        category="admin_license",
    )
    response = client.get(item.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "索引号",
        "发布机构",
        "甲市交通运输局",
        "成文日期",
        "2020年6月1日",
        "甲交字〔2020〕5号",
        "工业、交通\\交通",
        "公示2020年5月道路运输经营许可办理结果。",
    ):
        assert text in html
    assert item.department.name == "运输管理股"  # inherited from the column's department


def test_abolished_document_is_marked(client):
    item = publish_item(
        "agency-a",
        "policies",
        "甲市网络预约出租汽车经营服务管理实施细则",
        generated_on="2021-03-01",
        category="normative_doc",
        validity="abolished",
        validity_changed_on="2021-12-20",
    )
    html = client.get(item.url).content.decode()
    assert "已废止" in html and "2021年12月20日" in html


def test_draft_item_is_not_public(client):
    parent = column("agency-a", "notices")
    from gongkai.catalog.models import InfoItem

    draft = InfoItem(title="尚未审核的草稿通知", generated_on="2020-07-01", live=False)
    parent.add_child(instance=draft)
    assert client.get("/agency-a/news/notices/" + draft.slug + "/").status_code == 404
    assert "尚未审核的草稿通知" not in client.get("/agency-a/news/notices/").content.decode()


def test_unknown_page_is_404(client):
    assert client.get("/agency-a/no-such-column/").status_code == 404


def test_english_is_selectable(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/agency-a/"})
    assert response.status_code == 302
    html = client.get("/agency-a/").content.decode()
    assert '<html lang="en">' in html
    assert "Latest information" in html
    assert "Website identifier:" in html


def test_sitemap_lists_public_pages(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"/agency-a/news/work-news/" in response.content


def test_group_statutory_content_under_one_roof(client):
    publish_item(
        "agency-a",
        "licensing",
        "甲市道路运输许可结果公示",
        generated_on="2020-05-06",
        category="admin_license",
    )
    publish_item(
        "agency-b",
        "licensing",
        "乙市农药经营许可结果公示",
        generated_on="2020-05-07",
        category="admin_license",
    )
    index = client.get("/statutory/")
    assert index.status_code == 200
    html = index.content.decode()
    assert "行政许可" in html and 'href="/statutory/admin_license/"' in html
    listing = client.get("/statutory/admin_license/").content.decode()
    assert "甲市道路运输许可结果公示" in listing and "乙市农药经营许可结果公示" in listing
    assert "甲市交通运输局" in listing and "乙市农业农村局" in listing
    assert client.get("/statutory/none/").status_code == 404
    assert client.get("/statutory/bogus/").status_code == 404


def test_english_browser_still_gets_the_chinese_site(client):
    html = client.get("/agency-a/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html and "最新信息" in html


def test_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies["django_language"] = "fr"
    assert '<html lang="zh-hans">' in client.get("/").content.decode()


def test_every_page_has_a_search_box_scoped_to_its_agency(client):
    html = client.get("/agency-a/").content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html
    # The search form takes the agency by its slug.
    assert 'name="agency" value="agency-a"' in html
    assert 'name="agency"' not in client.get("/").content.decode()
