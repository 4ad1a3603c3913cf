"""The site group's report: its agencies' tables summed cell by cell (the supervisor's
rollup), with the agencies that cannot be counted and why.

Only published reports are summed (a report a government's area report already added up
is not summed again) — their frozen cells are what the agency stated — and
only those in the format of the year, since cells of two format versions do not add up.
:func:`sum_cells` is pure; :func:`build_rollup` reads the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from gongkai.agencies.models import Agency
from gongkai.reports.exports import ReportData
from gongkai.reports.records import AnnualReport, ReportVersion
from gongkai.reports.validate import validate
from gongkai.rules.formats import ReportFormat, format_for_year

Number = int | float

MISSING = "missing"
DRAFT = "draft"
PUBLISHED = "published"
STATUS_LABELS = {MISSING: _("未编制"), DRAFT: _("未发布（草稿）"), PUBLISHED: _("已发布")}


def _tidy(total: Decimal) -> Number:
    # Amounts (万元) may carry decimals; counts stay integers in the output.
    return int(total) if total == total.to_integral_value() else float(total)


def sum_cells(cell_ids: Iterable[str], tables: Iterable[Mapping[str, Number | None]]) -> dict:
    """Add ``tables`` (cell id -> number) cell by cell over ``cell_ids``, in that order.

    Decimal arithmetic so that 0.1 + 0.2 万元 is 0.3, not 0.30000000000000004. A cell
    left blank (None or absent) adds nothing; a cell blank in every table stays None.
    """
    ids = list(cell_ids)
    totals: dict[str, Decimal | None] = dict.fromkeys(ids)
    for cells in tables:
        for cell_id in ids:
            value = cells.get(cell_id)
            if value is None:
                continue
            previous = totals[cell_id]
            totals[cell_id] = (previous or Decimal(0)) + Decimal(str(value))
    return {cell_id: None if t is None else _tidy(t) for cell_id, t in totals.items()}


@dataclass(frozen=True)
class Member:
    """One agency of the site group as the rollup sees it."""

    agency: object
    status: str  # missing | draft | published
    format_id: str | None = None
    errors: int = 0
    format_matches: bool = True
    # Added up already by its people's government's area report (issue 19): not again.
    covered: bool = False

    @property
    def included(self) -> bool:
        return self.status == PUBLISHED and self.format_matches and not self.covered

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Rollup:
    year: int
    format: ReportFormat
    group_name: str
    cells: dict
    members: list[Member] = field(default_factory=list)

    @property
    def included(self) -> list[Member]:
        return [m for m in self.members if m.included]

    @property
    def missing(self) -> list[Member]:
        return [m for m in self.members if m.status == MISSING]

    @property
    def unpublished(self) -> list[Member]:
        return [m for m in self.members if m.status == DRAFT]

    @property
    def failing(self) -> list[Member]:
        return [m for m in self.members if m.errors]

    @property
    def covered(self) -> list[Member]:
        return [m for m in self.members if m.covered]

    @property
    def mismatched(self) -> list[Member]:
        return [m for m in self.members if m.status != MISSING and not m.format_matches]


def group_name() -> str:
    """The site group's name: the default Wagtail site's, else the configured one."""

    site = Site.objects.filter(is_default_site=True).first()
    return (site.site_name if site and site.site_name else "") or settings.WAGTAIL_SITE_NAME


def build_rollup(year: int) -> Rollup:
    """Sum the published reports of every agency for ``year``; ValueError for a year that
    has no report format."""

    fmt = format_for_year(year)
    if fmt is None:
        raise ValueError(f"{year}年没有年报格式")
    reports = {
        r.agency_id: r for r in AnnualReport.objects.filter(year=year).select_related("agency")
    }
    covered = _covered_by_area_reports(reports.values())
    members, tables = [], []
    for agency in Agency.objects.all():
        report = reports.get(agency.pk)
        if report is None:
            members.append(Member(agency, MISSING))
            continue
        errors = len(validate(report).errors)
        matches = report.format_id == fmt.id
        # The newest published version (a correction under way leaves it in place).
        published = report.is_published and report.published_cells is not None
        member = Member(
            agency,
            PUBLISHED if published else DRAFT,
            report.format_id,
            errors,
            matches,
            covered=published and report.pk in covered,
        )
        members.append(member)
        if member.included:
            tables.append(report.published_cells)
    return Rollup(year, fmt, group_name(), sum_cells(fmt.cell_ids(), tables), members)


def _covered_by_area_reports(reports) -> set[int]:
    """The reports that a published area report of a people's government added up (its
    newest version's ``covers``)."""
    published = [r.pk for r in reports if r.is_published]
    newest: dict[int, list] = {}
    for report_id, covers in (
        ReportVersion.objects.filter(report_id__in=published)
        .order_by("report_id", "number")
        .values_list("report_id", "covers")
    ):
        newest[report_id] = covers
    return {pk for covers in newest.values() for pk in covers or ()}


def report_data(rollup: Rollup):
    """The rollup in the single report's shape, for the JSON and CSV exporters."""

    return ReportData(
        SimpleNamespace(name=rollup.group_name), rollup.year, rollup.format, rollup.cells, {}
    )
