"""The quarterly inspection report (季度检查报告) of the group or of one agency: an XLSX
workbook with a native line chart of the scores over the year's quarters, and a DOCX 公文
with the same figures as tables."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font

from gongkai.documents.docx import OfficialDocument
from gongkai.evaluation.periods import Period
from gongkai.evaluation.scoring import AgencyScore

SCORES_SHEET, DETAIL_SHEET = "各季度得分", "本季度明细"


def _score_text(score: AgencyScore | None) -> str:
    if score is None or score.score is None:
        return "—"
    return f"{score.score:g}"


def _history_rows(history: list[tuple[Period, list[AgencyScore]]], agencies) -> list[list]:
    """One row per quarter, one column per agency (scores; None for no score)."""
    rows = []
    for period, scores in history:
        by_agency = {s.agency_id: s for s in scores}
        rows.append(
            [period.label, *[getattr(by_agency.get(a.pk), "score", None) for a in agencies]]
        )
    return rows


def _detail_rows(scores: list[AgencyScore]) -> list[list[str]]:
    rows = [["排名", "机关", "得分", "结论", "单项否决", "待评或未测"]]
    for s in scores:
        rows.append(
            [
                str(s.rank) if s.rank else "—",
                s.agency,
                _score_text(s),
                s.result,
                "、".join(s.vetoes) or "无",
                "、".join(s.pending) or "无",
            ]
        )
    return rows


# Line and inspection statuses (scoring.py, gongkai.inspection.results) in the report.
STATUS_LABELS = {
    "pass": "通过",
    "deduct": "扣分",
    "veto": "否决",
    "not_measured": "未测",
    "scored": "已评",
    "pending": "待评",
    "unavailable": "不计",
}


def _indicator_rows(score: AgencyScore) -> list[list[str]]:
    rows = [["指标", "分值", "得分", "情况"]]
    for line in score.lines:
        status = STATUS_LABELS.get(line.status, line.status)
        if line.kind == "inspection" and line.weight == 0:
            shown = f"扣 {-line.points:g}" if line.points else status
            rows.append([f"　{line.name}", "单项否决" if line.veto else "扣分项", shown, ""])
            continue
        got = "—" if line.points is None else f"{line.points:g}"
        rows.append([line.name, f"{line.weight:g}", got, line.detail or status])
    return rows


def xlsx(title: str, period: Period, scores, history, agencies) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SCORES_SHEET
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["季度", *[a.name for a in agencies]])
    for row in _history_rows(history, agencies):
        sheet.append(row)
    last_row = 2 + len(history)
    chart = LineChart()
    chart.title = "各季度考评得分"
    chart.y_axis.title = "得分"
    chart.x_axis.title = "季度"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    data = Reference(sheet, min_col=2, max_col=1 + len(agencies), min_row=2, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=last_row))
    sheet.add_chart(chart, f"A{last_row + 3}")
    detail = workbook.create_sheet(DETAIL_SHEET)
    detail.append([f"{title}（{period.label}）"])
    for row in _detail_rows(scores):
        detail.append(row)
    for score in scores:
        detail.append([])
        detail.append([score.agency])
        for row in _indicator_rows(score):
            detail.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx(title: str, period: Period, scores, history, agencies) -> bytes:
    document = OfficialDocument(title=title)
    document.title(title)
    document.paragraph(f"考评期：{period.label}。得分满分 100 分，低于及格线或有单项否决为不合格。")
    document.heading("一、各季度得分")
    header = ["季度", *[a.name for a in agencies]]
    rows = [
        [row[0], *["—" if v is None else f"{v:g}" for v in row[1:]]]
        for row in _history_rows(history, agencies)
    ]
    document.table([header, *rows])
    document.heading("二、本季度排名与结论")
    document.table(_detail_rows(scores))
    document.heading("三、各机关指标明细")
    for score in scores:
        document.paragraph(score.agency)
        document.table(_indicator_rows(score))
    return document.to_bytes()
