"""Robust reading: widths, numerals, spaces, units, collapsed cells, junk, bad input."""

from gongkai.reportcheck import check_bytes
from gongkai.reportcheck.readers import read_text
from gongkai.reportcheck.tables import RowRead, place
from gongkai.reportcheck.text import arabic_years, canon, parse_number
from gongkai.rules.formats import load_format


def test_canonical_text_folds_width_spaces_script_and_pinyin():
    assert canon("三、 本 年 度 办 理 结 果") == "三、本年度办理结果"
    assert canon("第二十条第（一）项") == "第二十条第(一)项"
    assert canon("區(qū)工委") == "区工委"
    assert canon("行政處罰") == "行政处罚"
    assert arabic_years("二〇二〇年度") == "2020年度"


def test_numbers_units_and_blank_marks():
    assert parse_number(canon("１２３")) == ("num", 123, None)
    assert parse_number("〇") == ("num", 0, None)
    assert parse_number("1,448") == ("num", 1448, None)
    assert parse_number("96171.6") == ("num", 96171.6, None)
    assert parse_number("12.5万元") == ("num", 12.5, "万元")
    assert parse_number("-3") == ("num", -3, None)
    assert parse_number("/")[0] == "blank"
    assert parse_number(canon("—"))[0] == "blank"
    assert parse_number("元") == ("unit", None, "元")


def _row(values):
    doc = read_text("x\n" + "\n".join(values))
    return RowRead("granted", doc.tokens[0], slots=doc.tokens[1:])


def test_collapsed_row_places_only_what_arithmetic_makes_certain():
    t3 = load_format("gb2021").table("t3")
    placed = place(t3, _row(["3", "3"]), reliable=False)
    assert placed["total"].value == 3
    assert [c for c, tok in placed.items() if tok is not None] == ["total"]
    placed = place(t3, _row(["2", "1"]), reliable=False)
    assert all(tok is None for tok in placed.values())  # 1 is not 2: nothing is certain
    placed = place(t3, _row(["1", "0", "0", "0", "2", "0", "3"]), reliable=False)
    assert placed["legal_services"].value == 2 and placed["total"].value == 3


def test_explicit_blank_marks_keep_their_column_in_collapsed_text():
    t2 = load_format("gb2021").table("t2_art20_1")
    placed = place(t2, _row(["1", "/", "4"]), reliable=False)
    assert placed["made"].value == 1 and placed["repealed"] is None
    assert placed["in_force"].value == 4


def test_full_width_digits_in_a_pipe_table_and_junk_around_the_report():
    text = "\n".join(
        [
            "首页 > 政务公开 > 年报 | 打印 | 关闭",
            "示例局2023年政府信息公开工作年度报告",
            "一、总体情况",
            "（一）主动公开。全年公开信息１２条。",
            "二、主动公开政府信息情况",
            "第二十条第（五）项 | |",
            "信息内容 | 本年处理决定数量 |",
            "行政许可 | １２ |",
            "第二十条第（六）项 | |",
            "信息内容 | 本年处理决定数量 |",
            "行政处罚 | ３ |",
            "行政强制 | 〇 |",
        ]
    )
    report = check_bytes("x.txt", text.encode("utf-8"))
    assert report.format == "gb2021" and report.year == 2023
    assert report.cells["t2_art20_5.admin_license.decisions"] == 12
    assert report.cells["t2_art20_6.admin_coercion.decisions"] == 0
    assert report.truncated


def test_unreadable_and_non_report_input_are_findings_not_tracebacks():
    for name, data in [
        ("a.pdf", b"not a pdf"),
        ("a.docx", b"PK\x03\x04broken"),
        ("a.txt", b"\x00\x01\x02binary"),
        ("a.xls", b"whatever"),
        ("a.pdf", b"%PDF-1.7\n%%EOF"),
    ]:
        report = check_bytes(name, data)
        assert [f.rule for f in report.findings] == ["RC_UNREADABLE"], name
        assert report.format == "unknown"
    report = check_bytes("menu.html", "<html><body><p>今日天气晴</p></body></html>".encode())
    assert [f.rule for f in report.findings] == ["RC_NOT_A_REPORT"]


def test_gb18030_text_is_decoded():
    text = "示例镇2020年政府信息公开工作年度报告\n一、总体情况\n2020年,我镇公开信息5条。"
    report = check_bytes("x.txt", text.encode("gb18030"))
    assert report.year == 2020 and report.agency == "示例镇"
