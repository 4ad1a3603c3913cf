"""The renderers: HTML with real tables, DOCX re-read cell by cell, PDF text, and the CLI."""

import io
import re
from html.parser import HTMLParser

import pdfplumber
import pytest
from django.core.management import call_command
from docx import Document

from gongkai.reports.exports import EXPORTERS, report_data
from gongkai.reports.render import format_value, grid, render_docx, render_html, render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_2021(demo):
    return report_data(demo, 2021)


@pytest.fixture
def data_2020(demo):
    return report_data(demo, 2020)


def test_values_are_written_as_printed():
    assert format_value(0) == "0"
    assert format_value(None) == "0"
    assert format_value(1550) == "1550"
    assert format_value(1.5) == "1.5"
    assert format_value(3.0) == "3"
    assert format_value(0.0001) == "0.0001"


def test_the_grid_of_table_three_merges_headers_and_row_groups(data_2021):
    table = data_2021.format.table("t3")
    table_grid = grid(data_2021, table)
    rows, merges = table_grid.matrix()
    # 3 stub columns (三、本年度办理结果 > （三）不予公开 > 1.…) and 7 applicant columns.
    assert table_grid.width == 3 + 7
    assert len(rows) == 3 + len(table.rows)
    assert rows[0][0] == table.stub_header and ((0, 0), (2, 2)) in merges
    assert rows[0][3] == "申请人情况" and ((0, 3), (0, 9)) in merges
    assert rows[1][3:5] == ["自然人", "法人或其他组织"]
    # 一、本年新收… spans the three stub columns; its values follow.
    assert rows[3][0].startswith("一、") and ((3, 0), (3, 2)) in merges
    assert rows[3][3:] == [
        format_value(data_2021.cells[f"t3.new_received.{c.id}"]) for c in table.columns
    ]
    outcome_rows = sum(1 for row in table.rows if row.path[:1] == ("三、本年度办理结果",))
    assert ((5, 0), (5 + outcome_rows - 1, 0)) in merges


def test_the_grid_of_table_four_has_no_row_headers(data_2021):
    rows, _ = grid(data_2021, data_2021.format.table("t4")).matrix()
    assert rows[0][0] == "行政复议"
    assert len(rows[-1]) == len(data_2021.format.table("t4").columns)


class TableReader(HTMLParser):
    """Collects the <td data-cell> values and the <th> cells of an HTML page."""

    def __init__(self):
        super().__init__()
        self.cells, self.headers, self.captions, self.scrollers = {}, [], 0, 0
        self._cell = self._th = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td":
            self._cell = attrs.get("data-cell")
            self.cells[self._cell] = ""
        elif tag == "th":
            self._th = attrs
            self.headers.append(attrs)
        elif tag == "caption":
            self.captions += 1
        elif tag == "div" and "table-scroll" in attrs.get("class", ""):
            self.scrollers += 1

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None

    def handle_data(self, text):
        if self._cell:
            self.cells[self._cell] += text.strip()


def read_html(html: str) -> TableReader:
    reader = TableReader()
    reader.feed(html)
    return reader


@pytest.mark.parametrize("year", [2020, 2021])
def test_html_has_header_cells_and_every_value(demo, year):
    data = report_data(demo, year)
    html = render_html(data).decode()
    reader = read_html(html)
    assert reader.cells == {cell_id: format_value(v) for cell_id, v in data.cells.items()}
    assert all(th.get("scope") in {"col", "colgroup", "row", "rowgroup"} for th in reader.headers)
    assert any("colspan" in th for th in reader.headers)
    assert any("rowspan" in th for th in reader.headers)
    tables = len(data.format.tables)
    assert html.count("<table") == tables == reader.scrollers
    # Tables 三 and 四 are named by the section heading above them (aria-label), not by a
    # caption that would print the heading a second time.
    assert reader.captions == sum(1 for t in data.format.tables if t.caption)
    for section in data.format.sections:
        assert html.count(f">{section.heading}<") == 1
    assert '<meta name="viewport"' in html and "overflow-x: auto" in html
    assert data.title in html and "六、其他需要报告的事项" in html


def test_html_writes_zero_as_zero(data_2020):
    reader = read_html(render_html(data_2020).decode())
    assert reader.cells["t2_art20_9.central_procurement.procurement_amount"] == "0"
    assert reader.cells["t2_art20_5.admin_license.decisions"] == "1550"


@pytest.mark.parametrize("year", [2020, 2021])
def test_docx_tables_match_the_json_cell_by_cell(demo, year):
    data = report_data(demo, year)
    document = Document(io.BytesIO(render_docx(data)))
    tables = data.format.tables
    assert len(document.tables) == len(tables)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for table, docx_table in zip(tables, document.tables, strict=True):
        table_grid = grid(data, table)
        rows, _ = table_grid.matrix()
        header_rows = len(table_grid.head)
        stub = table_grid.width - len(table.columns)
        assert len(docx_table.rows) == len(rows)
        for i, row in enumerate(table.rows):
            docx_row = docx_table.rows[header_rows + i]
            assert len(docx_row.cells) == table_grid.width
            for j, column in enumerate(table.columns):
                value = data.cells[f"{table.id}.{row.id}.{column.id}"]
                assert docx_row.cells[stub + j].text == format_value(value), (table.id, row.id)
            if stub:
                assert docx_row.cells[stub - 1].text == row.label
        # Merged header cells read back as one cell spanning the columns.
        top = docx_table.rows[0].cells
        assert top[stub].text == table_grid.head[0][1 if stub else 0].text


def test_docx_names_the_official_fonts(data_2021):
    document = Document(io.BytesIO(render_docx(data_2021)))
    xml = document.element.xml
    assert 'w:eastAsia="仿宋"' in xml and 'w:eastAsia="黑体"' in xml
    assert document.paragraphs[0].text == data_2021.title


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_pdf_contains_every_table_value_with_chinese_embedded(data_2021):
    content = render_pdf(data_2021)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    assert "政府信息公开工作年度报告" in re.sub(r"\s", "", text)
    tokens = re.findall(r"\d+(?:\.\d+)?", text)
    for value in {format_value(v) for v in data_2021.cells.values()}:
        assert value in tokens, value
    # Every cell's value is there as often as the tables print it (at least).
    numbers = [format_value(v) for v in data_2021.cells.values()]
    for value in set(numbers):
        assert tokens.count(value) >= numbers.count(value) or value == "0", value
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        fonts = {char["fontname"] for page in pdf.pages for char in page.chars}
    assert any("CJK" in font or "Noto" in font for font in fonts)


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!")])
def test_the_cli_writes_documents(demo, tmp_path, fmt, magic):
    target = tmp_path / f"report.{fmt}"
    call_command("report", "lushan-transport", "2021", "--format", fmt, "-o", str(target))
    assert target.read_bytes().startswith(magic)
    assert EXPORTERS[fmt].extension == fmt
