"""The supervisor's overview counts every agency's items correctly."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.supervision.overview import agency_rows
from tests.sitegroup import publish_item

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@time_machine.travel(datetime(2020, 12, 1, 10, tzinfo=SHANGHAI), tick=False)
def test_counts_per_agency():
    for number in range(3):
        publish_item(
            "agency-a",
            "notices",
            f"甲局第{number}号通知",
            generated_on="2020-11-02",
            published=datetime(2020, 11, 3 + number, 9, tzinfo=SHANGHAI),
        )
    rows = {row.agency.slug: row for row in agency_rows(today=date(2020, 12, 1))}
    a, b = rows["agency-a"], rows["agency-b"]
    # Session data: one item per agency (2020-03-04 and 2020-02-24), plus the three above.
    assert (a.items_live, a.items_this_year) == (4, 4)
    assert a.last_published == date(2020, 11, 5)
    assert (b.items_live, b.items_this_year, b.last_published) == (1, 1, date(2020, 2, 24))
    assert a.late_items == 0 and a.awaiting_review == 0
    # A leaf column without a live item is blank: agency-a has filled notices and work-news,
    # agency-b only work-news.
    assert b.empty_columns == a.empty_columns + 1
