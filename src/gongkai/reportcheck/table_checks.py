"""The report check's table checks (年报体检): blank and unlocated cells, the format's
rules on the cells read, and the row and column labels. A mixin of ``checker._Check``.
"""

from __future__ import annotations

import re

from gongkai.rules.formats import ReportFormat, RuleResult

from . import ids
from .labels import WRONG_LABELS
from .tables import BLANK, MISSING, UNLOCATED, WHY_COLLAPSED, CellRead


class TableChecks:
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
