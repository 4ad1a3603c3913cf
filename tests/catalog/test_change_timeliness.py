"""Art. 26: 自该政府信息形成或者变更之日起20个工作日内 — a change to published information is
timed from the change (变更日期) to the publication that carries it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.catalog.models import InfoItem
from tests.agencies.test_back_office_access import add_url, item_form
from tests.sitegroup import column

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def item():
    # Formed Mon 2020-06-01, published Tue 06-30: the 20th working day, on time.
    item = InfoItem(
        title="公交线路调整公告",
        generated_on=date(2020, 6, 1),
        first_published_at=datetime(2020, 6, 30, 9, tzinfo=SHANGHAI),
    )
    column("agency-a", "notices").add_child(instance=item)
    item.save_revision().publish()
    item.refresh_from_db()
    assert (item.publication_workdays, item.publication_late) == (20, False)
    assert (item.timed_from, item.timed_to) == (date(2020, 6, 1), date(2020, 6, 30))
    return item


def republish_changed(item, changed_on, when):
    with time_machine.travel(when, tick=False):
        item.changed_on = changed_on
        item.summary = "线路再次调整"
        item.save_revision().publish()
    item.refresh_from_db()
    return item


# Changed Tue 2020-09-01. Working days after it: 09-02…04 (3), 07…11 (8), 14…18 (13),
# 21…25 (18), Sun 09-27 is a working day of the 2020 国庆·中秋 schedule (19), Mon 09-28 (20),
# Tue 09-29 (21).
def test_a_change_published_on_the_twentieth_working_day_is_on_time(item):
    item = republish_changed(item, date(2020, 9, 1), datetime(2020, 9, 28, 10, tzinfo=SHANGHAI))
    assert (item.publication_workdays, item.publication_late) == (20, False)
    assert (item.timed_from, item.timed_to) == (date(2020, 9, 1), date(2020, 9, 28))


def test_a_change_published_on_the_twenty_first_is_late(item):
    item = republish_changed(item, date(2020, 9, 1), datetime(2020, 9, 29, 10, tzinfo=SHANGHAI))
    assert (item.publication_workdays, item.publication_late) == (21, True)


def test_republishing_the_same_change_keeps_its_count(item):
    item = republish_changed(item, date(2020, 9, 1), datetime(2020, 9, 28, 10, tzinfo=SHANGHAI))
    with time_machine.travel(datetime(2020, 12, 1, 10, tzinfo=SHANGHAI), tick=False):
        item.title = "公交线路调整公告（更正错字）"
        item.save_revision().publish()
    item.refresh_from_db()
    assert (item.publication_workdays, item.timed_from) == (20, date(2020, 9, 1))


def test_an_edit_without_a_change_date_keeps_the_formation_count(item):
    with time_machine.travel(datetime(2020, 12, 1, 10, tzinfo=SHANGHAI), tick=False):
        item.title = "公交线路调整公告（更正）"
        item.save_revision().publish()
    item.refresh_from_db()
    assert (item.publication_workdays, item.timed_from) == (20, date(2020, 6, 1))


def test_the_change_date_is_checked_in_the_form(client, persona):
    persona(client, "reviewer_a")
    url = add_url(column("agency-a", "licensing"))
    response = client.post(
        url, item_form("变更早于成文", changed_on="2020-08-01", **{"action-draft": "1"})
    )
    assert "变更日期不能早于成文日期" in response.content.decode()
    response = client.post(
        url, item_form("变更在未来", changed_on="2099-08-01", **{"action-draft": "1"})
    )
    assert "变更日期不能晚于今天" in response.content.decode()
