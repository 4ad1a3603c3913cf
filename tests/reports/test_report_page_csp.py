"""The published annual report page keeps its styles and charts under the public
Content-Security-Policy: its <style> carries the response's nonce, its scripts are files."""

import re

import pytest
from django.test import Client

from gongkai.agencies.models import Role, StaffProfile
from gongkai.reports.actions import do_acknowledge_warnings
from gongkai.reports.exports import report_data
from gongkai.reports.models import AnnualReport, AnnualReportPage
from gongkai.reports.render import render_html
from tests.reports.path import publish_through_path
from tests.test_csp import directives, inline_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_page(demo):
    officer = StaffProfile.objects.get(agency=demo, role_grants__role=Role.DISCLOSURE_OFFICER).user
    report = AnnualReport.objects.get(agency=demo, year=2021)
    report = publish_through_path(do_acknowledge_warnings(report, acting_user=officer), officer)
    return AnnualReportPage.objects.get(report=report)


def test_the_report_pages_style_carries_the_nonce_of_its_policy(report_page):
    response = Client().get(report_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    nonce = re.search(r'<style nonce="([^"]+)">', html).group(1)
    policy = directives(response)
    assert f"'nonce-{nonce}'" in policy["style-src"]
    assert policy["script-src"] == ["'self'"]
    # The charts: ECharts and their set-up are files; the figures a JSON data block.
    assert inline_code(html) == []
    assert 'src="/static/vendor/echarts/echarts.min.js"' in html
    assert '<script id="report-charts" type="application/json">' in html
    # Another response, another nonce.
    again = Client().get(report_page.url).content.decode()
    assert f'nonce="{nonce}"' not in again


def test_the_standalone_html_download_keeps_its_style_without_a_nonce(report_page):
    html = render_html(report_data(report_page.agency, 2021)).decode()
    assert "<style>" in html


def test_the_published_copy_carries_the_nonce_placeholder_and_its_downloads(report_page):
    """Static publishing (gongkai.publishing): nginx fills the placeholder with a fresh nonce
    per response; the downloads are files named in the link, nginx sends no disposition."""
    from gongkai.publishing.paths import relative_file
    from gongkai.publishing.render import NONCE_PLACEHOLDER, render

    page = render("", report_page.url)
    html = page.content.decode()
    assert page.status == 200 and f'<style nonce="{NONCE_PLACEHOLDER}">' in html
    assert "csrfmiddlewaretoken" not in html
    title = report_page.report.title
    assert f'download="{title}.csv"' in html and f'download="{title}.docx"' in html
    csv = render("", f"{report_page.url}csv/")
    assert csv.status == 200
    assert str(relative_file("", f"{report_page.url}csv/", csv.content_type)).endswith(
        "/csv/index.csv"
    )
