"""XLSX: every stored cell of every sheet (hidden and very hidden ones, hidden rows and
columns, cells beyond the used range) and cell comments, located by sheet and cell."""

from .limits import Budget
from .model import Block, Extraction, Table
from .package import open_xlsx


def cell_text(value) -> str:
    """What a cell shows, as text; dates and booleans give nothing (never personal data
    and never a number a report counts)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        # Phone numbers typed as numbers come back as 13812345678.0.
        return str(int(value))
    if isinstance(value, int | float | str):
        return str(value)
    return ""


def _hidden_columns(sheet) -> set[int]:
    from openpyxl.utils import column_index_from_string

    hidden = set()
    for key, dimension in sheet.column_dimensions.items():
        if dimension.hidden:
            first = dimension.min or column_index_from_string(key)
            last = dimension.max or first
            hidden.update(range(first, last + 1))
    return hidden


def read_xlsx(data: bytes, budget: Budget) -> Extraction:
    workbook = open_xlsx(data, budget)
    extraction = Extraction("xlsx")
    for sheet in workbook.worksheets:
        budget.tick()
        state = {"hidden": " (hidden)", "veryHidden": " (very hidden)"}.get(sheet.sheet_state, "")
        hidden_columns = _hidden_columns(sheet)
        table = Table(sheet.title)
        # The sheet's stored cells, wherever they are: iter_rows() would walk the whole
        # rectangle up to a stray far-away cell, and the file's <dimension> (the "used
        # range") can be set smaller than the data, which is exactly how cells get missed.
        stored = sheet._cells
        budget.count_cells(len(stored))
        for (row, column), cell in sorted(stored.items()):
            notes = []
            # .get, not [ ]: indexing row_dimensions creates an entry for every row read.
            row_dimension = sheet.row_dimensions.get(row)
            if row_dimension is not None and row_dimension.hidden:
                notes.append("hidden row")
            if column in hidden_columns:
                notes.append("hidden column")
            suffix = f" ({', '.join(notes)})" if notes else ""
            location = f"sheet {sheet.title}{state} {cell.coordinate}{suffix}"
            text = cell_text(cell.value)
            if text.strip():
                block = Block(location, text)
                extraction.blocks.append(block)
                table.cells[(row, column)] = block
            if cell.comment is not None and cell.comment.text.strip():
                extraction.blocks.append(Block(f"{location} comment", cell.comment.text))
        extraction.tables.append(table)
    return extraction
