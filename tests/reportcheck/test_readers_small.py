"""Readers on small inputs written here: which layout is chosen, what becomes a token, and
a clear UnreadableError (never a traceback) for what cannot be read."""

import io

import docx
import pytest

from gongkai.reportcheck.readers import (
    Document,
    UnreadableError,
    _add_pdf_line,
    decode,
    read_docx,
    read_html,
    read_path_bytes,
    read_text,
)


def stream(doc: Document) -> str:
    """The tokens in one line: a number as its value, a text cell as its canonical text,
    an empty cell or blank mark as "_", a unit as "[元]", a row end as "¶"."""
    shown = {"eol": lambda t: "¶", "blank": lambda t: "_", "unit": lambda t: f"[{t.text}]"}
    return " ".join(
        str(t.value) if t.kind == "num" else shown.get(t.kind, lambda t: t.text)(t)
        for t in doc.tokens
    )


# -- decoding ------------------------------------------------------------------------------


def test_decode_strips_a_utf8_bom_falls_back_to_gb18030_and_never_raises():
    assert decode("\ufeff年报".encode()) == "年报"
    assert decode("政府信息公开".encode("gb18030")) == "政府信息公开"
    assert decode(b"\x80\xff") == "\ufffd\ufffd"  # neither encoding: replaced, not raised


# -- plain text layouts --------------------------------------------------------------------


def test_three_lines_with_two_cells_each_make_a_pipe_row_document():
    doc = read_text("规章 | 1 |\n行政许可 | 2 |\n说明 | 3 |\n")
    assert (doc.source, doc.reliable_blanks) == ("text:pipe-rows", True)
    assert stream(doc) == "规章 1 ¶ 行政许可 2 ¶ 说明 3 ¶"
    # Two such lines are not enough: one cell per line, blanks unreliable.
    doc = read_text("规章 | 1 |\n行政许可 | 2 |\n")
    assert (doc.source, doc.reliable_blanks) == ("text:cell-lines", False)


def test_pipe_rows_keep_empty_cells_and_the_last_cell_without_a_closing_bar():
    doc = read_text(
        "\n".join(
            [
                "| 规章 | 0 | | 3 |",  # a leading "| " opens the row
                "行政许可 |  | 7 | 9",  # no closing bar: the last piece is a cell (总计)
                "标题行",  # a line without pipes is one cell and a row of its own
                "行政处罚 | 1 | 2 |",
            ]
        )
    )
    assert stream(doc) == "规章 0 _ 3 ¶ 行政许可 _ 7 9 ¶ 标题行 ¶ 行政处罚 1 2 ¶"
    assert doc.lines[1] == "行政许可 |  | 7 | 9"  # lines keep the original text


def test_blank_separated_cells_count_each_extra_blank_line_as_an_empty_cell():
    # 19 lines, 14 of them empty: over 35 % and at least 10, so the blank-line layout.
    raw = ["规章", "", "", "", "5", "", "   ", "", "行政许可", ""] + [""] * 8 + ["9"]
    doc = read_text("\n".join(raw))
    assert (doc.source, doc.reliable_blanks) == ("text:blank-separated", True)
    # Run of 3 empty lines = separator + 2 empty cells; a spaces-only line is an empty
    # cell itself; the run of 9 before "9" gives 8 empty cells.
    assert stream(doc) == "规章 _ _ 5 _ 行政许可 " + "_ " * 8 + "9"


def test_a_lone_pipe_is_an_empty_cell_only_in_the_dialect_without_row_marks():
    doc = read_text("规章 |\n|\n5 |\n")
    assert stream(doc) == "规章 _ 5"
    # In the seed's dialect rows end "x | |" and a lone "|" opens a row: it says nothing.
    doc = read_text("|\n规章 |\n5 | |\n")
    assert stream(doc) == "规章 5"
    assert doc.reliable_blanks is False


def test_windows_and_old_mac_line_ends_are_lines_too():
    doc = read_text("规章\r\n1\r2\n")
    assert stream(doc) == "规章 1 2"


def test_tokens_keep_the_raw_text_and_the_canonical_text_side_by_side():
    doc = read_text("（七）总计 |\n１，２００ |\n")
    label, number = doc.tokens
    assert (label.raw, label.text) == ("（七）总计", "(七)总计")
    assert (number.raw, number.text, number.value) == ("１，２００", "1,200", 1200)
    assert label.line == 0 and number.line == 1


# -- HTML ----------------------------------------------------------------------------------


def test_html_skips_head_scripts_styles_comments_and_form_options():
    doc = read_html(
        "<html><head><title>一、总体情况</title><style>p{}</style></head><body>"
        "<script>var s = '二、主动公开政府信息情况';</script><!-- 三、注释 -->"
        "<select><option>四、选项</option></select><p>正文</p></body></html>"
    )
    assert doc.lines == ["正文"]


def test_html_block_tags_and_br_end_lines_while_inline_tags_join_text():
    doc = read_html("<div>第一段<br>第二段</div><p>行内<span>文字</span><b>连续</b></p>")
    assert doc.lines == ["第一段", "第二段", "行内文字连续"]
    assert stream(doc) == "第一段 ¶ 第二段 ¶ 行内文字连续 ¶"


def test_an_empty_spanning_cell_is_one_blank_per_column_only_in_a_data_row():
    doc = read_html(
        "<table>"
        "<tr><th>信息内容</th><th colspan='2'>本年处理决定数量</th></tr>"
        "<tr><td>行政许可</td><td colspan='2'></td><td>5</td></tr>"
        "<tr><td>行政处罚</td><td colspan='3'></td></tr>"
        "<tr><td>行政强制</td><td>&nbsp;</td><td>１２</td></tr>"
        "</table>"
    )
    # The spanning header is one cell; an empty colspan=2 cell is two blanks in a row
    # holding a number but one blank in a row without; &nbsp; alone is empty.
    assert stream(doc) == (
        "信息内容 本年处理决定数量 ¶ 行政许可 _ _ 5 ¶ 行政处罚 _ ¶ 行政强制 _ 12 ¶"
    )
    assert doc.lines[1] == "行政许可 |  | 5"


def test_a_layout_table_holding_a_table_reads_its_cells_as_blocks():
    doc = read_html(
        "<table><tr><td><p>外层说明</p>"
        "<table><tr><td>行政许可</td><td>7</td></tr></table>"
        "</td></tr></table>"
    )
    assert stream(doc) == "外层说明 ¶ 行政许可 7 ¶"


# -- DOCX ----------------------------------------------------------------------------------


def docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_split_on_line_breaks_and_skip_empty_ones():
    def build(document):
        document.add_paragraph("示例局2023年政府信息公开工作年度报告")
        para = document.add_paragraph("第一行")
        para.add_run().add_break()
        para.add_run("第二行")
        document.add_paragraph("   ")

    doc = read_docx(docx_bytes(build))
    assert (doc.source, doc.reliable_blanks) == ("docx", True)
    assert doc.lines == ["示例局2023年政府信息公开工作年度报告", "第一行", "第二行"]


def test_docx_merged_cells_count_once_and_empty_cells_stay_blanks():
    def build(document):
        table = document.add_table(rows=2, cols=4)
        table.cell(0, 0).text = "信息内容"
        table.cell(0, 1).merge(table.cell(0, 3)).text = "本年制发件数"
        table.cell(1, 0).text = "规章"
        table.cell(1, 1).text = "1"
        table.cell(1, 3).text = "3"

    doc = read_docx(docx_bytes(build))
    assert stream(doc) == "信息内容 本年制发件数 ¶ 规章 1 _ 3 ¶"
    assert doc.lines == ["信息内容 | 本年制发件数", "规章 | 1 |  | 3"]


def test_docx_keeps_paragraphs_and_tables_in_document_order():
    def build(document):
        document.add_paragraph("二、主动公开政府信息情况")
        document.add_table(rows=1, cols=2).rows[0].cells[0].text = "行政许可"
        document.add_paragraph("三、收到和处理政府信息公开申请情况")

    doc = read_docx(docx_bytes(build))
    assert doc.lines == [
        "二、主动公开政府信息情况",
        "行政许可 | ",
        "三、收到和处理政府信息公开申请情况",
    ]


def test_a_zip_that_is_not_a_word_document_is_unreadable():
    with pytest.raises(UnreadableError, match="无法作为 DOCX 打开：BadZipFile"):
        read_docx(b"PK\x03\x04garbage")


# -- PDF text lines ------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["- 3 -", "第 2 页", "第2页，共5页", "第2页/共5页", "3/10", "   "])
def test_page_numbers_and_empty_lines_leave_nothing(line):
    doc = Document()
    _add_pdf_line(doc, line)
    assert doc.lines == [] and doc.tokens == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("行政许可 12", "行政许可 12"),
        ("行政处罚 1,311 0", "行政处罚 1311 0"),
        ("12 3 4", "12 3 4"),
        ("本年收费金额 96171.6万元", "本年收费金额 96171.6"),
        ("（七）总计 5 0 5", "(七)总计 5 0 5"),
        ("本年增/减 -2", "本年增/减 -2"),
        # A year glued to 年 is prose, not a label and a number.
        ("2024 年", "2024年"),
        ("报告期为2024年", "报告期为2024年"),
    ],
)
def test_a_pdf_line_peels_trailing_numbers_off_its_label(line, expected):
    doc = Document()
    _add_pdf_line(doc, line)
    assert stream(doc) == expected
    assert doc.lines == [line.strip()]


# -- choosing a reader by name -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"not a pdf", "文件扩展名为 .pdf，但内容不是 PDF"),
        ("A.PDF", b"<html>", "文件扩展名为 .pdf，但内容不是 PDF"),
        ("a.docx", b"%PDF-1.4", "文件扩展名为 .docx，但内容不是 DOCX（ZIP）文件"),
        ("a.txt", b"abc\x00def", "文本文件含二进制内容，无法读取"),
        ("a.doc", b"whatever", "不支持的文件类型：.doc"),
        ("a.xlsx", b"PK\x03\x04", "不支持的文件类型：.xlsx"),
        ("README", b"text", "不支持的文件类型：."),
    ],
)
def test_wrong_content_or_type_is_a_clear_unreadable_error(name, data, message):
    with pytest.raises(UnreadableError) as caught:
        read_path_bytes(name, data)
    assert str(caught.value) == message


def test_the_suffix_picks_the_reader_whatever_its_case():
    assert read_path_bytes("R.HTM", "<p>正文</p>".encode()).source == "html"
    assert read_path_bytes("r.Html", b"<p>x</p>").source == "html"
    assert read_path_bytes("r.TXT", "正文\n".encode("gb18030")).lines == ["正文"]
    data = docx_bytes(lambda d: d.add_paragraph("正文"))
    assert read_path_bytes("r.DocX", data).lines == ["正文"]


def test_a_html_file_in_gb18030_is_decoded_before_parsing():
    doc = read_path_bytes("r.html", "<p>行政复议</p>".encode("gb18030"))
    assert doc.lines == ["行政复议"]


def test_the_issue_pipe_row_without_closing_bar_keeps_its_total_and_blanks():
    from gongkai.reportcheck import check_bytes

    text = "\n".join(
        [
            "示例市2021年政府信息公开工作年度报告",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数",
            "三、收到和处理政府信息公开申请情况",
            "一、本年新收政府信息公开申请数量 | 821 | 35 |  |  | 2 | 1 | 859",
            "二、上年结转政府信息公开申请数量 | 18 | 0 | 0 | 0 | 0 | 0 | 18",
            "四、政府信息公开行政复议、行政诉讼情况",
        ]
    )
    report = check_bytes("report.txt", text.encode())
    row = [
        report.cells[f"t3.new_received.{c}"]
        for c in (
            "natural_person",
            "commercial",
            "research",
            "public_welfare",
            "legal_services",
            "other_org",
            "total",
        )
    ]
    assert row == [821, 35, None, None, 2, 1, 859]
    assert report.cells["t3.carried_in.total"] == 18
    blank = next(f for f in report.findings if f.rule == "X_NO_BLANKS")
    assert blank.cells == ["t3.new_received.public_welfare", "t3.new_received.research"]
