"""When the annual report is due (Art. 49): 31 January for a department, 31 March for a
people's government's own report — counted in China's calendar days, shown on the dashboards.

Every expected number below was counted by hand on a calendar."""

from datetime import date

import pytest

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.reports.due import DUE, OVERDUE, PUBLISHED, agency_due_status, deadline
from gongkai.reports.models import AnnualReport, ReportState

DEPT, GOV = AgencyKind.DEPARTMENT, AgencyKind.GOVERNMENT


def due_status(kind, today, *, published):
    """An agency of ``kind`` without a site group: the statute's date, no query."""
    return agency_due_status(Agency(kind=kind), today, published=published, site_group=None)


# -- the pure rule ----------------------------------------------------------------------------


def test_deadlines_fall_in_the_year_after_the_report_year():
    assert deadline(DEPT, 2025) == date(2026, 1, 31)
    assert deadline(GOV, 2025) == date(2026, 3, 31)
    assert deadline("government", 2023) == date(2024, 3, 31)


@pytest.mark.parametrize(
    ("kind", "today", "state", "left", "overdue"),
    [
        # 1 January: the previous year's report becomes due; 30 days to 31 January.
        (DEPT, date(2026, 1, 1), DUE, 30, 0),
        (DEPT, date(2026, 1, 30), DUE, 1, 0),
        # The day of the deadline itself is still on time.
        (DEPT, date(2026, 1, 31), DUE, 0, 0),
        (DEPT, date(2026, 2, 1), OVERDUE, 0, 1),
        # 31 Jan -> 29 Feb 2024 (leap) = 29 days; 31 Jan -> 28 Feb 2025 = 28 days.
        (DEPT, date(2024, 2, 29), OVERDUE, 0, 29),
        (DEPT, date(2025, 2, 28), OVERDUE, 0, 28),
        # 31 Jan -> 31 Dec 2026 = 365 - 31 = 334 days.
        (DEPT, date(2026, 12, 31), OVERDUE, 0, 334),
        # 1 Jan -> 31 Mar: 31 + 28 + 30 = 89 days in 2025, 31 + 29 + 30 = 90 in 2024.
        (GOV, date(2025, 1, 1), DUE, 89, 0),
        (GOV, date(2024, 1, 1), DUE, 90, 0),
        # 28 Feb -> 31 Mar: 31 days in 2025 but 32 in the leap year 2024.
        (GOV, date(2025, 2, 28), DUE, 31, 0),
        (GOV, date(2024, 2, 28), DUE, 32, 0),
        (GOV, date(2024, 2, 29), DUE, 31, 0),
        # A government is not late on 1 February, when a department is.
        (GOV, date(2026, 2, 1), DUE, 58, 0),
        (GOV, date(2026, 3, 30), DUE, 1, 0),
        (GOV, date(2026, 3, 31), DUE, 0, 0),
        (GOV, date(2026, 4, 1), OVERDUE, 0, 1),
    ],
)
def test_days_left_and_days_overdue(kind, today, state, left, overdue):
    status = due_status(kind, today, published=False)
    assert status.report_year == today.year - 1
    assert (status.state, status.days_left, status.days_overdue) == (state, left, overdue)


def test_published_is_published_whatever_the_date():
    for today in (date(2026, 1, 5), date(2026, 1, 31), date(2026, 6, 1)):
        status = due_status(DEPT, today, published=True)
        assert status.state == PUBLISHED and status.label == "已发布"


def test_labels():
    assert due_status(DEPT, date(2026, 1, 21), published=False).label == "还剩10天"
    assert due_status(DEPT, date(2026, 1, 31), published=False).label == "今天截止"
    assert due_status(DEPT, date(2026, 2, 3), published=False).label == "已逾期3天"


# -- the dashboards ---------------------------------------------------------------------------


def published(agency, year):
    return AnnualReport.objects.create(
        agency=agency, year=year, format_id="gb2021", state=ReportState.PUBLISHED
    )


def dashboard(client, persona, username, panel="report-due-title"):
    """The text of one panel of ``username``'s dashboard ("" when it is not there)."""
    persona(client, username)
    response = client.get("/admin/")
    assert response.status_code == 200
    body = response.content.decode()
    start = body.find(f'id="{panel}"')
    return "" if start < 0 else body[start : body.index("</section>", start)]


@pytest.mark.django_db
def test_agency_dashboard_counts_down_to_31_january(client, persona, time_machine):
    # 15:00 UTC on 20 January is already 21 January in Shanghai: 10 days left.
    time_machine.move_to("2026-01-20 17:00 +00:00")
    body = dashboard(client, persona, "officer_a")
    assert "2025年度政府信息公开工作年度报告" in body
    assert "应于2026年1月31日前发布，还剩10天" in body
    # An editor's dashboard shows their own work, not the agency's report deadline.
    assert "2025年度政府信息公开工作年度报告" not in dashboard(client, persona, "clerk_a")


@pytest.mark.django_db
def test_agency_dashboard_on_the_deadline_and_the_day_after(client, persona, time_machine):
    time_machine.move_to("2026-01-31 23:30 +08:00")
    assert "今天截止（2026年1月31日" in dashboard(client, persona, "officer_a")
    time_machine.move_to("2026-02-01 00:30 +08:00")
    assert "已逾期1天" in dashboard(client, persona, "officer_a")


@pytest.mark.django_db
def test_a_peoples_government_has_until_31_march(client, persona, time_machine, agency_b):
    Agency.objects.filter(pk=agency_b.pk).update(kind=GOV)
    time_machine.move_to("2024-02-29 10:00 +08:00")  # leap year: 31 days to 31 March
    body = dashboard(client, persona, "officer_b")
    assert "2023年度政府信息公开工作年度报告" in body
    assert "应于2024年3月31日前发布，还剩31天" in body


@pytest.mark.django_db
def test_agency_dashboard_shows_published(client, persona, time_machine, agency_a):
    published(agency_a, 2025)
    time_machine.move_to("2026-03-10 10:00 +08:00")
    body = dashboard(client, persona, "officer_a")
    assert "2025年度政府信息公开工作年度报告" in body
    assert "已逾期" not in body and "<strong>已发布</strong>" in body


@pytest.mark.django_db
def test_editors_dashboard_leaves_the_report_deadline_out(client, persona, time_machine):
    # The deadline is the disclosure office's; an editor's dashboard shows their own work.
    time_machine.move_to("2026-01-20 17:00 +00:00")
    assert dashboard(client, persona, "clerk_a") == ""


@pytest.mark.django_db
def test_another_agencys_report_does_not_count(client, persona, time_machine, agency_b):
    published(agency_b, 2025)
    time_machine.move_to("2026-02-05 10:00 +08:00")
    body = dashboard(client, persona, "officer_a")
    assert "已逾期5天" in body


@pytest.mark.django_db
def test_supervisor_sees_how_many_have_published(client, persona, time_machine, agency_a):
    published(agency_a, 2025)
    published(agency_a, 2024).delete()  # an older year does not count either way
    time_machine.move_to("2026-01-10 10:00 +08:00")
    assert dashboard(client, persona, "group_supervisor") == ""  # no own countdown
    body = dashboard(client, persona, "group_supervisor", "report-due-group-title")
    assert "2025年度报告发布情况" in body
    assert "已发布 1 个机关，未发布 1 个机关" in body
    assert "未发布：乙市农业农村局" in body
    assert "/admin/annual-reports/rollup/2025/" in body


@pytest.mark.django_db
def test_staff_do_not_see_the_group_panel(client, persona, time_machine):
    time_machine.move_to("2026-01-10 10:00 +08:00")
    assert dashboard(client, persona, "clerk_a", "report-due-group-title") == ""
