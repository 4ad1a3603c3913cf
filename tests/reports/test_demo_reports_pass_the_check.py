"""The project's own published forms of the demo's 2020 and 2021 reports pass its own report
check: every cell read back exactly, and no finding above info (issue 17).

The 2020 demo regenerates the seed report's figures except the seed's F11 (its 行政处罚 and
行政强制 rows read 上一年项目数量 + 本年增/减 = 处理决定数量, 209 + 10 = 219 and 10 + 6 = 16):
the demo's decision counts there are its own, so neither year has a finding above info."""

import pytest

from gongkai.reportcheck import check_bytes
from gongkai.reports.exports import report_data
from gongkai.reports.render import render_docx, render_html, render_pdf

pytestmark = pytest.mark.django_db

RENDERERS = {"html": render_html, "docx": render_docx, "pdf": render_pdf}


@pytest.mark.parametrize("kind", sorted(RENDERERS))
@pytest.mark.parametrize("year", [2020, 2021])
def test_demo_report_reads_back_exactly_with_nothing_above_info(demo, year, kind):
    data = report_data(demo, year)
    report = check_bytes(f"report.{kind}", RENDERERS[kind](data))
    assert (report.format, report.year, report.agency) == (data.format.id, year, demo.name)
    assert report.cells == data.cells
    assert report.unlocated == []
    assert [f.rule for f in report.findings if f.severity != "info"] == []
