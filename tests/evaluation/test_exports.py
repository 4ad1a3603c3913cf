"""The quarterly inspection report opens in openpyxl and python-docx with its chart and
tables; snapshots make the scores over time."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.evaluation.actions import take_snapshots
from gongkai.evaluation.evaluate import evaluate
from gongkai.evaluation.exports import DETAIL_SHEET, SCORES_SHEET
from gongkai.evaluation.models import InspectionSnapshot
from gongkai.evaluation.periods import Period

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_xlsx_report_has_a_native_chart_of_scores_over_the_quarters(client, persona, inspected):
    persona(client, "group_supervisor")
    response = client.get(reverse("evaluation_report", args=["xlsx"]) + "?period=2026Q4")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book[SCORES_SHEET]
    assert len(sheet._charts) == 1
    assert [c.value for c in sheet[2]] == ["季度", "甲市交通运输局", "乙市农业农村局"]
    assert [sheet.cell(r, 1).value for r in range(3, 7)] == [
        "2026年第一季度",
        "2026年第二季度",
        "2026年第三季度",
        "2026年第四季度",
    ]
    # B is vetoed every quarter: no score
    assert all(sheet.cell(r, 3).value is None for r in range(3, 7))
    detail = [[c for c in row] for row in book[DETAIL_SHEET].iter_rows(values_only=True)]
    assert list(detail[2][:2]) == ["1", "甲市交通运输局"]
    assert detail[3][3] == "不合格" and "columns_not_updated" in detail[3][4]


def test_the_docx_report_has_the_same_figures_as_tables(client, persona, inspected):
    persona(client, "group_supervisor")
    response = client.get(reverse("evaluation_report", args=["docx"]) + "?period=2026Q4")
    document = docx.Document(io.BytesIO(response.content))
    history = document.tables[0]
    assert [c.text for c in history.rows[0].cells] == ["季度", "甲市交通运输局", "乙市农业农村局"]
    assert history.rows[4].cells[0].text == "2026年第四季度"
    assert history.rows[4].cells[2].text == "—"
    ranking = document.tables[1]
    assert ranking.rows[1].cells[1].text == "甲市交通运输局"
    assert ranking.rows[2].cells[3].text == "不合格"
    # A's score in the history table is the one of the ranking
    assert history.rows[4].cells[1].text == ranking.rows[1].cells[2].text


def test_an_agency_report_holds_only_that_agency_and_staff_get_only_their_own(
    client, persona, inspected
):
    persona(client, "officer_a")
    url = reverse("evaluation_report", args=["xlsx"]) + "?period=2026Q4"
    book = openpyxl.load_workbook(io.BytesIO(client.get(url + "&agency=agency-a").content))
    assert [c.value for c in book[SCORES_SHEET][2]] == ["季度", "甲市交通运输局"]
    assert client.get(url + "&agency=agency-b").status_code == 404


def test_snapshots_are_what_a_past_quarter_is_scored_on(inspected):
    taken = datetime(2026, 3, 30, 6, 30, tzinfo=SHANGHAI)
    assert take_snapshots(taken) == 2
    assert InspectionSnapshot.objects.filter(taken_at=taken).count() == 2
    agencies = list(Agency.objects.all())
    inspected.calls.clear()
    scores = evaluate(agencies, Period(2026, 1), now=datetime(2026, 12, 1, tzinfo=SHANGHAI))
    assert inspected.calls == []  # the snapshot served, no inspection ran
    by_slug = {s.extra["slug"]: s for s in scores}
    assert by_slug["agency-b"].vetoes == ["columns_not_updated"]
    assert by_slug["agency-a"].line("broken_links").points == -4
    # a quarter without snapshots is inspected at its last instant
    evaluate(agencies, Period(2026, 2), now=datetime(2026, 12, 1, tzinfo=SHANGHAI))
    ((slugs, at),) = inspected.calls
    assert at.astimezone(SHANGHAI).date().isoformat() == "2026-06-30"


def test_the_agency_tables_of_the_docx_speak_chinese(client, persona, inspected):
    persona(client, "group_supervisor")
    response = client.get(reverse("evaluation_report", args=["docx"]) + "?period=2026Q4")
    document = docx.Document(io.BytesIO(response.content))
    agency_a = document.tables[2]  # after the history and the ranking
    cells = {row.cells[0].text.strip(): row.cells[2].text for row in agency_a.rows}
    assert cells["链接不可用"] == "扣 4"
    assert cells["严重错误（安全、泄密事故等严重问题）"] == "通过"
    assert cells["政策解读与回应关切"] == "—"
    statuses = [row.cells[3].text for row in agency_a.rows]
    assert "待评" in statuses and "pass" not in statuses
