"""The register's figures: table 四 of the annual report and the register's own summary."""

from __future__ import annotations

from collections import Counter
from datetime import date

from gongkai.disputes.models import Remedy, RemedyKind, RemedyResult
from gongkai.rules.formats import format_id_for_year, load_format


def t4_cells(agency, year: int, format_id: str | None = None) -> dict[str, int]:
    """Table 四: reconsiderations and lawsuits accepted during ``year``; a case not decided
    by 31 December counts as 尚未审结."""
    fmt = load_format(format_id or format_id_for_year(year))
    last = date(year, 12, 31)
    counts: Counter[str] = Counter()
    remedies = Remedy.objects.filter(application__agency=agency, filed_on__year=year)
    for remedy in remedies:
        decided = remedy.concluded_on is not None and remedy.concluded_on <= last
        result = remedy.result if decided else RemedyResult.PENDING
        counts[f"{remedy.kind}_{result}"] += 1
        counts[f"{remedy.kind}_total"] += 1
    return {f"t4.count.{column.id}": counts[column.id] for column in fmt.table("t4").columns}


def register_summary(remedies) -> list[tuple[str, list[int], int]]:
    """Per kind: its label, the count of each result, and the kind's total."""
    counts = Counter((r.kind, r.result) for r in remedies)
    return [
        (
            kind.label,
            [counts[kind, result] for result in RemedyResult],
            sum(counts[kind, result] for result in RemedyResult),
        )
        for kind in RemedyKind
    ]
