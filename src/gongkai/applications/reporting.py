"""From case records to tables 三 and 四 of the annual report.

Nothing here is stored: carry-over follows from the receipt and conclusion dates of the
cases (issue 4), so that every number of the report is traceable to cases. Table 三
balances by construction — each case received by 31 December is either concluded within the
year (one outcome row) or carried forward — and the tests check it with the format's rules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from gongkai.applications.models import Application, Outcome
from gongkai.rules.formats import format_id_for_year, load_format

APPLICANT_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "public_welfare",
    "legal_services",
    "other_org",
)


def outcome_row(outcome: Outcome | str, format_id: str) -> str:
    """The leaf row of table 三 that a concluded case with ``outcome`` counts in."""
    code = Outcome(outcome).value
    for entry in load_format(format_id).data["outcome_to_row"]:
        if entry["code"] == code:
            return entry["row"]
    raise KeyError(f"outcome {code} has no row in {format_id}")


def _open_at_end_of(app: Application, day: date) -> bool:
    """Received by ``day`` and not concluded by the end of it."""
    return app.counted_from <= day and (app.concluded_on is None or app.concluded_on > day)


@dataclass(frozen=True)
class YearCases:
    received: list[Application]  # received during the year (新收)
    carried_in: list[Application]  # received before 1 January, still open then (上年结转)
    concluded: list[Application]  # concluded during the year (办理结果)
    carried_out: list[Application]  # still open at the end of 31 December (结转下年度)


def year_cases(agency, year: int) -> YearCases:
    first, last = date(year, 1, 1), date(year, 12, 31)
    previous_end = date(year - 1, 12, 31)
    cases = [
        app
        for app in Application.objects.filter(agency=agency).order_by("pk")
        if app.counted_from <= last
    ]
    return YearCases(
        received=[a for a in cases if first <= a.counted_from],
        carried_in=[a for a in cases if _open_at_end_of(a, previous_end)],
        concluded=[a for a in cases if a.concluded_on and first <= a.concluded_on <= last],
        carried_out=[a for a in cases if _open_at_end_of(a, last)],
    )


def t3_cells(agency, year: int, format_id: str | None = None) -> dict[str, int]:
    """Every cell of table 三 for ``agency`` and ``year``, as ``t3.<row>.<column>``."""
    fmt = load_format(format_id or format_id_for_year(year))
    table = fmt.table("t3")
    cases = year_cases(agency, year)
    counts: Counter[tuple[str, str]] = Counter()
    for row, group in (
        ("new_received", cases.received),
        ("carried_in", cases.carried_in),
        ("carried_out", cases.carried_out),
    ):
        for app in group:
            counts[row, app.applicant_column] += 1
    for app in cases.concluded:
        # Every concluded case has exactly one outcome (T3_COUNT_ONCE).
        counts[outcome_row(app.outcome, fmt.id), app.applicant_column] += 1
        counts["results_total", app.applicant_column] += 1
    cells = {}
    for row in table.rows:
        for column in APPLICANT_COLUMNS:
            cells[f"t3.{row.id}.{column}"] = counts[row.id, column]
        cells[f"t3.{row.id}.total"] = sum(counts[row.id, c] for c in APPLICANT_COLUMNS)
    return cells
