"""The report check's document-level checks (年报体检): the sections and their numbering,
the years the text names, the narrative's tells (seed F05, F08, F11, F22) and the fee
paragraph. A mixin of ``checker._Check``: it reads ``self.lines`` and adds findings with
``self.add``.
"""

from __future__ import annotations

import re

from gongkai.rules.formats import ReportFormat

from . import ids, narrative
from .structure import Heading, numeral_value
from .tables import CellRead


class DocumentChecks:
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
            for rule, what, problems, evidence in (
                (ids.SUBHEADING_NUMBERING, "小标题", sub_problems, sub_ev),
                (ids.LIST_NUMBERING, "条目", item_problems, item_ev),
            ):
                if problems:
                    self.add(
                        rule,
                        "error",
                        f"“{section.title}”下的{what}编号不连续：" + "；".join(problems),
                        evidence=" / ".join(evidence),
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
