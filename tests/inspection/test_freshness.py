"""首页不更新 and 栏目不更新 with hand-made histories, at T (tests/inspection/helpers.py).

The session's site group gives each agency the standard column tree (catalog/data/
columns.json): 24 leaf columns, of which 依申请公开, 政民互动 and 年报 stand for a working
function; 通知公告 and 政策文件 are first-level 通知公告、政策文件类 columns, 工作动态 the one
动态、要闻类 column, 规划计划 and 人事信息 人事、规划计划类 and 财政预决算 an "other"
column with a yearly period.
"""

import pytest

from gongkai.agencies.models import Agency
from gongkai.catalog.models import ColumnPage
from tests.inspection.helpers import T, by_rule, days_ago, indicator, item
from tests.sitegroup import column

pytestmark = pytest.mark.django_db

STANDARD_LEAVES = {
    "工作动态", "通知公告", "政府信息公开制度", "政策文件", "机构职能", "规划计划", "统计信息",
    "行政许可", "行政处罚与行政强制", "财政预决算", "行政事业性收费", "政府采购",
    "重大建设项目", "民生保障", "应急管理", "监督检查", "人事信息", "其他法定信息",
    "政务服务", "专题专栏",
}  # fmt: skip


def test_home_page_updated_by_an_item_new_in_the_last_14_days():
    item("agency-a", "licensing", "行政许可事项公示", days_ago(13.9))
    result = indicator("homepage_not_updated")
    assert result.status == "pass"
    assert result.evidence[0]["newest_title"] == "行政许可事项公示"
    assert result.evidence[0]["newest_date"] == "2026-06-16"


def test_home_page_not_updated_when_the_newest_item_is_15_days_old():
    item("agency-a", "licensing", "行政许可事项公示", days_ago(15))
    result = indicator("homepage_not_updated")
    assert result.status == "veto"
    [entry] = result.evidence
    assert entry["kind"] == "item" and entry["newest_date"] == "2026-06-15"
    assert entry["home_url"] == "/agency-a/" and entry["window_days"] == 14


def test_an_item_becoming_public_after_t_is_not_seen_at_t():
    item("agency-a", "licensing", "明天的信息", days_ago(-1))
    result = indicator("homepage_not_updated")
    assert result.status == "veto"
    assert result.evidence[0]["newest_title"] is None


def test_republishing_an_old_item_is_not_new():
    old = item("agency-a", "licensing", "旧信息", days_ago(40))
    old.title = "旧信息（修订）"
    old.save_revision().publish()
    # Republished now, after T, and also when inspected now: it first became public 40 days
    # before T, so it is not new at T.
    assert indicator("homepage_not_updated").status == "veto"


def test_a_fresh_tree_has_every_leaf_blank_but_the_working_functions():
    result = indicator("columns_not_updated", "agency-b")
    assert result.status == "veto"
    assert set(by_rule(result, "blank")) == STANDARD_LEAVES
    # 工作动态 14 days; 通知公告 and 政策文件 first-level (children of containers) 6 months.
    assert by_rule(result, "news_and_notices") == ["工作动态", "政策文件", "通知公告"]
    assert by_rule(result, "should_update") == ["人事信息", "规划计划", "财政预决算"]
    containers = {"政务资讯", "政府信息公开", "法定主动公开内容"}
    assert not containers & {e["label"] for e in result.evidence}


def test_a_container_is_not_blank_once_one_leaf_holds_an_item_and_leaves_count_alone():
    item("agency-b", "policies", "政策文件一", days_ago(10))
    result = indicator("columns_not_updated", "agency-b")
    assert "政策文件" not in by_rule(result, "blank")
    assert "政策文件" not in by_rule(result, "news_and_notices")
    assert len(by_rule(result, "blank")) == len(STANDARD_LEAVES) - 1


def _close(agency_slug, titles, reason="机构改革后停止更新"):
    ColumnPage.objects.filter(agency__slug=agency_slug, title__in=titles).update(
        closed=True, closed_reason=reason
    )


def test_closed_columns_are_excluded_and_listed_with_their_reason():
    blank = sorted(STANDARD_LEAVES - {"工作动态", "通知公告", "政策文件"})
    _close("agency-b", blank[:13])  # 17 blank leaves → 4 left
    item("agency-b", "work-news", "动态", days_ago(1))
    item("agency-b", "notices", "通知", days_ago(100))
    item("agency-b", "policies", "政策", days_ago(100))
    result = indicator("columns_not_updated", "agency-b")
    assert len(by_rule(result, "blank")) == 4
    closed = [e for e in result.evidence if e["rule"] == "closed"]
    assert sorted(e["label"] for e in closed) == blank[:13]
    assert {e["closed_reason"] for e in closed} == {"机构改革后停止更新"}
    assert result.status == "pass"


def test_five_stale_news_and_notice_columns_fire_the_veto():
    # Enough columns of the two classes: three standard ones plus two of the agency's own.
    news = column("agency-b", "news")
    for slug, title in (("county-news", "区县动态"), ("bulletins", "公示公告")):
        news.add_child(
            instance=ColumnPage(
                title=title,
                slug=slug,
                column_class="dynamic_news" if slug == "county-news" else "notice_policy",
            )
        ).save_revision().publish()
    _close("agency-b", STANDARD_LEAVES - {"工作动态", "通知公告", "政策文件"})
    for slug in ("work-news", "county-news"):
        item("agency-b", slug, f"{slug}旧闻", days_ago(15))
    for slug in ("notices", "policies", "bulletins"):
        item("agency-b", slug, f"{slug}旧文", days_ago(190))
    result = indicator("columns_not_updated", "agency-b")
    assert by_rule(result, "blank") == []
    assert len(by_rule(result, "news_and_notices")) == 5
    assert result.status == "veto"
    # One of them fresh: four left, below the threshold.
    item("agency-b", "bulletins", "新公示", days_ago(5))
    assert indicator("columns_not_updated", "agency-b").status == "pass"


def test_ten_columns_that_should_be_updated_fire_the_veto():
    statutory = ColumnPage.objects.filter(agency__slug="agency-b", slug="statutory")
    parent = statutory.get()
    ColumnPage.objects.filter(agency__slug="agency-b", title__in=STANDARD_LEAVES).exclude(
        slug__in=["plans", "personnel", "budget"]
    ).update(closed=True, closed_reason="停更")
    # Seven more "other" columns with a 30-day period, each with an item 31 days old.
    for n in range(7):
        child = parent.add_child(
            instance=ColumnPage(title=f"专项{n}", slug=f"special-{n}", update_days=30)
        )
        child.save_revision().publish()
        item("agency-b", f"special-{n}", f"专项{n}信息", days_ago(31))
    for slug in ("plans", "personnel", "budget"):
        item("agency-b", slug, f"{slug}信息", days_ago(370))
    result = indicator("columns_not_updated", "agency-b")
    assert len(by_rule(result, "should_update")) == 10
    assert result.status == "veto"
    entry = next(e for e in result.evidence if e["label"] == "专项0")
    assert entry["period"] == "30天" and entry["newest_date"] == "2026-05-30"


def test_a_notice_column_below_the_first_level_counts_as_should_update():
    notices = column("agency-b", "notices")
    sub = notices.add_child(
        instance=ColumnPage(title="下级公告", slug="sub-notices", column_class="notice_policy")
    )
    sub.save_revision().publish()
    item("agency-b", "notices", "通知一", days_ago(1))  # 通知公告 holds items: no container
    result = indicator("columns_not_updated", "agency-b")
    assert "下级公告" in by_rule(result, "should_update")
    assert "下级公告" not in by_rule(result, "news_and_notices")


def test_the_interaction_column_is_blank_once_the_agency_is_retired():
    assert "政民互动" not in by_rule(indicator("columns_not_updated", "agency-b"), "blank")
    Agency.objects.filter(slug="agency-b").update(retired_on=T.date())
    result = indicator("columns_not_updated", "agency-b")
    assert {"政民互动", "依申请公开", "政府信息公开年报"} <= set(by_rule(result, "blank"))


def test_evidence_of_a_column_links_its_public_and_back_office_pages():
    item("agency-b", "work-news", "春耕动态", days_ago(20))
    result = indicator("columns_not_updated", "agency-b")
    entry = next(e for e in result.evidence if e["label"] == "工作动态")
    work_news = column("agency-b", "work-news")
    assert entry["url"] == "/agency-b/news/work-news/"
    assert entry["admin_url"] == f"/admin/pages/{work_news.pk}/edit/"
    assert entry["newest_title"] == "春耕动态" and entry["date"] == "2026-06-10"
    assert entry["column_class"] == "dynamic_news" and entry["period"] == "14天"
