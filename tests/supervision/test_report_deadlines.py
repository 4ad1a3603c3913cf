"""The dashboards' annual-report deadlines follow the site group's grassroots date (Art. 49:
townships and street offices report to the county by 31 January unless the group sets
another date)."""

from datetime import date

import pytest

from gongkai.agencies.models import Agency, AgencyKind, SiteGroup
from gongkai.reports.due import agency_due_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def township_a():
    top = Agency.objects.get(slug="agency-b")
    SiteGroup.objects.create(
        name="测试网站群", top_agency=top, grassroots_report_month=1, grassroots_report_day=15
    )
    Agency.objects.filter(slug="agency-a").update(kind=AgencyKind.TOWNSHIP, government=top)
    return Agency.objects.get(slug="agency-a")


def panel(client, persona, username, panel_id):
    persona(client, username)
    body = client.get("/admin/").content.decode()
    start = body.find(f'id="{panel_id}"')
    return "" if start < 0 else body[start : body.index("</section>", start)]


def test_agency_due_status_uses_the_group_date_for_a_township(township_a):
    status = agency_due_status(township_a, date(2026, 1, 10), published=False)
    assert (status.deadline, status.days_left) == (date(2026, 1, 15), 5)
    # Without a group date the statute's 31 January holds.
    SiteGroup.objects.update(grassroots_report_month=None, grassroots_report_day=None)
    status = agency_due_status(township_a, date(2026, 1, 10), published=False)
    assert status.deadline == date(2026, 1, 31)


def test_the_township_officer_counts_down_to_the_group_date(
    client, persona, time_machine, township_a
):
    time_machine.move_to("2026-01-10 10:00 +08:00")
    body = panel(client, persona, "officer_a", "report-due-title")
    assert "应于2026年1月15日前发布，还剩5天" in body
    time_machine.move_to("2026-01-16 10:00 +08:00")
    assert "已逾期1天" in panel(client, persona, "officer_a", "report-due-title")
    # The department beside it still has the statute's date.
    assert "还剩15天" in panel(client, persona, "officer_b", "report-due-title")


def test_the_supervisor_panel_gives_each_unpublished_agency_its_deadline(
    client, persona, time_machine, township_a
):
    time_machine.move_to("2026-01-20 10:00 +08:00")
    body = panel(client, persona, "group_supervisor", "report-due-group-title")
    assert "甲市交通运输局（<strong>已逾期5天</strong>，1月15日）" in body
    assert "乙市农业农村局（还剩11天，1月31日）" in body
