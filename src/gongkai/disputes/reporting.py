"""The register's figures: table 四 of the annual report and the register's own summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from django.db.models import Q

from gongkai.disputes.models import Remedy, RemedyKind, RemedyResult
from gongkai.rules.formats import format_id_for_year, load_format


def t4_entries(agency, year: int) -> Iterator[tuple[Remedy, RemedyResult]]:
    """The cases of ``year``'s table 四 with the column each is counted in.

    A case accepted during ``year`` counts there: with its result if decided by 31 December,
    else as 尚未审结. A case accepted in an earlier year and decided during ``year`` counts
    again, with its result, in ``year``'s table (our reading of the format, which has no note
    on cases that cross a year: docs/legal-provisions.md, "Table 四 across years").
    A case still pending through a whole year in between is in neither table of that year.
    """
    last = date(year, 12, 31)
    remedies = (
        Remedy.objects.filter(application__agency=agency)
        .filter(Q(filed_on__year=year) | Q(filed_on__year__lt=year, concluded_on__year=year))
        .select_related("application")
        .order_by("filed_on", "pk")
    )
    for remedy in remedies:
        decided = remedy.concluded_on is not None and remedy.concluded_on <= last
        yield remedy, RemedyResult(remedy.result) if decided else RemedyResult.PENDING


def t4_cells(agency, year: int, format_id: str | None = None) -> dict[str, int]:
    """Table 四 of ``year`` (see :func:`t4_entries` for which cases it counts)."""
    fmt = load_format(format_id or format_id_for_year(year))
    counts: Counter[str] = Counter()
    for remedy, result in t4_entries(agency, year):
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
