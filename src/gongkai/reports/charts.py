"""The figures behind the report page's charts, read from table 三 of the report's format.

Charts only restate the tables; a reader without JavaScript loses nothing.
"""

from __future__ import annotations

from gongkai.reports.exports import ReportData
from gongkai.reports.records import PUBLIC_STATES, AnnualReport

APPLICATIONS_TABLE = "t3"
NEW_RECEIVED, RESULTS_TOTAL, TOTAL = "new_received", "results_total", "total"
RESULTS_GROUP = "三、本年度办理结果"


def _series(pairs) -> dict:
    """Labels and values; ``empty`` when every value is 0 (or there is none): the page then
    says so in a sentence instead of drawing empty axes."""
    pairs = list(pairs)
    values = [value for _, value in pairs]
    return {
        "labels": [label for label, _ in pairs],
        "values": values,
        "empty": not any(values),
    }


def outcomes(data: ReportData) -> dict:
    """Applications answered by outcome, the total column summed by （一）…（六）."""
    table = data.format.table(APPLICATIONS_TABLE)
    totals: dict[str, int | float] = {}
    for row in table.rows:
        if not row.path or row.path[0] != RESULTS_GROUP or row.id == RESULTS_TOTAL:
            continue
        label = row.path[1] if len(row.path) > 1 else row.label
        label = label.split("（区分处理的")[0]
        totals[label] = totals.get(label, 0) + data.cells[f"{table.id}.{row.id}.{TOTAL}"]
    return _series(totals.items())


def applicants(data: ReportData) -> dict:
    """New applications by applicant kind (the columns of table 三 except 总计)."""
    table = data.format.table(APPLICATIONS_TABLE)
    return _series(
        (column.label, data.cells[f"{table.id}.{NEW_RECEIVED}.{column.id}"])
        for column in table.columns
        if column.id != TOTAL
    )


def trend(data: ReportData) -> dict:
    """New applications in every year of which the platform holds the agency's published
    report (both formats share the cell id)."""
    cell_id = f"{APPLICATIONS_TABLE}.{NEW_RECEIVED}.{TOTAL}"
    reports = AnnualReport.objects.filter(
        agency=data.agency,
        state__in=PUBLIC_STATES,
        published_cells__isnull=False,
    ).order_by("year")
    return _series(
        (f"{report.year}年", report.published_cells.get(cell_id, 0)) for report in reports
    )


def chart_data(data: ReportData) -> dict:
    return {"outcomes": outcomes(data), "applicants": applicants(data), "trend": trend(data)}
