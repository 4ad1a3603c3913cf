"""Publishing puts the report in the agency's 政府信息公开年报 column with its downloads."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from docx import Document

from gongkai.agencies.models import Role, StaffProfile
from gongkai.catalog.models import ColumnPage
from gongkai.reports.actions import ActionError, do_acknowledge_warnings
from gongkai.reports.charts import chart_data
from gongkai.reports.exports import report_data
from gongkai.reports.models import AnnualReport, AnnualReportPage
from gongkai.reports.render import format_value
from gongkai.rules.formats import load_format
from tests.reports.path import publish_through_path
from tests.reports.test_render import read_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_officer(demo):
    return StaffProfile.objects.get(agency=demo, role_grants__role=Role.DISCLOSURE_OFFICER).user


def publish(agency, year, officer):
    report = AnnualReport.objects.get(agency=agency, year=year)
    report = do_acknowledge_warnings(report, acting_user=officer)
    return publish_through_path(report, officer)


@pytest.fixture
def published(demo, demo_officer):
    publish(demo, 2020, demo_officer)
    return publish(demo, 2021, demo_officer)


@pytest.fixture
def page(published):
    return AnnualReportPage.objects.get(report=published)


def test_publishing_creates_the_live_page_in_the_annual_reports_column(page, published, demo):
    assert isinstance(page, AnnualReportPage) and page.live
    assert page.title == "庐山市交通运输局2021年政府信息公开工作年度报告"
    column = page.get_parent().specific
    assert isinstance(column, ColumnPage) and column.slug == "annual-reports"
    assert column.title == "政府信息公开年报"
    assert page.agency == demo and page.report == published
    assert page.get_latest_revision().user == published.published_by


def test_the_annual_reports_column_lists_the_published_reports(page):
    column = page.get_parent().specific
    html = Client().get(column.url).content.decode()
    assert f'href="{page.url}"' in html
    assert "庐山市交通运输局2021年政府信息公开工作年度报告" in html
    assert "庐山市交通运输局2020年政府信息公开工作年度报告" in html


def test_the_page_shows_the_frozen_tables_downloads_and_charts(page, published):
    response = Client().get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    reader = read_html(html)
    assert reader.cells == {k: format_value(v) for k, v in published.published_cells.items()}
    assert len(reader.headers) > 0
    for name in ("docx", "pdf", "json", "csv"):
        assert f'href="{page.url}{name}/"' in html
    assert "vendor/echarts/echarts.min.js" in html and "reports/charts.js" in html
    assert "cdn" not in html.lower()
    assert 'id="report-charts"' in html


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("pdf", "application/pdf"),
        ("json", "application/json"),
        ("csv", "text/csv; charset=utf-8"),
    ],
)
def test_downloads_return_their_content_type(page, published, name, media_type):
    response = Client().get(f"{page.url}{name}/")
    assert response.status_code == 200
    assert response["Content-Type"] == media_type
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    if name == "json":
        assert json.loads(content)["cells"] == published.published_cells
    elif name == "csv":
        rows = list(csv.reader(io.StringIO(content.decode().lstrip("\ufeff"))))
        assert {row[0]: row[4] for row in rows[1:]} == {
            k: str(v) for k, v in published.published_cells.items()
        }
    elif name == "docx":
        assert len(Document(io.BytesIO(content)).tables) == len(load_format("gb2021").tables)
    else:
        assert content.startswith(b"%PDF")


def test_an_unknown_download_is_404(page):
    assert Client().get(f"{page.url}xlsx/").status_code == 404


def test_the_charts_count_outcomes_applicants_and_the_published_years(page, published, demo):
    charts = chart_data(report_data(demo, 2021))
    cells = published.published_cells
    assert sum(charts["outcomes"]["values"]) == cells["t3.results_total.total"]
    assert charts["outcomes"]["labels"][:2] == ["（一）予以公开", "（二）部分公开"]
    assert sum(charts["applicants"]["values"]) == cells["t3.new_received.total"]
    assert charts["trend"] == {
        "labels": ["2020年", "2021年"],
        "values": [0, cells["t3.new_received.total"]],
        "empty": False,
    }


def test_publishing_without_the_column_is_refused_and_nothing_is_frozen(demo, demo_officer):
    ColumnPage.objects.filter(agency=demo, slug="annual-reports").delete()
    with pytest.raises(ActionError, match="政府信息公开年报"):
        publish(demo, 2021, demo_officer)
    assert not AnnualReport.objects.get(agency=demo, year=2021).is_published


def test_the_chart_scripts_are_served_from_our_static_files():
    assert finders.find("vendor/echarts/echarts.min.js")
    script = finders.find("reports/charts.js")
    assert script and "echarts.init" in Path(script).read_text(encoding="utf-8")
