"""Reader's names of tables, rows, columns and cells, from the format data.

Used by the CSV export, the back-office pages and the validation messages, and meant for
the document renderers too: one place decides how a cell is named.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from gongkai.rules.formats import Column, ReportFormat, Row, Table


def table_label(fmt: ReportFormat, table: Table) -> str:
    """``第二十条第（一）项`` for the captioned tables of 二, the section heading otherwise."""
    return table.caption or fmt.section(table.section).heading


def has_row_headers(table: Table) -> bool:
    # Table 四 has a single unlabeled data row and no stub column.
    return table.stub_header is not None


def row_label(table: Table, row: Row) -> str:
    if not has_row_headers(table):
        return ""
    return " / ".join((*row.path, row.label))


def _common_path(table: Table) -> int:
    return len(os.path.commonprefix([c.path for c in table.columns]))


#: The unit gongkai keeps every money cell in: gb2021 prints 万元; gb2019's 采购总金额 has no
#: printed unit (its format data keeps the template's null), and is kept in 万元 too.
MONEY_UNIT = "万元"


def printed_label(column: Column) -> str:
    """A column's label with its unit, where the format's label does not already say it:
    gb2019's 采购总金额 prints none, so a reader could not tell 元 from 万元."""
    unit = column.unit or (MONEY_UNIT if column.value_type == "money" else "")
    if unit and unit not in column.label:
        return f"{column.label}（单位：{unit}）"
    return column.label


def column_label(table: Table, column: Column) -> str:
    """The column's header cells from the first one not shared by every column (so
    ``法人或其他组织 / 商业企业`` in 三, ``行政复议 / 结果维持`` in 四)."""
    return " / ".join((*column.path[_common_path(table) :], printed_label(column)))


def cell_labels(fmt: ReportFormat, cell_id: str) -> tuple[str, str, str]:
    table, row, column = fmt.cell(cell_id)
    return table_label(fmt, table), row_label(table, row), column_label(table, column)


def cell_name(fmt: ReportFormat, cell_id: str) -> str:
    """One line naming the cell, e.g. ``第二十条第（五）项 行政许可 / 处理决定数量``."""
    table, row, column = cell_labels(fmt, cell_id)
    return f"{table} {' / '.join(part for part in (row, column) if part)}"


@dataclass(frozen=True)
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


def header_rows(table: Table) -> list[list[HeaderCell]]:
    """The column headers as the printed form merges them: one list per header row, each
    group header spanning its columns and each leaf reaching down to the last row (三:
    申请人情况 over 自然人 | 法人或其他组织 (商业企业 …) | 总计)."""
    depth = max(len(c.path) for c in table.columns) + 1
    rows: list[list[HeaderCell]] = []
    for level in range(depth):
        cells: list[HeaderCell] = []
        previous_group = None
        for column in table.columns:
            if len(column.path) > level:
                group = column.path[: level + 1]
                if group == previous_group:
                    last = cells[-1]
                    cells[-1] = HeaderCell(last.label, last.colspan + 1, last.rowspan)
                else:
                    cells.append(HeaderCell(column.path[level]))
                previous_group = group
            else:
                previous_group = None
                if len(column.path) == level:
                    cells.append(HeaderCell(printed_label(column), 1, depth - level))
        rows.append(cells)
    return rows
