"""The report check (年报体检): read one report and list its findings.

``check_document`` is the whole pipeline for a Document; ``check_file`` adds reading and
turns any failure to read into a finding. Each call builds its own state, so documents
can be checked concurrently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.rules.formats import PRE2019, ReportFormat, RuleResult, format_for_year, load_format

from . import ids, narrative
from .labels import WRONG_LABELS
from .readers import Document, UnreadableError, read_path_bytes
from .structure import (
    Heading,
    canon_lines,
    detect_agency,
    detect_year,
    find_headings,
    looks_pre2019,
    numeral_value,
    table_regions,
    top_headings_text,
    version_markers,
)
from .tables import BLANK, MISSING, UNLOCATED, WHY_COLLAPSED, CellRead, read_cells

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
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "evidence": self.evidence,
            "status": self.status,
            "location": self.location,
            "cells": list(self.cells),
        }


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


class _Check:
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
        if year is not None and year < 2019:
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
        if year is not None and year >= 2019:
            severity = "warning" if year == 2019 else "error"
            self.add(
                ids.FORMAT_MISMATCH,
                severity,
                f"{year} 年度报告仍使用 2019 年以前的旧结构，应使用统一格式"
                f"（{format_for_year(year).document_number}）",
                evidence="；".join(top_headings_text(self.lines)[:4]),
            )
        else:
            self.add(
                ids.PRE2019_REPORT,
                "info",
                "2019 年以前的年度报告：统一格式尚未施行，不按表格勾稽关系检查",
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

    def _check_years(self, years, year):
        if years.title_year and years.period_year and years.title_year != years.period_year:
            self.add(
                ids.YEAR_MISMATCH,
                "error",
                f"标题年度 {years.title_year} 与统计期限年度 {years.period_year} 不一致",
                evidence=f"{years.title_text} / {years.period_text}",
            )

    def _check_sections(self, fmt: ReportFormat, headings: list[Heading], truncated: bool):
        problems, evidence = [], []
        seen: dict[str, Heading] = {}
        order = [s.id for s in fmt.sections]
        last_index = -1
        for h in headings:
            section = fmt.section(h.section)
            if h.section in seen:
                problems.append(f"“{section.title}”重复出现")
                evidence.append(h.raw)
                continue
            seen[h.section] = h
            index = order.index(h.section)
            if index < last_index:
                problems.append(f"“{section.title}”顺序错误")
                evidence.append(h.raw)
            last_index = max(last_index, index)
            value = numeral_value(h.numeral)
            if value != index + 1:
                printed = h.numeral or "（无编号）"
                problems.append(f"“{section.title}”应编号为“{section.number}”，实为“{printed}”")
                evidence.append(h.raw)
        found_last = max((order.index(s) for s in seen), default=-1)
        for index, section_id in enumerate(order):
            if section_id in seen:
                continue
            if truncated and index > found_last:
                continue  # after the cut: unknown, not missing
            problems.append(f"缺少“{fmt.section(section_id).heading}”")
        if problems:
            self.add(
                "X_SECTIONS_ORDER",
                "error",
                "一级标题应为 一～六 各一次、按顺序：" + "；".join(problems),
                evidence=" / ".join(evidence),
                location="document",
            )

    def _section_lines(self, headings: list[Heading], section: str) -> tuple[int, int] | None:
        h = next((h for h in headings if h.section == section), None)
        if h is None:
            return None
        end = next((g.line for g in headings if g.line > h.line), len(self.lines))
        return h.line + 1, end

    def _check_numbering(self, fmt: ReportFormat, headings: list[Heading]):
        sub = re.compile(r"^\(?([一二三四五六七八九十]{1,3})\)")
        item = re.compile(r"^(\d{1,2})[.、)](?![\d%])")
        for section in fmt.sections:
            if section.kind != "text":
                continue
            span = self._section_lines(headings, section.id)
            if span is None:
                continue
            sub_problems, sub_ev, item_problems, item_ev = [], [], [], []
            prev_sub = prev_item = 0
            for n in range(*span):
                line, raw = self.lines[n], self.doc.lines[n]
                if m := sub.match(line):
                    value = numeral_value(m.group(1))
                    if value != prev_sub + 1:
                        sub_problems.append(_sequence_problem("（", "）", prev_sub, value, cn=True))
                        sub_ev.append(raw)
                    prev_sub, prev_item = value, 0
                elif m := item.match(line):
                    value = int(m.group(1))
                    if value != prev_item + 1:
                        item_problems.append(_sequence_problem("", ".", prev_item, value))
                        item_ev.append(raw)
                    prev_item = value
            if sub_problems:
                self.add(
                    ids.SUBHEADING_NUMBERING,
                    "error",
                    f"“{section.title}”下的小标题编号不连续：" + "；".join(sub_problems),
                    evidence=" / ".join(sub_ev),
                    location=section.id,
                )
            if item_problems:
                self.add(
                    ids.LIST_NUMBERING,
                    "error",
                    f"“{section.title}”下的条目编号不连续：" + "；".join(item_problems),
                    evidence=" / ".join(item_ev),
                    location=section.id,
                )

    def _check_narrative(self, headings: list[Heading], year: int | None):
        if year is None:
            return
        for section in ("s1", "s5", "s6"):
            span = self._section_lines(headings, section)
            if span is None:
                continue
            events = narrative.events_of_other_years(self.lines, span, year)
            if events:
                self.add(
                    ids.EVENT_OF_OTHER_YEAR,
                    "warning",
                    f"{year} 年度报告叙述了其他年度的活动："
                    + "、".join(f"“{theme}”是 {y} 年的主题" for theme, y, _ in events)
                    + "（疑为沿用往年报告）",
                    evidence=" / ".join(self.doc.lines[n] for _, _, n in events),
                    location=section,
                )
            cuts = narrative.partial_year_counts(self.lines, span, year)
            if cuts:
                self.add(
                    ids.PARTIAL_YEAR,
                    "warning",
                    "统计截止于年底之前，年度报告应统计全年（1月1日至12月31日）："
                    + "、".join(f"“{cut}”" for cut, _ in cuts),
                    evidence=" / ".join(self.doc.lines[n] for _, n in cuts),
                    location=section,
                )
        last = next((h for h in reversed(headings) if h.section == "s6"), None)
        if last is not None:
            extra = narrative.unnumbered_blocks(self.lines, last.line + 1)
            if extra:
                self.add(
                    ids.UNNUMBERED_SECTION,
                    "warning",
                    "“六、其他需要报告的事项”之后有格式之外、未编号的部分："
                    + "、".join(f"“{self.doc.lines[n].strip()}”" for n in extra)
                    + "（其内容应归入“五、存在的主要问题及改进情况”）",
                    evidence=" / ".join(self.doc.lines[n] for n in extra),
                    location="document",
                )

    def _check_items_and_decisions(self, fmt: ReportFormat, cells: CellRead):
        tables = tuple(t for t in ("t2_art20_5", "t2_art20_6") if fmt.has_table(t))
        if not fmt.has_cell("t2_art20_5.admin_license.prev_year_items"):
            return
        by_table: dict[str, list[str]] = {}
        for row in narrative.items_told_as_decisions(cells.values, tables):
            by_table.setdefault(row.split(".")[0], []).append(row)
        columns = ("prev_year_items", "change", "decisions")
        for table_id, rows in by_table.items():
            table = fmt.table(table_id)
            parts = []
            for row in rows:
                label = next(r.label for r in table.rows if r.id == row.split(".")[1])
                prev, change, decisions = (cells.values[f"{row}.{c}"] for c in columns)
                parts.append(f"“{label}” {prev} + {change} = {decisions}")
            self.add(
                ids.ITEMS_AS_DECISIONS,
                "warning",
                "上一年项目数量 + 本年增/减 = 处理决定数量，项目（事项）数与处理决定数疑似混填："
                + "；".join(parts),
                evidence="；".join(parts),
                location=table_id,
                cells=[f"{row}.{c}" for row in rows for c in columns],
            )

    def _check_years_in_text(self, headings: list[Heading], year: int | None):
        if year is None:
            return
        # A year that opens a paragraph ("2019年,我镇…") or says "so far" ("2019年截至目前")
        # claims to describe the report year.
        claim = re.compile(
            r"(?:^(\d{4})年度?,|(?:^|[^\d年月-])(\d{4})年度?(?:截至目前|至今|"
            r",(?=我|全|本|[^\d]{0,8}(?:共|累计))|全年共))"
        )
        for section in ("s1", "s5", "s6"):
            span = self._section_lines(headings, section)
            if span is None:
                continue
            hits = []
            for n in range(*span):
                for m in claim.finditer(self.lines[n]):
                    found = int(m.group(1) or m.group(2))
                    if 2000 <= found < year:
                        hits.append((found, self.doc.lines[n]))
            if hits:
                listed = "、".join(sorted({str(y) for y, _ in hits}))
                self.add(
                    ids.YEAR_IN_TEXT,
                    "warning",
                    f"{year} 年度报告的正文把 {listed} 年的情况当作本年度叙述",
                    evidence=" / ".join(raw for _, raw in hits),
                    location=section,
                )

    # -- tables --------------------------------------------------------------------------

    def _check_tables(self, fmt: ReportFormat, cells: CellRead, regions, truncated, headings):
        cut_at = len(self.doc.tokens)
        for table in fmt.tables:
            read = cells.tables[table.id]
            if not read.found:
                if truncated and not self._section_closed(headings, table.section):
                    continue
                self.add(
                    ids.TABLE_MISSING,
                    "error",
                    f"未找到表格“{table.caption or fmt.section(table.section).heading}”"
                    "（可能以图片发布或被删去）",
                    location=table.id,
                    cells=table.cell_ids(),
                )
                continue
            cut_region = truncated and read.end >= cut_at
            missing_rows = [
                r
                for r in table.rows
                if r.id not in read.rows
                and cells.state.get(f"{table.id}.{r.id}.{table.columns[0].id}") != UNLOCATED
            ]
            if missing_rows and not cut_region:
                self.add(
                    ids.ROW_MISSING,
                    "error",
                    f"表格缺少行：{'、'.join(r.label for r in missing_rows)}",
                    location=table.id,
                    cells=[
                        f"{table.id}.{r.id}.{c.id}" for r in missing_rows for c in table.columns
                    ],
                )
            extras = [t for row in read.rows.values() for t in row.extras]
            if extras:
                self.add(
                    ids.EXTRA_CELL,
                    "warning",
                    "表格行中有多余的单元格（表格没有该列）：" + "、".join(t.raw for t in extras),
                    evidence=" ".join(t.raw for t in extras),
                    location=table.id,
                )
            if read.unknown_rows:
                self.add(
                    ids.EXTRA_ROW,
                    "warning",
                    "表格中有格式之外的行：" + "、".join(t.raw for t in read.unknown_rows),
                    evidence=" / ".join(t.raw for t in read.unknown_rows),
                    location=table.id,
                )
            self._unlocated(fmt, table, cells)

    def _unlocated(self, fmt: ReportFormat, table, cells: CellRead):
        """One info finding per table naming the cells the reader could not place, and
        why. The rules needing them come out "unverifiable", never failed."""
        mine = [c for c in table.cell_ids() if c in cells.unlocated]
        if not mine:
            return
        reasons: dict[str, list[str]] = {}
        for cell_id in mine:
            reasons.setdefault(cells.unlocated[cell_id], []).append(cell_id)
        parts = []
        for why, group in reasons.items():
            rows = []
            for cell_id in group:
                row_id = cell_id.split(".")[1]
                label = next(r.label for r in table.rows if r.id == row_id)
                if label not in rows:
                    rows.append(label)
            shown = "、".join(rows[:6]) + ("…" if len(rows) > 6 else "")
            parts.append(f"{why}：{shown}（{len(group)} 个单元格）")
        self.add(
            ids.UNLOCATED,
            "info",
            "以下单元格未能定位，相关勾稽关系无法核验：" + "；".join(parts),
            evidence="；".join(parts),
            status="unverifiable",
            location=table.id,
            cells=mine,
        )

    def _section_closed(self, headings, section: str) -> bool:
        order = ["s1", "s2", "s3", "s4", "s5", "s6"]
        later = order[order.index(section) + 1 :]
        return any(h.section in later for h in headings)

    def _check_rules(self, fmt: ReportFormat, cells: CellRead, truncated: bool):
        results = fmt.evaluate(cells.values, self.previous, self.previous_format)
        grouped: dict[tuple[str, str | None], list[RuleResult]] = {}
        for result in results:
            grouped.setdefault((result.rule, result.table), []).append(result)
        for (rule_id, table_id), group in grouped.items():
            rule = fmt.rule(rule_id)
            if rule.check == "no_blanks":
                self._no_blanks(fmt, rule, table_id, cells, truncated)
                continue
            if rule.check == "nonnegative":
                bad = [c for r in group if r.status == "fail" for c in r.cells]
                if bad:
                    self.add(
                        rule_id,
                        rule.severity,
                        "计数应为非负整数（“本年增/减”可为负）："
                        + "、".join(f"{fmt.cell_label(c)} = {cells.values[c]}" for c in bad),
                        evidence="、".join(str(cells.values[c]) for c in bad),
                        location=table_id,
                        cells=bad,
                    )
                continue
            # A rule touching a cell the text never reached is not evaluated at all.
            group = [
                r
                for r in group
                if not any(
                    cells.state.get(c.split("@")[0]) == MISSING
                    for c in r.blank_cells
                    if "@" not in c
                )
            ]
            failed = [r for r in group if r.status == "fail"]
            blank = [r for r in group if r.status == "unverifiable"]
            if failed:
                parts = [
                    f"{_instance(fmt, r)}：{r.lhs} {'≠' if r.op == '==' else '>'} {r.rhs}"
                    for r in failed
                ]
                self.add(
                    rule_id,
                    rule.severity,
                    f"{rule.zh} 不成立——" + "；".join(parts),
                    evidence="；".join(parts),
                    location=table_id,
                    cells=sorted({c for r in failed for c in r.cells}),
                )
            elif blank:
                order = {c: i for i, c in enumerate(fmt.cell_ids())}
                blanks = sorted(
                    {c for r in blank for c in r.blank_cells},
                    key=lambda c: order.get(c, len(order)),
                )
                # Unverifiable for cells the reader could not place is the reader's
                # limit, not the report's: info. Blank cells make it the report's: warning.
                only_unlocated = all(
                    cells.state.get(c) == UNLOCATED for c in blanks if "@" not in c
                )
                self.add(
                    rule_id,
                    "info" if only_unlocated else "warning",
                    (
                        f"无法核验（单元格未能定位）：{rule.zh}"
                        if only_unlocated
                        else f"无法核验（单元格为空，不能视为通过）：{rule.zh}"
                    ),
                    evidence="、".join(fmt.cell_label(c) for c in blanks[:6])
                    + (f" 等 {len(blanks)} 个单元格" if len(blanks) > 6 else ""),
                    status="unverifiable",
                    location=table_id,
                    cells=blanks,
                )

    def _no_blanks(self, fmt, rule, table_id, cells: CellRead, truncated):
        table = fmt.table(table_id)
        read = cells.tables[table_id]
        if not read.found:
            return
        blank = [c for c in table.cell_ids() if cells.state.get(c) == BLANK]
        # A row never found in a table the text shows in full is as empty as a blank row.
        if not truncated:
            blank += [
                c
                for c in table.cell_ids()
                if cells.state.get(c) == MISSING and c.split(".")[1] not in read.rows
            ]
        # Text that collapsed a row's empty cells still shows that it has some: fewer
        # values than columns. Which cells are empty is unknown, that some are is not. A PDF
        # may lose values in reading, so only text layouts say so.
        if self.doc.source.startswith("text"):
            for row in table.rows:
                got = read.rows.get(row.id)
                if got is None or not got.uncertain or got.cut or got.why != WHY_COLLAPSED:
                    continue
                # Counted in digits: even a row whose cells ran together cannot fill
                # more cells than it has digits.
                digits = sum(len(re.sub(r"\D", "", t.raw)) for t in got.slots if t.kind == "num")
                if digits < len(table.columns):
                    blank += [
                        f"{table_id}.{row.id}.{c.id}"
                        for c in table.columns
                        if cells.state.get(f"{table_id}.{row.id}.{c.id}") == UNLOCATED
                    ]
        if not blank:
            return
        total = len(table.cell_ids())
        names, evidence = [], []
        empty = set(blank)
        for row in table.rows:
            prefix = f"{table_id}.{row.id}."
            row_blank = [c for c in table.cell_ids() if c.startswith(prefix) and c in empty]
            if not row_blank:
                continue
            if row.label.startswith("(single unlabeled"):
                # Table 四's one data row has no label of its own (its first cell is a
                # number): name the empty cells by their columns instead.
                labels = [fmt.cell_label(c) for c in row_blank]
                names += labels
                evidence += labels
            else:
                names.append(row.label)
                if row.id in read.rows:
                    evidence.append(read.rows[row.id].label_token.raw)
        self.add(
            rule.id,
            rule.severity,
            f"{len(blank)}/{total} 个数据单元格为空（无数据应填 0）："
            + "、".join(names[:8])
            + ("…" if len(names) > 8 else ""),
            evidence=" / ".join(evidence)[:300],
            location=table_id,
            cells=sorted(blank),
        )

    def _check_labels(self, fmt: ReportFormat, cells: CellRead):
        for table_id, wrong in WRONG_LABELS.items():
            read = cells.tables.get(table_id)
            if read is None or not read.found:
                continue
            found = {}
            for tok in self.doc.tokens[read.start : read.end]:
                if tok.kind != "text":
                    continue
                for bad, good in wrong.items():
                    if bad in tok.text and good not in tok.text:
                        found.setdefault(bad, (good, tok.raw))
            if found:
                self.add(
                    "X_LABELS_EXACT",
                    "warning",
                    "表头/行标题与模板不一致："
                    + "；".join(f"“{bad}”应为“{good}”" for bad, (good, _) in found.items()),
                    evidence=" / ".join(raw for _, raw in found.values()),
                    location=table_id,
                )

    def _check_fee_reporting(self, fmt: ReportFormat, headings, truncated):
        rule = next((r for r in fmt.rules if r.id == "S6_FEE_REPORTING"), None)
        if rule is None:
            return
        span = self._section_lines(headings, "s6")
        if span is None:
            return  # missing 六 is reported by X_SECTIONS_ORDER
        text = "".join(self.lines[span[0] : span[1]])
        if not re.search(r"处理费|收费", text):
            self.add(
                rule.id,
                rule.severity,
                "“六、其他需要报告的事项”未报告信息处理费收取情况",
                evidence=text[:120],
                location="s6",
            )


def _instance(fmt: ReportFormat, result: RuleResult) -> str:
    if not result.instance:
        return "合计"
    value = next(iter(result.instance.values()))
    table = fmt.table(result.table) if fmt.has_table(result.table or "") else None
    if table is not None:
        for column in table.columns:
            if column.id == value:
                return column.label
        for row in table.rows:
            if row.id == value:
                return row.label
    return value


def _sequence_problem(open_, close, prev: int, value: int | None, cn: bool = False) -> str:
    def show(n):
        if n is None:
            return "?"
        return f"{open_}{_cn(n) if cn else n}{close}"

    if value is None:
        return "无法识别的编号"
    if value == prev:
        return f"{show(value)}重复"
    if value < prev:
        return f"{show(value)}出现在{show(prev)}之后"
    missing = "、".join(show(n) for n in range(prev + 1, value))
    return f"缺少{missing}"


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n <= 10:
        return "十" if n == 10 else digits[n]
    return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")


def _clip(text: str, limit: int = 300) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
