"""What each reader returns: format, encoding, located blocks and tables."""

from gongkai import extract
from tests.privacy.builders import ID, build_docx, build_pdf, build_xlsx


def test_text_says_its_encoding_and_numbers_lines():
    data = "标题\n\n身份证号 1\n".encode("utf-16-le")
    result = extract.read_bytes(data, "a.txt")
    assert (result.format, result.encoding) == ("text", "utf-16-le")
    assert [(b.location, b.text) for b in result.blocks] == [
        ("line 1", "标题"),
        ("line 3", "身份证号 1"),
    ]


def test_html_is_decoded_by_the_same_rules():
    data = "<html><body><p>安全生产</p><a href='tel:1'>电话</a></body></html>".encode("gb18030")
    result = extract.read_bytes(data, "a.html")
    assert result.encoding == "gb18030"
    assert "安全生产" in result.blocks[0].text
    assert ("<a href>", "tel:1") in [(b.location, b.text) for b in result.blocks]


def test_docx_tables_share_their_blocks():
    result = extract.read_bytes(build_docx(), "a.docx")
    assert result.format == "docx" and result.encoding is None
    table = result.tables[0]
    assert table.name == "table 1"
    assert all(cell in result.blocks for cell in table.cells.values() if cell.text.strip())
    assert ID in result.text


def test_xlsx_tables_are_named_by_sheet():
    result = extract.read_bytes(build_xlsx(), "a.xlsx")
    assert [t.name for t in result.tables] and all(t.cells for t in result.tables[:1])
    assert any("very hidden" in b.location for b in result.blocks)


def test_pdf_blocks_are_pages():
    result = extract.read_bytes(build_pdf([["one"], [], ["three"]]), "a.pdf")
    assert result.pages == 3
    assert [b.location for b in result.blocks] == ["page 1", "page 3"]


def test_open_helpers_for_structure_walking_readers():
    budget = extract.Budget(extract.DEFAULT_LIMITS, "r.pdf")
    with extract.open_pdf(build_pdf([["x"], ["y"]]), budget) as pdf:
        assert [n for n, _ in extract.pdf_pages(pdf, budget)] == [1, 2]
    document = extract.open_docx(build_docx(), extract.Budget(extract.DEFAULT_LIMITS, "r.docx"))
    assert document.paragraphs
    soup = extract.open_html("<p>中文</p>".encode("gb18030"), budget, parser="lxml")
    assert soup.get_text() == "中文"
