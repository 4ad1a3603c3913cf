"""The published annual report as a reader sees it in Chromium: real tables, the charts drawn
from the vendored ECharts, the downloads; a screenshot is kept in test-output/browser/."""

import pytest

from gongkai.agencies.models import Agency, Role, StaffProfile
from gongkai.demo.load import load_demo
from gongkai.reports.actions import do_acknowledge_warnings
from gongkai.reports.models import AnnualReport, AnnualReportPage
from tests.browser.conftest import OUTPUT_DIR, assert_chinese_page
from tests.reports.path import publish_through_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def publish_demo_reports():
    load_demo()
    agency = Agency.objects.get(slug="lushan-transport")
    officer = StaffProfile.objects.get(
        agency=agency, role_grants__role=Role.DISCLOSURE_OFFICER
    ).user
    for year in (2020, 2021):
        report = AnnualReport.objects.get(agency=agency, year=year)
        report = do_acknowledge_warnings(report, acting_user=officer)
        published = publish_through_path(report, officer)
    return AnnualReportPage.objects.get(report=published)


def test_reader_sees_the_2021_report_with_tables_and_charts(live_server, browser_page):
    report_page = publish_demo_reports()
    page = browser_page
    response = page.goto(live_server.url + report_page.url)
    assert response.status == 200
    assert_chinese_page(page)
    assert page.locator(
        "h1", has_text="庐山市交通运输局2021年政府信息公开工作年度报告"
    ).is_visible()
    # Tables with header cells, not pictures of tables.
    assert page.locator("table").count() >= 4
    assert page.locator("table th[scope]").count() > 20
    # ECharts drew into its containers (a canvas each), from /static, not a CDN.
    page.wait_for_function("document.querySelectorAll('canvas').length >= 3")
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    assert any("vendor/echarts/echarts.min.js" in src for src in scripts)
    assert all(src.startswith(live_server.url) for src in scripts)
    page.screenshot(path=str(OUTPUT_DIR / "annual-report-2021.png"), full_page=True)
    with page.expect_download() as download:
        page.locator(f"a[href$='{report_page.url}pdf/']").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert not page.server_errors
