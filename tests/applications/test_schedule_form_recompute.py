"""Storing a holiday schedule through its form moves every date that depends on it, and
shows the superuser what moved."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from gongkai.interaction import actions as messages
from tests.applications.conftest import at
from tests.workdays.test_schedules import rows

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# A made-up 2027: 元旦 from Friday 1 to Monday 4 January (the Monday a holiday too).
LONG_NEW_YEAR = rows(("元旦", "2027-01-01", "2027-01-04", ""))


@pytest.fixture
def superuser(client):
    root = get_user_model().objects.create_superuser(username="root", password="x")
    client.force_login(root)
    return root


def test_storing_2027_moves_deadlines_and_due_dates_and_lists_them(
    client, superuser, register, agency_a
):
    # 20 working days from Thu 2026-12-10, provisionally (weekends and 元旦): Fri 2027-01-08.
    app = register(arrived=at(2026, 12, 10)).application
    assert (app.reply_due, app.provisional) == (date(2027, 1, 8), True)
    # An inquiry (5 working days) of Wed 2026-12-30: 12/31, 1/4, 1/5, 1/6, 1/7.
    message, _ = messages.do_submit(
        agency_a,
        kind="inquiry",
        subject="春运期间客运班线咨询",
        body="请问春运期间客运班线是否加密？",
        name="李四",
        phone="13800000000",
        public_allowed=True,
        received_at=datetime(2026, 12, 30, 10, tzinfo=SHANGHAI),
    )
    assert (message.due_on, message.due_provisional) == (date(2027, 1, 7), True)

    response = client.post("/admin/workdays/2027/", LONG_NEW_YEAR)
    assert response.status_code == 200
    html = response.content.decode()

    app.refresh_from_db()
    message.refresh_from_db()
    assert (app.reply_due, app.provisional) == (date(2027, 1, 11), False)
    assert (message.due_on, message.due_provisional) == (date(2027, 1, 8), False)
    table = html[html.index('id="moves"') :]
    assert app.tracking_code in table and "2027-01-08（暂算）" in table and "2027-01-11" in table
    assert message.tracking_code in table and "2027-01-07（暂算）" in table
    # Personal data never appears in the list.
    assert "李四" not in table and "13800000000" not in table and "张三" not in table
    entry = ModelLogEntry.objects.get(action="gongkai_workdays.schedule_stored")
    assert entry.user_id == superuser.pk and entry.data["moved"] >= 2


def test_storing_a_schedule_that_moves_nothing_says_so(client, superuser, register):
    register(arrived=at(2026, 9, 21))
    response = client.post("/admin/workdays/2027/", LONG_NEW_YEAR)
    assert 'id="no-moves"' in response.content.decode()
