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


def grassroots(slug, month=1, day=15):
    """Make ``slug`` a township whose site group sets the grassroots report date."""
    from gongkai.agencies.models import Agency, AgencyKind, SiteGroup

    top = Agency.objects.get(slug="agency-b")
    SiteGroup.objects.update_or_create(
        defaults={"name": "测试网站群", "grassroots_report_month": month},
        top_agency=top,
        grassroots_report_day=day,
    )
    Agency.objects.filter(slug=slug).update(kind=AgencyKind.TOWNSHIP, government=top)


def test_a_township_row_counts_down_to_the_site_groups_date():
    grassroots("agency-a")
    rows = {row.agency.slug: row for row in agency_rows(today=date(2026, 1, 10))}
    # The township reports by the group's 15 January; the department by the statute's 31.
    assert (rows["agency-a"].report.deadline, rows["agency-a"].report.days_left) == (
        date(2026, 1, 15),
        5,
    )
    assert rows["agency-b"].report.deadline == date(2026, 1, 31)
    late = {row.agency.slug: row for row in agency_rows(today=date(2026, 1, 20))}
    assert late["agency-a"].report.label == "已逾期5天"
    assert late["agency-b"].report.label == "还剩11天"


def test_a_published_report_is_published_in_the_row():
    from gongkai.agencies.models import Agency
    from gongkai.reports.models import AnnualReport, ReportState

    AnnualReport.objects.create(
        agency=Agency.objects.get(slug="agency-a"),
        year=2025,
        format_id="gb2021",
        state=ReportState.PUBLISHED,
    )
    rows = {row.agency.slug: row for row in agency_rows(today=date(2026, 3, 1))}
    assert rows["agency-a"].report.label == "已发布"
    assert rows["agency-b"].report.label == "已逾期29天"


def test_agencies_without_a_credit_code_are_listed_with_a_link_to_their_screen(client, persona):
    from gongkai.agencies.models import Agency

    b = Agency.objects.get(slug="agency-b")
    persona(client, "group_supervisor")
    response = client.get("/admin/supervision/")
    assert response.context["lacking_credit_code"] == []
    assert "缺统一社会信用代码" not in response.content.decode()
    Agency.objects.filter(pk=b.pk).update(credit_code="")
    response = client.get("/admin/supervision/")
    assert [a.slug for a in response.context["lacking_credit_code"]] == ["agency-b"]
    html = response.content.decode()
    assert "缺统一社会信用代码" in html
    assert f'<a href="/admin/onboarding/{b.pk}/">乙市农业农村局</a>' in html
    # A retired agency publishes no more numbers: it is not listed.
    Agency.objects.filter(pk=b.pk).update(retired_on=date(2026, 1, 1))
    assert client.get("/admin/supervision/").context["lacking_credit_code"] == []
