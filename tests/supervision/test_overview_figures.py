"""The supervisor's overview: each figure counted by hand from the items created here.

Every agency site of tests/sitegroup.py has 23 leaf columns (news: 2, disclosure: rules,
15 statutory columns, annual-reports, apply; plus services, interaction, topics). The session
publishes one item in each agency's work-news column (agency-a 2020-03-04, agency-b
2020-02-24), both on time.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from gongkai.agencies.models import Agency
from gongkai.catalog.models import ColumnPage, InfoItem
from gongkai.supervision.overview import agency_rows
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
LEAF_COLUMNS = 23


def at(y, m, d, h=10, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


def rows(today):
    return {row.agency.slug: row for row in agency_rows(today=today)}


@pytest.fixture
def scenario():
    """Items on both sides of New Year, late and on time, live and not."""
    # Working days after 2020-11-02: 20 in November, 23 in December = 43 > 20, late.
    late_notice = publish_item(
        "agency-a",
        "notices",
        "甲局关于年末安全检查的通知",
        generated_on=date(2020, 11, 2),
        published=at(2020, 12, 31, 23, 30),
    )
    # 2020-12-31 is a working day, 2021-01-01 元旦: 1 working day. Published half an hour
    # into 2021 in China, which is still 2020-12-31 16:30 in UTC.
    new_year = publish_item(
        "agency-a",
        "licensing",
        "甲局元旦期间道路运输许可公示",
        generated_on=date(2020, 12, 30),
        published=at(2021, 1, 1, 0, 30),
    )
    # Withdrawn: late, but no longer live, so it counts nowhere.
    withdrawn = publish_item(
        "agency-a",
        "statistics",
        "甲局已撤回的统计信息",
        generated_on=date(2020, 1, 2),
        published=at(2020, 9, 1),
    )
    withdrawn.unpublish()
    # A draft counts nowhere either, and leaves its column blank.
    column("agency-a", "plans").add_child(
        instance=InfoItem(
            title="甲局2021年工作计划（草稿）",
            generated_on=date(2020, 12, 1),
            body="<p>草稿。</p>",
            live=False,
        )
    )
    # June 2020 from the 2nd: 2-5, 8-12, 15-19, 22-24 (25-27 端午), 28 调休, 29-30 = 20;
    # July 1-15: 11. 31 working days, late.
    late_budget = publish_item(
        "agency-b",
        "budget",
        "乙局2020年部门预算",
        generated_on=date(2020, 6, 1),
        published=at(2020, 7, 15),
    )
    # Live but behind a login: not public, so not counted.
    private = publish_item(
        "agency-b",
        "statistics",
        "乙局内部统计资料",
        generated_on=date(2020, 8, 3),
        published=at(2020, 8, 4),
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {
        "late_notice": late_notice,
        "new_year": new_year,
        "withdrawn": withdrawn,
        "late_budget": late_budget,
    }


def test_scenario_items_have_the_hand_counted_working_days(scenario):
    found = {
        name: (item.publication_workdays, item.publication_late)
        for name, item in scenario.items()
        if name != "withdrawn"
    }
    assert found == {"late_notice": (43, True), "new_year": (1, False), "late_budget": (31, True)}
    assert scenario["withdrawn"].publication_late and not scenario["withdrawn"].live


def test_live_public_items_and_late_items_per_agency(scenario):
    a, b = rows(date(2020, 12, 31)).values()
    # agency-a: work-news, the late notice and the New Year item; not the draft, not the
    # withdrawn item. agency-b: work-news and the budget; not the private item.
    assert (a.items_live, a.late_items) == (3, 1)
    assert (b.items_live, b.late_items) == (2, 1)


def test_items_this_year_follow_the_calendar_year_in_china(scenario):
    a, b = rows(date(2020, 12, 31)).values()
    # The New Year item belongs to 2021 in China although it is 2020 in UTC.
    assert (a.items_this_year, b.items_this_year) == (2, 2)
    a, b = rows(date(2021, 1, 4)).values()
    assert (a.items_this_year, b.items_this_year) == (1, 0)


def test_last_published_is_the_china_date_of_the_newest_live_item(scenario):
    a, b = rows(date(2021, 1, 4)).values()
    assert a.last_published == date(2021, 1, 1)
    assert b.last_published == date(2020, 7, 15)


def test_blank_columns_are_leaf_columns_without_a_live_public_item(scenario):
    a, b = rows(date(2020, 12, 31)).values()
    # agency-a filled work-news, notices, licensing; plans (draft) and statistics
    # (withdrawn) stay blank. agency-b filled work-news and budget; statistics (private)
    # stays blank.
    assert a.empty_columns == LEAF_COLUMNS - 3
    assert b.empty_columns == LEAF_COLUMNS - 2


def test_column_with_sub_columns_is_not_itself_blank():
    topics = column("agency-b", "topics")
    sub = topics.add_child(instance=ColumnPage(title="春耕生产专题", slug="spring-farming"))
    sub.save_revision().publish()
    # topics stops being a leaf; the new empty sub-column takes its place: still 22.
    assert rows(date(2020, 12, 31))["agency-b"].empty_columns == LEAF_COLUMNS - 1
    publish_item(
        "agency-b",
        "spring-farming",
        "乙局春耕生产技术指导",
        generated_on=date(2020, 3, 2),
        published=at(2020, 3, 3),
    )
    assert rows(date(2020, 12, 31))["agency-b"].empty_columns == LEAF_COLUMNS - 2


def test_agency_without_a_site_gets_a_row_of_zeros():
    Agency.objects.create(slug="agency-c", name="丙市林业局", sort_order=5, index_code="C")
    listed = agency_rows(today=date(2020, 12, 31))
    assert [row.agency.slug for row in listed] == ["agency-a", "agency-b", "agency-c"]
    c = listed[-1]
    assert (c.items_live, c.items_this_year, c.awaiting_review) == (0, 0, 0)
    assert (c.empty_columns, c.late_items, c.last_published) == (0, 0, None)


def test_query_count_does_not_grow_with_the_number_of_agencies():
    with CaptureQueriesContext(connection) as two:
        agency_rows(today=date(2020, 12, 31))
    for number in range(3):
        Agency.objects.create(slug=f"extra-{number}", name=f"新增机关{number}", index_code="X")
    with CaptureQueriesContext(connection) as five:
        assert len(agency_rows(today=date(2020, 12, 31))) == 5
    assert len(five.captured_queries) == len(two.captured_queries)


@pytest.mark.parametrize(
    ("moment", "a_this_year"),
    [
        # 2020-12-31 23:50 in China: the session item of 2020-03-04 and the 22:00 notice.
        (at(2020, 12, 31, 23, 50), 2),
        # Ten minutes later it is 2021 in China (still 2020 in UTC): the midnight notice.
        (at(2021, 1, 1, 0, 0), 1),
    ],
)
def test_default_today_is_the_date_in_china(moment, a_this_year):
    for title, published in (
        ("甲局年末最后一条通知", at(2020, 12, 31, 22, 0)),
        ("甲局新年第一条通知", at(2021, 1, 1, 0, 0)),
    ):
        publish_item(
            "agency-a", "notices", title, generated_on=date(2020, 12, 30), published=published
        )
    with time_machine.travel(moment, tick=False):
        row = {row.agency.slug: row for row in agency_rows()}["agency-a"]
    assert row.items_this_year == a_this_year
    assert row.items_live == 3


def test_an_item_submitted_for_review_is_awaiting_review(client, persona):
    from tests.catalog.test_review_workflow import submit_as_clerk

    submit_as_clerk(client, persona)
    listed = rows(date(2020, 12, 31))
    assert (listed["agency-a"].awaiting_review, listed["agency-b"].awaiting_review) == (1, 0)


def test_a_column_holding_a_page_of_another_kind_is_not_blank():
    from wagtail.models import Page

    before = rows(date(2020, 12, 31))["agency-a"].empty_columns
    reports = column("agency-a", "statistics")
    page = reports.add_child(instance=Page(title="统计数据说明", slug="about-statistics"))
    page.save_revision().publish()
    assert rows(date(2020, 12, 31))["agency-a"].empty_columns == before - 1
