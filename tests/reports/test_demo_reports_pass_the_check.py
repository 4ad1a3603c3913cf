"""The project's own published forms of the demo's 2020 and 2021 reports pass its own report
check: every cell read back exactly, and no finding above info (issue 17).

The 2020 demo regenerates the seed report's figures, and with them the seed's F11: its
行政处罚 and 行政强制 rows read 上一年项目数量 + 本年增/减 = 处理决定数量 (209 + 10 = 219,
10 + 6 = 16). That warning is true of those figures, so it is the one expected."""

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
    expected = {"RC_ITEMS_AS_DECISIONS"} if year == 2020 else set()
    assert {f.rule for f in report.findings if f.severity != "info"} == expected
