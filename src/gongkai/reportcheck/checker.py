"""The report check (年报体检): read one report and list its findings.

``check_document`` is the whole pipeline for a Document; ``check_file`` adds reading and
turns any failure to read into a finding. Each call builds its own state, so documents
can be checked concurrently.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from gongkai.rules.formats import (
    PRE2019,
    ReportFormat,
    all_formats,
    format_for_year,
    format_id_for_year,
    load_format,
)

from . import ids
from .document_checks import DocumentChecks
from .readers import Document, UnreadableError, read_path_bytes
from .structure import (
    Heading,
    canon_lines,
    detect_agency,
    detect_year,
    find_headings,
    looks_pre2019,
    table_regions,
    top_headings_text,
    version_markers,
)
from .table_checks import TableChecks
from .tables import read_cells

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Finding:
    rule: str
    severity: str  # error | warning | info
    message: str
    evidence: str = ""
    status: str = "fail"  # fail | unverifiable | notice
    location: str | None = None  # section or table id
    cells: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    path: str
    format: str  # gb2019 | gb2021 | pre2019 | unknown
    year: int | None
    agency: str | None
    cells: dict[str, int | float | None]
    findings: list[Finding]
    truncated: bool = False
    # Cells the reader saw the row of but could not place a value in (null in ``cells``,
    # like blanks, but never counted as blank).
    unlocated: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "format": self.format,
            "year": self.year,
            "agency": self.agency,
            "truncated": self.truncated,
            "cells": dict(self.cells),
            "unlocated": list(self.unlocated),
            "findings": [f.to_dict() for f in self.findings],
        }

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}


def check_file(path: str | Path) -> Report:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _unreadable(str(path), str(exc.strerror or exc))
    return check_bytes(path.name, data, display_path=str(path))


def check_bytes(name: str, data: bytes, display_path: str | None = None) -> Report:
    shown = display_path or name
    try:
        doc = read_path_bytes(name, data)
    except UnreadableError as exc:
        return _unreadable(shown, str(exc))
    except Exception as exc:  # a reader library failing on hostile input is still a finding
        return _unreadable(shown, f"读取失败（{exc.__class__.__name__}）")
    return check_document(doc, shown)


def _unreadable(path: str, why: str) -> Report:
    finding = Finding(ids.UNREADABLE, "error", f"文件无法读取：{why}", status="fail")
    return Report(path, "unknown", None, None, {}, [finding])


def check_document(
    doc: Document,
    path: str = "<document>",
    previous: dict[str, int | float | None] | None = None,
    previous_format: str | None = None,
) -> Report:
    return _Check(doc, path, previous, previous_format).run()


class _Check(DocumentChecks, TableChecks):
    """State of one check; created per document."""

    def __init__(self, doc: Document, path: str, previous, previous_format):
        self.doc = doc
        self.path = path
        self.previous = previous
        self.previous_format = previous_format
        self.lines = canon_lines(doc)
        self.findings: list[Finding] = []

    def add(self, rule, severity, message, evidence="", status="fail", location=None, cells=()):
        self.findings.append(
            Finding(rule, severity, message, _clip(evidence), status, location, list(cells))
        )

    def run(self) -> Report:
        doc = self.doc
        text = "\n".join(self.lines)
        headings = find_headings(doc)
        s1 = next((h for h in headings if h.section == "s1"), None)
        head_end = s1.line if s1 else min(len(self.lines), 25)
        years = detect_year(self.lines, head_end)
        agency = detect_agency(self.lines, head_end)
        year = years.year
        markers = version_markers(text)
        by_year = format_for_year(year) if year else None

        if not self._looks_like_report(text, headings, markers):
            self.add(
                ids.NOT_A_REPORT,
                "error",
                "未识别为政府信息公开工作年度报告：没有年报的标题、章节或表格",
                evidence=" ".join(self.lines[:3]),
            )
            return self._report("unknown", year, agency, {}, False)

        fmt_id = self._detect_format(markers, year, by_year, headings)
        # The pre-2019 outline differs (no 六), so completeness is judged on the new one only.
        truncated = fmt_id != PRE2019 and self._truncated(headings)
        if truncated:
            last = headings[-1].raw if headings else (doc.lines[-1] if doc.lines else "")
            self.add(
                ids.INCOMPLETE,
                "warning",
                "文本不完整（在报告结束前中断）：中断处之后的表格和章节无法核验，"
                "不作为勾稽关系错误报告",
                evidence=doc.lines[-1] if doc.lines else last,
                status="unverifiable",
            )
        self._check_years(years, year)
        if year is None:
            self.add(ids.YEAR_UNKNOWN, "warning", "无法从标题、统计期限或正文确定报告年度")

        if fmt_id == PRE2019:
            self._check_pre2019(year)
            return self._report(fmt_id, year, agency, {}, truncated)
        if fmt_id == "unknown" and by_year is None:
            return self._report(fmt_id, year, agency, {}, truncated)

        # No table shows the version (text cut before them, or tables published as images):
        # the outline is still checked against the version the year requires.
        fmt = load_format(fmt_id) if fmt_id != "unknown" else by_year
        self._check_version(fmt, by_year, markers, year)
        self._check_sections(fmt, headings, truncated)
        self._check_numbering(fmt, headings)
        self._check_years_in_text(headings, year)
        regions = table_regions(fmt, doc, headings)
        cells = read_cells(fmt, doc, regions, truncated)
        self._check_tables(fmt, cells, regions, truncated, headings)
        self._check_rules(fmt, cells, truncated)
        self._check_labels(fmt, cells)
        self._check_fee_reporting(fmt, headings, truncated)
        self._check_narrative(headings, year)
        self._check_items_and_decisions(fmt, cells)
        same = fmt_id == fmt.id
        return self._report(
            fmt_id,
            year,
            agency,
            cells.values if same else {},
            truncated,
            [c for c in fmt.cell_ids() if c in cells.unlocated] if same else [],
        )

    def _report(self, fmt_id, year, agency, cells, truncated, unlocated=()) -> Report:
        findings = sorted(self.findings, key=lambda f: SEVERITY_ORDER[f.severity])
        return Report(self.path, fmt_id, year, agency, cells, findings, truncated, list(unlocated))

    # -- document level ----------------------------------------------------------------

    def _looks_like_report(self, text, headings, markers) -> bool:
        if any(markers.values()):
            return True
        if "公开" not in text:
            return False
        return bool(headings) or "年度报告" in text or "年报" in text

    def _detect_format(self, markers, year, by_year: ReportFormat | None, headings) -> str:
        counts = {v: len(found) for v, found in markers.items() if found}
        if counts:
            return max(counts, key=counts.get)
        if year is not None and format_id_for_year(year) == PRE2019:
            return PRE2019
        if looks_pre2019(top_headings_text(self.lines)) and not any(
            h.section == "s3" and "收到和处理" in h.title for h in headings
        ):
            return PRE2019
        return "unknown"

    def _truncated(self, headings: list[Heading]) -> bool:
        if any(h.section == "s6" for h in headings):
            return False
        tail = next((ln for ln in reversed(self.lines) if ln), "")
        has_s5 = any(h.section == "s5" for h in headings)
        # Stored copies stop mid-sentence; a complete page may end in a short line of site
        # chrome ("扫一扫在手机打开当前页") instead.
        ends_cleanly = bool(re.search(r"[。!?”」)]$", tail)) or len(tail) < 30
        return not (has_s5 and ends_cleanly)

    def _check_pre2019(self, year):
        # The first year of the earliest format was a year of transition (gb2019's note:
        # "encouraged … could follow it loosely"); after it the old structure is an error.
        first = min(f.first_year for f in all_formats())
        fmt = format_for_year(year) if year is not None else None
        if fmt is not None:
            self.add(
                ids.FORMAT_MISMATCH,
                "warning" if year == first else "error",
                f"{year} 年度报告仍使用 {first} 年以前的旧结构，应使用统一格式"
                f"（{fmt.document_number}）",
                evidence="；".join(top_headings_text(self.lines)[:4]),
            )
        else:
            self.add(
                ids.PRE2019_REPORT,
                "info",
                f"{first} 年以前的年度报告：统一格式尚未施行，不按表格勾稽关系检查",
                status="notice",
            )

    def _check_version(self, fmt: ReportFormat, by_year, markers, year):
        if by_year is None or by_year.id == fmt.id:
            foreign = (
                []
                if by_year is None
                else markers.get(next((v for v in markers if v != by_year.id), ""), [])
            )
        else:
            foreign = markers.get(fmt.id, [])
        if by_year is not None and foreign:
            severity = "warning" if year == by_year.first_year else "error"
            self.add(
                ids.FORMAT_MISMATCH,
                severity,
                f"{year} 年度报告应使用 {by_year.id}（{by_year.document_number}），"
                f"但出现了其他版本格式的行/列：{'、'.join(foreign)}",
                evidence="、".join(foreign),
                location="s2",
            )


def _clip(text: str, limit: int = 300) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
