"""Table-二 figures that come from other business systems, and how their values are read.

The catalog counts the Art. 20(1) table (规章, 规范性文件); every other cell of section 二 —
in gb2021 the 行政许可/行政处罚/行政强制 decisions and the 行政事业性收费 amount, in gb2019 also
the item counts and 政府集中采购 — is entered by staff or imported from CSV. Which cells those
are follows from the format data, so a new format version needs no change here.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from decimal import Decimal, InvalidOperation

from gongkai.reports.labels import MONEY_UNIT
from gongkai.reports.records import Figure
from gongkai.rules.formats import ReportFormat, Table

#: Tables of section 二 counted from the catalog rather than entered.
CATALOG_TABLES = frozenset({"t2_art20_1"})

# The unit of every money cell (labels.py prints it where the format's label does not).
MONEY_PLACES = 4  # 万元 to four places is one 元
_LIMIT = Decimal(10) ** 10


class FigureError(ValueError):
    """A value that cannot be accepted; the message is for the user, in Chinese."""


def figure_tables(fmt: ReportFormat) -> list[Table]:
    return [t for t in fmt.tables if t.section == "s2" and t.id not in CATALOG_TABLES]


def figure_cell_ids(fmt: ReportFormat) -> list[str]:
    return [cell_id for table in figure_tables(fmt) for cell_id in table.cell_ids()]


def is_figure_cell(fmt: ReportFormat, cell_id: str) -> bool:
    table_id = cell_id.split(".", 1)[0]
    return (
        fmt.has_cell(cell_id)
        and table_id not in CATALOG_TABLES
        and fmt.table(table_id).section == "s2"
    )


def unit(fmt: ReportFormat, cell_id: str) -> str:
    return MONEY_UNIT if fmt.value_type(cell_id) == "money" else ""


def parse_value(fmt: ReportFormat, cell_id: str, raw) -> Decimal:
    """The value of ``raw`` for ``cell_id``, checked against the cell's kind (X_NONNEGATIVE)."""
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
    if not text:
        raise FigureError("请填写数值，没有的填 0")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise FigureError(f"“{raw}”不是数字") from exc
    if not value.is_finite() or abs(value) >= _LIMIT:
        raise FigureError(f"“{raw}”不是合理的数值")
    kind = fmt.value_type(cell_id)
    if kind == "money":
        if value < 0:
            raise FigureError("金额不能为负数")
        if value.as_tuple().exponent < -MONEY_PLACES:
            raise FigureError(f"金额单位为{MONEY_UNIT}，最多保留{MONEY_PLACES}位小数")
        return value
    if value != value.to_integral_value():
        raise FigureError("应为整数")
    if kind != "signed_count" and value < 0:
        raise FigureError("应为非负整数（只有“本年增/减”可以为负数）")
    return value.quantize(Decimal(1))


def number(value: Decimal, kind: str) -> int | float:
    """A stored figure as a plain JSON number: counts as int, money as int or float."""
    if kind != "money" or value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


def parse_csv(fmt: ReportFormat, text: str) -> tuple[dict[str, Decimal], list[str]]:
    """Read ``cell_id,value`` lines (a header line is optional); return the values and one
    Chinese error per bad line. The caller imports nothing when there is any error."""
    values: dict[str, Decimal] = {}
    errors: list[str] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for number_, row in enumerate(reader, start=1):
        row = [cell.strip() for cell in row]
        if not any(row):
            continue
        if number_ == 1 and row[0].lower() in ("cell_id", "单元格", "单元格编号"):
            continue
        where = f"第{number_}行"
        if len(row) != 2:
            errors.append(f"{where}：应为两列“单元格编号,数值”，实为{len(row)}列")
            continue
        cell_id, raw = row
        if not fmt.has_cell(cell_id):
            errors.append(f"{where}：{fmt.id} 格式没有单元格“{cell_id}”")
            continue
        if not is_figure_cell(fmt, cell_id):
            errors.append(f"{where}：“{cell_id}”由系统根据记录统计，不能导入")
            continue
        if cell_id in values:
            errors.append(f"{where}：单元格“{cell_id}”重复")
            continue
        try:
            values[cell_id] = parse_value(fmt, cell_id, raw)
        except FigureError as exc:
            errors.append(f"{where}：{fmt.cell_label(cell_id)}：{exc}")
    if not values and not errors:
        errors.append("文件中没有数据")
    return values, errors


def current_figures(agency, year: int, fmt: ReportFormat) -> dict:
    """The newest accepted Figure of each figure cell of ``fmt``, by cell id."""

    wanted = set(figure_cell_ids(fmt))
    latest = {}
    rows = Figure.objects.filter(agency=agency, year=year).select_related("entered_by")
    for figure in rows.order_by("-pk"):
        if figure.cell_id in wanted and figure.cell_id not in latest:
            latest[figure.cell_id] = figure
    return latest
