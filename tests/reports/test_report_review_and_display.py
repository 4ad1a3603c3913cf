"""Issue 19: the supervisor's screen of the reports' path (states, deadlines, the checker's
findings, accept and return through HTTP) and the three display fixes — the heading 三、
printed once, charts without data said in a sentence, the rollup in the format's layout."""

import pytest

from gongkai.agencies.models import Agency, AgencyKind, SiteGroup
from gongkai.applications.actions import do_reply
from gongkai.reports.actions import (
    do_accept,
    do_acknowledge_warnings,
    do_create_report,
    do_publish,
    do_save_narrative,
    do_submit,
)
from gongkai.reports.charts import _series
from gongkai.reports.models import AnnualReport, AnnualReportPage, ReportState
from gongkai.rules.formats import load_format
from tests.reports.conftest import at, d
from tests.reports.path import publish_through_path
from tests.reports.test_report_actions import FINISHED

pytestmark = pytest.mark.django_db

SCREEN = "/admin/supervision/annual-reports/?year=2021"


def finished(agency, officer):
    report = do_create_report(agency, 2021, acting_user=officer)
    report = do_save_narrative(report, FINISHED, acting_user=officer)
    return do_acknowledge_warnings(report, acting_user=officer)


@pytest.fixture
def submitted(agency_a, officer, register):
    app = register(at(2021, 4, 1))
    do_reply(
        app,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2021, 4, 9),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    return do_submit(finished(agency_a, officer), acting_user=officer)


def row(html: str, agency) -> str:
    start = html.index(f'<tr id="agency-{agency.pk}"')
    return html[start : html.index("</tr>", start)]


def test_the_screen_lists_every_agency_with_its_state_deadline_and_findings(
    client, persona, submitted, agency_a, agency_b
):
    county = Agency.objects.create(slug="county", name="丙县人民政府", kind=AgencyKind.GOVERNMENT)
    persona(client, "group_supervisor")
    html = client.get(SCREEN).content.decode()
    a = row(html, agency_a)
    assert 'data-state="submitted"' in a and "已报送" in a and "2022-01-31" in a
    # The checker's findings on the submitted report: no error; its acknowledged warning.
    assert "错误 0 项，警告 1 项" in a and "未录入，按 0 填写" in a
    assert f'formaction="/admin/supervision/annual-reports/{submitted.pk}/accept/"' in a
    assert f'action="/admin/supervision/annual-reports/{submitted.pk}/return/"' in a
    b = row(html, agency_b)
    assert 'data-state="missing"' in b and "未编制" in b and "已逾期" in b
    assert "/accept/" not in b
    assert "2022-03-31" in row(html, county)  # a government's own report: 31 March


def test_accept_and_return_through_the_screen_return_needs_comments(client, persona, submitted):
    persona(client, "group_supervisor")
    url = f"/admin/supervision/annual-reports/{submitted.pk}/"
    response = client.post(f"{url}return/", {"comments": ""}, follow=True)
    assert "退回年度报告须填写退回意见" in response.content.decode()
    assert AnnualReport.objects.get(pk=submitted.pk).state == ReportState.SUBMITTED
    client.post(f"{url}return/", {"comments": "请补充监督保障情况。"})
    report = AnnualReport.objects.get(pk=submitted.pk)
    assert report.state == ReportState.RETURNED and report.review_comments == "请补充监督保障情况。"
    html = client.get(SCREEN).content.decode()
    assert "退回意见：请补充监督保障情况。" in html
    report = do_submit(report, acting_user=report.submitted_by)
    assert client.get(f"{url}accept/").status_code == 405
    client.post(f"{url}accept/")
    assert AnnualReport.objects.get(pk=submitted.pk).state == ReportState.ACCEPTED


@pytest.mark.parametrize("who", ["officer_a", "head_a", "admin_a"])
def test_the_agency_neither_sees_the_screen_nor_reviews_its_own_report(
    client, persona, submitted, who
):
    persona(client, who)
    assert client.get(SCREEN).status_code == 404
    url = f"/admin/supervision/annual-reports/{submitted.pk}/"
    assert client.post(f"{url}accept/").status_code == 404
    assert client.post(f"{url}return/", {"comments": "自己退回"}).status_code == 404
    assert client.post("/admin/supervision/annual-reports/settings/", {}).status_code == 404
    assert AnnualReport.objects.get(pk=submitted.pk).state == ReportState.SUBMITTED


def test_the_supervisor_sets_the_site_groups_two_settings(client, persona, agency_b):
    group = SiteGroup.objects.create(name="测试网站群", top_agency=agency_b)
    persona(client, "group_supervisor")
    client.post("/admin/supervision/annual-reports/settings/", {"publish_and_submit": "on"})
    group.refresh_from_db()
    assert group.reports_publish_and_submit and not group.government_reports_whole_area
    client.post("/admin/supervision/annual-reports/settings/", {"whole_area": "on"})
    group.refresh_from_db()
    assert not group.reports_publish_and_submit and group.government_reports_whole_area


# -- the display fixes ---------------------------------------------------------------------


def test_a_series_of_zeros_or_of_nothing_is_empty():
    assert _series([("自然人", 0), ("商业企业", 0)])["empty"] is True
    assert _series([])["empty"] is True
    assert _series([("自然人", 0), ("商业企业", 2)])["empty"] is False


@pytest.fixture
def pages(submitted, agency_b, users):
    """A's report (one application) and B's (none), both published."""
    a = do_accept(submitted, acting_user=users["group_supervisor"])
    a = do_publish(a, acting_user=submitted.submitted_by)
    officer_b = users["officer_b"]
    b = publish_through_path(finished(agency_b, officer_b), officer_b)
    return AnnualReportPage.objects.get(report=a), AnnualReportPage.objects.get(report=b)


def test_the_published_page_prints_each_heading_once_and_says_when_a_chart_has_no_data(
    client, pages
):
    with_data, without = (client.get(p.url).content.decode() for p in pages)
    fmt = load_format("gb2021")
    for html in (with_data, without):
        for section in fmt.sections:
            assert html.count(f">{section.heading}<") == 1, section.heading
        assert html.count("<caption") == sum(1 for t in fmt.tables if t.caption)
        assert 'aria-label="三、收到和处理政府信息公开申请情况"' in html
    assert 'id="chart-outcomes"' in with_data and 'id="chart-outcomes-empty"' not in with_data
    assert 'id="chart-outcomes"' not in without
    assert "本年度没有办结的政府信息公开申请。" in without
    assert "本年度没有新收政府信息公开申请。" in without
    assert "已发布的年度报告中，历年均没有新收政府信息公开申请。" in without


def test_the_rollup_shows_the_formats_table_layout_not_cell_ids(client, persona, pages):
    persona(client, "group_supervisor")
    html = client.get("/admin/annual-reports/rollup/2021/").content.decode()
    assert "<code>t3." not in html and ">t3.new_received.total<" not in html
    assert '<th scope="rowgroup" rowspan=' in html and ">三、本年度办理结果<" in html
    assert ">（三）不予公开<" in html and ">申请人情况<" in html
    assert 'data-cell="t3.new_received.total">1<' in html
    assert 'data-cell="t3.granted.natural_person">1<' in html
