"""The report as data — JSON and CSV keyed by cell id (docs/annual-report-data.md) — and the
registry every output format joins.

A renderer (DOCX, PDF, HTML) is a function ``ReportData -> bytes`` registered with
:func:`register`; the ``gongkai report`` command and the web downloads look formats up in
:data:`EXPORTERS`, so adding one touches nothing else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from gongkai.csvfile import csv_text
from gongkai.reports import labels
from gongkai.reports.generate import GeneratedReport, generate
from gongkai.reports.narrative import draft_narrative
from gongkai.reports.records import AnnualReport, ReportVersion
from gongkai.rules.formats import ReportFormat, Table, load_format

CSV_HEADER = ("cell_id", "table", "row", "column", "value")


@dataclass(frozen=True)
class ReportData:
    """Everything a renderer needs: the cells of the format, the narrative by section id,
    and — for a report not yet published — the traced computation."""

    agency: object
    year: int
    format: ReportFormat
    cells: dict[str, int | float]
    narrative: dict[str, str]
    report: AnnualReport | None = None
    generated: GeneratedReport | None = None
    version: ReportVersion | None = None  # the published version shown

    @property
    def published(self) -> bool:
        return self.version is not None or (
            self.report is not None and self.report.is_published and self.generated is None
        )

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"


def report_data(agency, year: int, version: int | None = None) -> ReportData:
    """The published report's frozen cells and text (its newest version, or ``version``);
    otherwise the cells computed from the records now, with the stored draft's text (or a
    fresh draft when there is none). LookupError for a version that does not exist."""
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    versions = report.versions.order_by("-number") if report is not None else None
    if version is not None:
        published = versions.filter(number=version).first() if versions is not None else None
        if published is None:
            raise LookupError(f"No version {version}")
    else:
        published = versions.first() if versions is not None else None
    if published is not None:
        fmt = load_format(report.format_id)
        cells = {cell_id: published.cells[cell_id] for cell_id in fmt.cell_ids()}
        return ReportData(
            agency, year, fmt, cells, dict(published.narrative), report, version=published
        )
    if report is not None and report.is_published and report.published_cells is not None:
        # Published without a version row (stored by hand): its frozen cells still count.
        fmt = load_format(report.format_id)
        cells = {cell_id: report.published_cells[cell_id] for cell_id in fmt.cell_ids()}
        return ReportData(agency, year, fmt, cells, dict(report.narrative), report)
    generated = generate(agency, year, report.format_id if report else None)
    narrative = dict(report.narrative) if report else draft_narrative(generated)
    return ReportData(
        agency, year, generated.format, generated.numbers(), narrative, report, generated
    )


@dataclass(frozen=True)
class Block:
    """One piece of the report in reading order."""

    kind: str  # title | heading | subheading | paragraph | table
    text: str = ""  # for a table: its caption (第二十条第（一）项) or ""
    table: Table | None = None


_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")


def blocks(data: ReportData) -> list[Block]:
    """The report as every renderer lays it out: the title, then each section's heading
    (一、… 六、, from the format) followed by its text or its tables. Table cells are
    ``data.cells[f"{table.id}.{row.id}.{column.id}"]``; headers: ``labels.header_rows``."""
    out = [Block("title", data.title)]
    for section in data.format.sections:
        out.append(Block("heading", section.heading))
        if section.kind == "text":
            for line in data.narrative.get(section.id, "").splitlines():
                if line := line.strip():
                    out.append(
                        Block("subheading" if _SUBHEADING.match(line) else "paragraph", line)
                    )
        for table_id in section.tables:
            table = data.format.table(table_id)
            out.append(Block("table", table.caption or "", table))
    return out


def as_dict(data: ReportData) -> dict:
    return {
        "format": data.format.id,
        "year": data.year,
        "agency": data.agency.name,
        "cells": dict(data.cells),
    }


def render_json(data: ReportData) -> bytes:
    return (json.dumps(as_dict(data), ensure_ascii=False, indent=2) + "\n").encode()


def render_csv(data: ReportData) -> bytes:
    """UTF-8 with a BOM, so that Excel — what most offices open CSV with — reads Chinese."""
    rows = (
        [cell_id, *labels.cell_labels(data.format, cell_id), value]
        for cell_id, value in data.cells.items()
    )
    return csv_text(CSV_HEADER, rows, lineterminator="\n").encode()


@dataclass(frozen=True)
class Exporter:
    name: str  # the --format value
    media_type: str
    extension: str
    render: Callable[[ReportData], bytes]
    needs_file: bool = False  # binary documents are not written to a terminal


EXPORTERS: dict[str, Exporter] = {}

#: Formats the issue asks for; those without an exporter yet are refused clearly.
PLANNED_FORMATS = ("json", "csv", "docx", "pdf", "html")


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


register(Exporter("json", "application/json", "json", render_json))
register(Exporter("csv", "text/csv; charset=utf-8", "csv", render_csv))
