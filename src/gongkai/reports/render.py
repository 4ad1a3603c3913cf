"""The published forms of the report: HTML (the column page and a standalone file), DOCX and
PDF. All three lay out :func:`exports.blocks` and draw each table from :func:`grid`, so a
cell's place, its merged headers and the way a number is written are decided once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from docx.shared import Length, Mm

from gongkai.documents import pdf
from gongkai.documents.docx import OfficialDocument
from gongkai.reports import labels
from gongkai.reports.exports import Exporter, ReportData, blocks, register
from gongkai.rules.formats import Table

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The type area of an A4 official document is 156 mm wide (GB/T 9704 §5.2).
TYPE_AREA = Mm(156)


def format_value(value: int | float | None) -> str:
    """A number as the report prints it: 0 is written 0, money without a trailing .0 and
    never in exponent notation."""
    if value is None:
        return "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


@dataclass(frozen=True)
class GridCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    scope: str = ""  # col | colgroup | row | rowgroup, for <th scope>
    cell_id: str = ""  # data cells only


@dataclass(frozen=True)
class Grid:
    caption: str
    head: list[list[GridCell]]
    body: list[list[GridCell]]
    # Tables 三 and 四 are named by the section heading just above them: their caption is
    # for screen readers only.
    caption_shown: bool = True

    @property
    def width(self) -> int:
        return sum(cell.colspan for cell in self.head[0])

    def matrix(self) -> tuple[list[list[str | None]], list[tuple[tuple[int, int], ...]]]:
        """Every row at full width, the cells covered by a merge left ``None``, and the
        merges as inclusive ``((top, left), (bottom, right))`` rectangles."""
        rows = [*self.head, *self.body]
        out: list[list[str | None]] = [[None] * self.width for _ in rows]
        taken = [[False] * self.width for _ in rows]
        merges = []
        for i, row in enumerate(rows):
            j = 0
            for cell in row:
                while taken[i][j]:
                    j += 1
                out[i][j] = cell.text
                for r in range(i, i + cell.rowspan):
                    for c in range(j, j + cell.colspan):
                        taken[r][c] = True
                if cell.colspan > 1 or cell.rowspan > 1:
                    merges.append(((i, j), (i + cell.rowspan - 1, j + cell.colspan - 1)))
                j += cell.colspan
        return out, merges


def _stub_cells(table: Table) -> list[list[GridCell]]:
    """The row headers of each data row: a group label (三、本年度办理结果, （三）不予公开)
    spans the rows under it; a row's own label reaches to the last stub column."""
    depth = max(len(row.path) for row in table.rows) + 1
    out = []
    for i, row in enumerate(table.rows):
        cells = []
        for level in range(len(row.path)):
            prefix = row.path[: level + 1]
            if i > 0 and table.rows[i - 1].path[: level + 1] == prefix:
                continue
            span = 1
            while i + span < len(table.rows) and table.rows[i + span].path[: level + 1] == prefix:
                span += 1
            cells.append(GridCell(row.path[level], rowspan=span, header=True, scope="rowgroup"))
        own = depth - len(row.path)
        cells.append(GridCell(row.label, colspan=own, header=True, scope="row"))
        out.append(cells)
    return out


def grid(data: ReportData, table: Table) -> Grid:
    """The table as printed: the stub header and the merged column headers on top, then one
    row per data row with its row headers and its values."""
    head_rows = labels.header_rows(table)
    head = [
        [
            GridCell(
                h.label,
                h.colspan,
                h.rowspan,
                header=True,
                scope="colgroup" if h.colspan > 1 else "col",
            )
            for h in row
        ]
        for row in head_rows
    ]
    stubs = _stub_cells(table) if labels.has_row_headers(table) else [[] for _ in table.rows]
    if labels.has_row_headers(table):
        stub_width = max(len(r.path) for r in table.rows) + 1
        head[0].insert(
            0,
            GridCell(
                table.stub_header or "",
                colspan=stub_width,
                rowspan=len(head_rows),
                header=True,
                scope="col",
            ),
        )
    body = []
    for row, stub in zip(table.rows, stubs, strict=True):
        values = []
        for column in table.columns:
            cell_id = f"{table.id}.{row.id}.{column.id}"
            values.append(GridCell(format_value(data.cells.get(cell_id)), cell_id=cell_id))
        body.append([*stub, *values])
    return Grid(labels.table_label(data.format, table), head, body, bool(table.caption))


def sections(data: ReportData) -> list[dict]:
    """The blocks with each table's grid, for the templates."""
    out = []
    for block in blocks(data):
        item = {"kind": block.kind, "text": block.text}
        if block.kind == "table":
            item["grid"] = grid(data, block.table)
        out.append(item)
    return out


# -- HTML and PDF --------------------------------------------------------------------------------


def render_html(data: ReportData) -> bytes:
    """A standalone, self-contained page (no external files), for saving and for the PDF."""
    context = {"data": data, "sections": sections(data)}
    return render_to_string("reports/published/document.html", context).encode()


PDF_CSS = """
.table-scroll { overflow: visible; }
table { width: 100%; margin: 3mm 0 5mm; page-break-inside: auto; }
caption { font-size: 12pt; margin-bottom: 2mm; }
thead th { text-align: center; }
.visually-hidden { display: none; }
tr { page-break-inside: avoid; }
h3 { font-size: 16pt; text-indent: 2em; font-family: "楷体", "KaiTi", "Noto Serif CJK SC", serif;
     font-weight: normal; margin: 0; }
"""


def render_pdf(data: ReportData) -> bytes:
    pdf.check_fonts()
    context = {"data": data, "sections": sections(data), "for_pdf": True}
    html = render_to_string("reports/published/document.html", context)
    return pdf.html_to_pdf(html, stylesheets=(PDF_CSS,))


# -- DOCX ------------------------------------------------------------------------------------


def _widths(table_grid: Grid, stub_columns: int) -> list[Length]:
    if stub_columns == 0:
        return [Length(TYPE_AREA // table_grid.width)] * table_grid.width
    # Row labels need room; the figures are short.
    value_columns = table_grid.width - stub_columns
    stub = int(TYPE_AREA * (0.45 if value_columns > 3 else 0.6))
    values = Length((TYPE_AREA - stub) // value_columns)
    return [Length(stub // stub_columns)] * stub_columns + [values] * value_columns


def render_docx(data: ReportData) -> bytes:
    document = OfficialDocument(title=data.title, author=data.agency.name)
    for block in blocks(data):
        if block.kind == "title":
            document.title(block.text)
        elif block.kind == "heading":
            document.heading(block.text)
        elif block.kind == "subheading":
            document.heading(block.text, level=2)
        elif block.kind == "paragraph":
            document.paragraph(block.text)
        else:
            table_grid = grid(data, block.table)
            if block.text:
                document.paragraph(block.text, indent=False)
            rows, merges = table_grid.matrix()
            stub_columns = table_grid.head[0][0].colspan if table_grid.body[0][0].header else 0
            document.table(
                rows,
                header_rows=len(table_grid.head),
                merges=merges,
                widths=_widths(table_grid, stub_columns),
            )
    return document.to_bytes()


register(Exporter("html", "text/html; charset=utf-8", "html", render_html))
register(Exporter("docx", DOCX_MEDIA_TYPE, "docx", render_docx, needs_file=True))
register(Exporter("pdf", "application/pdf", "pdf", render_pdf, needs_file=True))
