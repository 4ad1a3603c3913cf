"""Art. 26: an item published more than 20 working days after it was formed is flagged."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.catalog.models import InfoItem
from gongkai.workdays.models import HolidaySchedule
from tests.sitegroup import column

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def publish_on(agency, column_slug, title, formed, published):
    item = InfoItem(title=title, generated_on=formed, first_published_at=published)
    column(agency, column_slug).add_child(instance=item)
    item.save_revision().publish()
    item.refresh_from_db()
    return item


def test_twentieth_working_day_is_on_time():
    item = publish_on(
        "agency-a",
        "licensing",
        "按时发布的许可公示",
        "2020-06-01",
        datetime(2020, 6, 30, 9, tzinfo=SHANGHAI),
    )
    assert (item.publication_workdays, item.publication_late) == (20, False)


def test_twenty_first_working_day_is_late():
    item = publish_on(
        "agency-a",
        "licensing",
        "逾期发布的许可公示",
        "2020-06-01",
        datetime(2020, 7, 1, 9, tzinfo=SHANGHAI),
    )
    assert (item.publication_workdays, item.publication_late) == (21, True)
    assert not item.publication_provisional


def test_later_edits_do_not_change_the_first_count():
    item = publish_on(
        "agency-a",
        "licensing",
        "后来修改的公示",
        "2020-06-01",
        datetime(2020, 7, 1, 9, tzinfo=SHANGHAI),
    )
    item.title = "后来修改的公示（更正）"
    item.save_revision().publish()
    item.refresh_from_db()
    assert (item.publication_workdays, item.publication_late) == (21, True)


def test_provisional_count_is_settled_when_the_schedule_arrives():
    item = publish_on(
        "agency-a",
        "notices",
        "跨年发布的通知",
        "2026-12-25",
        datetime(2027, 1, 29, 9, tzinfo=SHANGHAI),
    )
    assert item.publication_provisional
    from tests.test_workdays_app import schedule_2027

    HolidaySchedule.objects.create(year=2027, data=schedule_2027())
    item.refresh_from_db()
    assert not item.publication_provisional


def test_late_items_are_shown_to_the_department_and_the_supervisor(client, persona):
    publish_on(
        "agency-a",
        "licensing",
        "运输股逾期公示",
        "2020-06-01",
        datetime(2020, 8, 3, 9, tzinfo=SHANGHAI),
    )
    publish_on(
        "agency-b",
        "licensing",
        "乙局逾期公示",
        "2020-06-01",
        datetime(2020, 8, 3, 9, tzinfo=SHANGHAI),
    )
    persona(client, "clerk_a")
    html = client.get("/admin/").content.decode()
    assert "逾期发布的信息" in html and "运输股逾期公示" in html and "乙局逾期公示" not in html
    persona(client, "clerk_a_construction")
    assert "运输股逾期公示" not in client.get("/admin/").content.decode()
    persona(client, "group_supervisor")
    html = client.get("/admin/").content.decode()
    assert "运输股逾期公示" in html and "乙局逾期公示" in html
    overview = client.get("/admin/supervision/").content.decode()
    assert "逾期发布（第二十六条）" in overview
