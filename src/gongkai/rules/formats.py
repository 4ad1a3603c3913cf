"""Report-format versions of the annual report (年报格式) as data, and their cross-checks.

Each version lives in ``data/formats/<id>.json``, transcribed from the research spec
``shared/spec/annual-report-formats.json`` with its ids, rules and sources. This module only
interprets those files: choosing a version by report year, naming every data cell
(``<table>.<row>.<column>``) and evaluating the arithmetic rules (勾稽关系) generically from
their ``lhs`` / ``op`` / ``rhs`` / ``for_each`` data. Adding a version is a data change.

Pure Python: the report generator and the report checker both import it; no Django here.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

DATA_DIR = Path(__file__).resolve().parent / "data" / "formats"

#: Format id for reports written before the 2019 Regulations took effect (no uniform tables).
PRE2019 = "pre2019"

Status = Literal["pass", "fail", "unverifiable"]
Number = int | float

# A difference smaller than this between two sums of money (万元 with decimals) is rounding.
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    value_type: str  # count | signed_count | money
    unit: str | None
    path: tuple[str, ...]  # labels of the header cells above it, outermost first


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    path: tuple[str, ...]  # labels of the group rows above it, outermost first


@dataclass(frozen=True)
class Table:
    id: str
    section: str
    caption: str | None
    stub_header: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    group_rows: tuple[Row, ...]  # rows that carry no numbers (e.g. （三）不予公开)

    def cell_ids(self) -> list[str]:
        return list(self._cell_ids)

    @cached_property
    def _cell_ids(self) -> tuple[str, ...]:
        return tuple(f"{self.id}.{r.id}.{c.id}" for r in self.rows for c in self.columns)

    def column(self, column_id: str) -> Column:
        return next(c for c in self.columns if c.id == column_id)

    def row(self, row_id: str) -> Row:
        return next(r for r in self.rows if r.id == row_id)


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: str
    kind: str
    tables: tuple[str, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    basis: str
    zh: str
    en: str
    kind: str | None = None
    scope: str | None = None  # "document": only a reader of the whole report can check it
    check: str | None = None  # generic cell check: "nonnegative" | "no_blanks"
    for_each: tuple[tuple[str, tuple[str, ...]], ...] = ()
    lhs: tuple[str, ...] = ()
    op: str | None = None
    rhs: tuple[str, ...] = ()
    previous_version: tuple[str, ...] = ()

    @property
    def is_cross_year(self) -> bool:
        return self.kind == "cross_year"

    @property
    def is_equation(self) -> bool:
        return self.op is not None


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one rule for one instance of its ``for_each`` variables.

    ``status`` is ``unverifiable`` whenever a cell the rule needs is blank (None) or absent:
    a blank is never read as 0, so a table of blanks never "passes".
    """

    rule: str
    severity: str
    status: Status
    cells: tuple[str, ...]
    instance: dict[str, str] = field(default_factory=dict)
    lhs: Number | None = None
    op: str | None = None
    rhs: Number | None = None
    blank_cells: tuple[str, ...] = ()
    table: str | None = None
    message: str = ""


class ReportFormat:
    """One version of the national report format, read from its data file."""

    def __init__(self, data: dict):
        self.data = data
        self.id: str = data["id"]
        self.title: str = data["title"]
        self.document_number: str = data["document_number"]
        years = data["applies_to_report_years"]
        self.first_year: int = years["from"]
        self.last_year: int | None = years.get("to")
        self.sources: list[dict] = list(data.get("sources", []))
        self.sections: tuple[Section, ...] = tuple(
            Section(s["id"], s["number"], s["title"], s["kind"], tuple(s["tables"]))
            for s in data["sections"]
        )
        self.tables: tuple[Table, ...] = tuple(_table(t) for t in data["tables"])
        self.rules: tuple[Rule, ...] = tuple(_rule(r) for r in data["rules"])
        # Words of rows and columns only this version has (a report using them in another
        # version's year used the wrong format), and the cells a narrative quotes.
        self.version_only_markers: tuple[str, ...] = tuple(data.get("version_only_markers", ()))
        self.narrative_cells: dict[str, str] = dict(data.get("narrative_cells", {}))
        self._tables = {t.id: t for t in self.tables}
        self._known_refs: dict[tuple[str, ...], bool] = {}
        self._cells: dict[str, tuple[Table, Row, Column]] = {
            f"{t.id}.{r.id}.{c.id}": (t, r, c)
            for t in self.tables
            for r in t.rows
            for c in t.columns
        }

    def __repr__(self) -> str:
        return f"<ReportFormat {self.id}>"

    def applies_to(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def table(self, table_id: str) -> Table:
        return self._tables[table_id]

    def has_table(self, table_id: str) -> bool:
        return table_id in self._tables

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def cell_ids(self) -> list[str]:
        return list(self._cells)

    def has_cell(self, cell_id: str) -> bool:
        return cell_id in self._cells

    def cell(self, cell_id: str) -> tuple[Table, Row, Column]:
        return self._cells[cell_id]

    def cell_label(self, cell_id: str) -> str:
        """A reader's name for a cell, e.g. ``（七）总计 / 总计`` or ``行政复议 / 结果维持``."""
        table, row, column = self._cells[cell_id]
        if table.id == "t4":
            # One data row; the outermost header (行政复议 / 行政诉讼) is what tells the
            # three 结果维持 columns apart.
            return " / ".join((*column.path, column.label))
        column_label = " / ".join((*column.path[1:], column.label)) if column.path else column.label
        return f"{row.label} / {column_label}"

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def value_type(self, cell_id: str) -> str:
        return self._cells[cell_id][2].value_type

    def evaluate(
        self,
        cells: dict[str, Number | None],
        previous: dict[str, Number | None] | None = None,
        previous_format: str | None = None,
    ) -> list[RuleResult]:
        """Evaluate every cell-level rule of this version against ``cells``.

        ``previous`` holds last year's cells (any version); cross-year rules whose cells are
        not in it are skipped, since a rule cannot apply to a row last year's format lacks.
        Document-level rules (section order, labels …) are left to a document reader.
        """
        results: list[RuleResult] = []
        for rule in self.rules:
            if rule.scope == "document":
                continue
            if rule.check == "nonnegative":
                results.extend(self._check_nonnegative(rule, cells))
            elif rule.check == "no_blanks":
                results.extend(self._check_no_blanks(rule, cells))
            elif rule.is_equation:
                if rule.is_cross_year:
                    if previous is None:
                        continue
                    if rule.previous_version and previous_format not in rule.previous_version:
                        continue
                results.extend(self._check_equation(rule, cells, previous))
        return results

    # -- generic checks -------------------------------------------------------------------

    def _check_equation(self, rule, cells, previous) -> list[RuleResult]:
        results = []
        for binding, lhs_refs, rhs_refs, shown, table in _instances(rule):
            refs = lhs_refs + rhs_refs
            # A ref to a row this version (or last year's) does not have: not applicable.
            if not self._refs_known(refs):
                continue
            parsed = [ref.partition("@") for ref in refs]
            last_year = [cell for cell, _, year in parsed if year == "Y-1"]
            if last_year and (previous is None or any(c not in previous for c in last_year)):
                continue
            values = [(previous if year == "Y-1" else cells).get(cell) for cell, _, year in parsed]
            if None in values:
                blank = tuple(
                    dict.fromkeys(n for n, v in zip(shown, values, strict=True) if v is None)
                )
                results.append(
                    RuleResult(
                        rule.id,
                        rule.severity,
                        "unverifiable",
                        shown,
                        dict(binding),
                        op=rule.op,
                        blank_cells=blank,
                        table=table,
                        message=f"{rule.zh}（{len(blank)} 个单元格为空，无法核验）",
                    )
                )
                continue
            lhs = sum(values[: len(lhs_refs)])
            rhs = sum(values[len(lhs_refs) :])
            holds = abs(lhs - rhs) <= _TOLERANCE if rule.op == "==" else lhs <= rhs + _TOLERANCE
            results.append(
                RuleResult(
                    rule.id,
                    rule.severity,
                    "pass" if holds else "fail",
                    shown,
                    dict(binding),
                    lhs=_tidy(lhs),
                    op=rule.op,
                    rhs=_tidy(rhs),
                    table=table,
                    message=rule.zh,
                )
            )
        return results

    def _check_nonnegative(self, rule, cells) -> list[RuleResult]:
        results = []
        for table in self.tables:
            bad = []
            for cell_id in table.cell_ids():
                value = cells.get(cell_id)
                if value is None:
                    continue
                kind = self.value_type(cell_id)
                if kind == "money":
                    ok = value >= 0
                elif kind == "signed_count":
                    ok = float(value).is_integer()
                else:
                    ok = value >= 0 and float(value).is_integer()
                if not ok:
                    bad.append(cell_id)
            results.append(_table_result(rule, table, tuple(bad)))
        return results

    def _check_no_blanks(self, rule, cells) -> list[RuleResult]:
        results = []
        for table in self.tables:
            blank = tuple(c for c in table.cell_ids() if cells.get(c) is None)
            results.append(_table_result(rule, table, blank, blank_cells=blank))
        return results

    def _refs_known(self, refs: tuple[str, ...]) -> bool:
        """Whether every this-year ref names a cell of this version (cached per refs)."""
        known = self._known_refs.get(refs)
        if known is None:
            known = all(self._known(ref, {}) for ref in refs if not ref.endswith("@Y-1"))
            self._known_refs[refs] = known
        return known

    def _known(self, ref: str, previous) -> bool:
        cell_id, _, year = ref.partition("@")
        if year == "Y-1":
            return previous is not None and cell_id in previous
        return cell_id in self._cells


# -- loading ------------------------------------------------------------------------------


def format_ids() -> list[str]:
    return sorted(p.stem for p in DATA_DIR.glob("*.json"))


@cache
def load_format(format_id: str) -> ReportFormat:
    """The version ``format_id`` (``gb2019``, ``gb2021``); KeyError for an unknown id."""
    path = DATA_DIR / f"{format_id}.json"
    if not path.is_file():
        raise KeyError(format_id)
    with path.open(encoding="utf-8") as fh:
        return ReportFormat(json.load(fh))


def all_formats() -> list[ReportFormat]:
    return sorted((load_format(i) for i in format_ids()), key=lambda f: f.first_year)


def format_for_year(year: int) -> ReportFormat | None:
    """The version a report for ``year`` must use; None before 2019 (see :data:`PRE2019`).

    Chosen by report year, never by publication date: a 2020 report published in
    January 2021 uses gb2019.
    """
    for fmt in all_formats():
        if fmt.applies_to(year):
            return fmt
    return None


def format_id_for_year(year: int) -> str:
    fmt = format_for_year(year)
    if fmt is not None:
        return fmt.id
    return PRE2019 if year < min(f.first_year for f in all_formats()) else "unknown"


# -- helpers ------------------------------------------------------------------------------


def _table(t: dict) -> Table:
    columns: list[Column] = []

    def walk_columns(nodes, path):
        for node in nodes:
            if node.get("children"):
                walk_columns(node["children"], (*path, node["label"]))
            elif node.get("data", True):
                columns.append(
                    Column(
                        node["id"],
                        node["label"],
                        node.get("value_type", "count"),
                        node.get("unit"),
                        path,
                    )
                )

    rows: list[Row] = []
    groups: list[Row] = []

    def walk_rows(nodes, path):
        for node in nodes:
            if node.get("children"):
                groups.append(Row(node["id"], node["label"], path))
                walk_rows(node["children"], (*path, node["label"]))
            elif node.get("data", True):
                rows.append(Row(node["id"], node["label"], path))
            else:
                groups.append(Row(node["id"], node["label"], path))

    walk_columns(t["columns"], ())
    walk_rows(t["rows"], ())
    # The data file lists leaf order explicitly; trust it over tree order.
    by_id = {c.id: c for c in columns}
    columns = [by_id[c] for c in t.get("leaf_columns", by_id)]
    row_by_id = {r.id: r for r in rows}
    rows = [row_by_id[r] for r in t.get("data_rows", row_by_id)]
    return Table(
        t["id"],
        t["section"],
        t.get("caption"),
        t.get("stub_header"),
        tuple(columns),
        tuple(rows),
        tuple(groups),
    )


def _rule(r: dict) -> Rule:
    return Rule(
        id=r["id"],
        severity=r["severity"],
        basis=r.get("basis", ""),
        zh=r.get("zh", ""),
        en=r.get("en", ""),
        kind=r.get("kind"),
        scope=r.get("scope"),
        check=r.get("check"),
        for_each=tuple((k, tuple(v)) for k, v in r.get("for_each", {}).items()),
        lhs=tuple(r.get("lhs", ())),
        op=r.get("op"),
        rhs=tuple(r.get("rhs", ())),
        previous_version=tuple(r.get("previous_version", ())),
    )


@cache
def _table_result(rule: Rule, table: Table, failing: tuple[str, ...], **fields) -> RuleResult:
    """A rule checked on a whole table: it fails on the ``failing`` cells, else passes on all."""
    return RuleResult(
        rule.id,
        rule.severity,
        "fail" if failing else "pass",
        failing or tuple(table.cell_ids()),
        table=table.id,
        message=rule.zh,
        **fields,
    )


def _instances(rule: Rule) -> tuple[tuple[dict, tuple, tuple, tuple, str], ...]:
    """(binding, lhs refs, rhs refs, cells shown, table) of each instance of an equation."""
    out = []
    for binding in _bindings(rule.for_each):
        lhs_refs = tuple(_expand(ref, binding) for ref in rule.lhs)
        rhs_refs = tuple(_expand(ref, binding) for ref in rule.rhs)
        refs = lhs_refs + rhs_refs
        out.append(
            (binding, lhs_refs, rhs_refs, tuple(_display(r) for r in refs), refs[0].split(".")[0])
        )
    return tuple(out)


def _bindings(for_each) -> list[dict[str, str]]:
    if not for_each:
        return [{}]
    names = [name for name, _ in for_each]
    return [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(values for _, values in for_each))
    ]


def _expand(ref: str, binding: dict[str, str]) -> str:
    # Longest variable first so "$tbl_row" is not mistaken for a "$t…" prefix of another.
    for name in sorted(binding, key=len, reverse=True):
        ref = ref.replace(name, binding[name])
    return ref if "@" in ref else f"{ref}@Y"


def _display(ref: str) -> str:
    return ref.removesuffix("@Y")


def _tidy(value: Number) -> Number:
    if isinstance(value, float):
        rounded = round(value, 6)
        return int(rounded) if rounded.is_integer() else rounded
    return value
