"""Row recognition, column placement, table regions and the report's outline (year, agency).

Small token streams are built with the text reader: three "a | b |" lines make a pipe-row
document (empty cells kept, ``reliable_blanks``); one cell per line makes a collapsed one.
"""

import pytest

from gongkai.reportcheck.readers import Document, Token, _add_pdf_line, read_text
from gongkai.reportcheck.structure import (
    detect_agency,
    detect_year,
    find_headings,
    looks_pre2019,
    numeral_value,
    table_regions,
    top_headings_text,
    version_markers,
)
from gongkai.reportcheck.tables import (
    BLANK,
    MISSING,
    RowRead,
    is_header,
    match_row,
    place,
    read_cells,
    read_table,
)
from gongkai.reportcheck.text import arabic_years, canon
from gongkai.rules.formats import load_format

GB2019 = load_format("gb2019")
GB2021 = load_format("gb2021")


def pipe(*rows: str) -> Document:
    doc = read_text("\n".join(rows) + "\n")
    assert doc.reliable_blanks, "needs three or more pipe rows"
    return doc


def whole(fmt, table_id, doc, truncated=False):
    return read_table(fmt, fmt.table(table_id), doc, 0, len(doc.tokens), truncated)


def values(placed):
    return {column: (tok.value if tok is not None else None) for column, tok in placed.items()}


def row_of(*cells: str) -> RowRead:
    """A row read from collapsed text: label, then the cells as they were printed."""
    doc = read_text("\n".join(["label", *cells]))
    assert not doc.reliable_blanks
    return RowRead("granted", doc.tokens[0], slots=doc.tokens[1:])


# -- headers and rows ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("其他", True),  # short fragments only as the whole cell …
        ("总计", True),
        ("其他结果", True),
        ("总计数", False),  # … never inside a longer cell
        ("信息内容说明", True),  # fragments of three or more characters anywhere
        ("(三)不予公开", True),
        ("本年收费金额(单位:万元)", True),
        ("结果", False),
        ("勾稽", False),
    ],
)
def test_header_cells_match_short_fragments_whole_and_long_ones_anywhere(text, header):
    assert is_header(text) is header


def test_every_official_row_label_names_its_own_row_in_table_order():
    for fmt in (GB2019, GB2021):
        for table in fmt.tables:
            if table.id == "t4":
                continue
            matched: list[str] = []
            for row in table.rows:
                found = match_row(table, canon(row.label), matched)
                assert found == row.id, (fmt.id, table.id, row.label)
                matched.append(found)


def test_group_rows_and_column_labels_are_headers_not_rows():
    for fmt in (GB2019, GB2021):
        for table in fmt.tables:
            for group in table.group_rows:
                assert match_row(table, canon(group.label), []) is None
                assert is_header(canon(group.label))
            assert all(is_header(canon(c.label)) for c in table.columns)


def test_a_bare_total_is_the_column_header_until_the_outcome_rows_start():
    t3 = GB2021.table("t3")
    assert match_row(t3, "总计", ["new_received", "carried_in"]) is None
    assert match_row(t3, "总计", ["new_received", "carried_in", "granted"]) == "results_total"
    # With its numeral it cannot be the header, so no outcome row is needed.
    assert match_row(t3, "(七)总计", []) == "results_total"


def test_a_row_already_read_or_behind_the_last_one_is_not_matched_again():
    t3 = GB2021.table("t3")
    assert match_row(t3, "(一)予以公开", ["granted"]) is None
    assert match_row(t3, "一、本年新收政府信息公开申请数量", ["carried_in"]) is None
    # The bare "其他" column header never becomes the "3.其他" row.
    assert match_row(t3, "其他", ["other_fee_unpaid"]) is None
    assert match_row(t3, "3.其他", ["other_fee_unpaid"]) == "other_other"


def test_variant_wordings_seen_in_reports_name_the_same_rows():
    t3 = GB2021.table("t3")
    assert match_row(t3, "本年度新收政府信息公开申请数量", []) == "new_received"
    assert match_row(t3, "上年度结转政府信息公开申请数量", ["new_received"]) == "carried_in"
    assert match_row(t3, "1.信访投诉举报类申请", ["unable_unclear_after_correction"]) == (
        "np_petition"
    )
    assert match_row(t3, "四、结转下一年度继续办理", ["results_total"]) == "carried_out"


# -- reading one table ---------------------------------------------------------------------


def test_a_pipe_table_reads_rows_headers_unknown_rows_and_stray_units():
    doc = pipe(
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 1 | 0 | 5 |",
        "地方性法规 | 2 | 3 | 4 |",
        "行政规范性文件 | 7 | 元 | 2 | 9 |",
    )
    read = whole(GB2021, "t2_art20_1", doc)
    assert read.found
    assert [t.text for t in read.header_text] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert [t.raw for t in read.unknown_rows] == ["地方性法规"]
    assert set(read.rows) == {"regulations", "admin_normative_docs"}  # the unknown row dropped
    docs = read.rows["admin_normative_docs"]
    assert [t.value for t in docs.slots] == [7, 2, 9]
    assert [t.raw for t in docs.extras] == ["元"]
    table = GB2021.table("t2_art20_1")
    assert values(place(table, docs, True)) == {"made": 7, "repealed": 2, "in_force": 9}


def test_a_region_with_labels_but_no_numbers_is_found_and_one_with_neither_is_not():
    labels_only = read_text("规章\n行政规范性文件\n")
    read = whole(GB2021, "t2_art20_1", labels_only)
    assert read.found and set(read.rows) == {"regulations", "admin_normative_docs"}
    image_only = read_text("(表格以图片形式发布)\n见下图\n")
    assert not whole(GB2021, "t2_art20_1", image_only).found


def test_a_wrapped_pdf_label_keeps_collecting_the_numbers_on_the_next_line():
    doc = Document()
    for line in ["1.本机关不掌握相关政府", "信息 2 0 0 0 0 0 2"]:
        _add_pdf_line(doc, line)
    read = whole(GB2021, "t3", doc)
    row = read.rows["unable_not_held"]
    assert [t.value for t in row.slots] == [2, 0, 0, 0, 0, 0, 2]
    assert [t.text for t in read.header_text] == ["信息"]
    assert read.unknown_rows == []


def test_the_row_the_text_ends_in_is_cut_only_when_the_text_is_truncated():
    doc = read_text("规章\n1\n5\n行政规范性文件\n7\n")
    assert not whole(GB2021, "t2_art20_1", doc).rows["admin_normative_docs"].cut
    read = whole(GB2021, "t2_art20_1", doc, truncated=True)
    assert read.rows["admin_normative_docs"].cut
    assert not read.rows["regulations"].cut


def test_table_four_has_one_unlabelled_row_started_by_its_first_number():
    doc = pipe(
        "行政复议 | 行政诉讼 |",
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
        "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 2 | 1 | 0 | 0 | 3 |",
    )
    read = whole(GB2021, "t4", doc)
    assert list(read.rows) == ["count"]
    placed = values(place(GB2021.table("t4"), read.rows["count"], True))
    assert placed["review_total"] == 1 and placed["after_review_upheld"] == 2
    assert placed["after_review_total"] == 3  # 2 + 1 + 0 + 0


# -- placing values in columns -------------------------------------------------------------


def test_collapsed_table_three_rows_place_only_a_total_the_sum_proves():
    t3 = GB2021.table("t3")
    # 1 + 2 = 3: the last value is the total, the other two have no certain column.
    placed = place(t3, row := row_of("1", "2", "3"), reliable=False)
    assert values(placed)["total"] == 3
    assert [c for c, v in values(placed).items() if v is not None] == ["total"]
    assert row.uncertain
    # 0 + 0 = 0 holds too, but proves nothing: "0 0" may be two applicant columns with the
    # 总计 left blank.
    assert values(place(t3, row_of("0", "0"), False))["total"] is None
    # 2 + 3 is not 4, and a single value proves nothing.
    assert set(values(place(t3, row_of("2", "3", "4"), False)).values()) == {None}
    assert set(values(place(t3, row_of("5"), False)).values()) == {None}


def test_tables_without_a_total_column_place_nothing_from_a_short_collapsed_row():
    t2 = GB2021.table("t2_art20_1")
    row = row_of("3", "3")
    assert set(values(place(t2, row, False)).values()) == {None}
    assert row.uncertain


def test_a_collapsed_row_of_blanks_only_is_not_uncertain_just_empty():
    t2 = GB2021.table("t2_art20_1")
    row = row_of("/")
    assert set(values(place(t2, row, False)).values()) == {None}
    assert not row.uncertain


def test_surplus_numbers_in_collapsed_text_become_extra_cells():
    t2 = GB2021.table("t2_art20_1")
    row = row_of("1", "2", "3", "4")
    assert values(place(t2, row, False)) == {"made": 1, "repealed": 2, "in_force": 3}
    assert [t.value for t in row.extras] == [4]


def test_trailing_empty_cells_beyond_the_width_are_layout_in_a_reliable_row():
    t4 = GB2021.table("t4")
    slots = [Token("num", "1", "1", 0, 1)] * 4 + [Token("blank", "", "", 0)]
    slots += [Token("num", "0", "0", 0, 0)] * 10 + [Token("blank", "", "", 0)] * 2
    row = RowRead("count", slots[0], slots=slots)  # 15 cells, then two empty ones
    placed = values(place(t4, row, True))
    assert placed["review_pending"] == 1 and placed["review_total"] is None
    assert placed["after_review_total"] == 0
    assert not row.uncertain


def test_a_reliable_row_short_of_cells_leaves_every_column_blank():
    t2 = GB2021.table("t2_art20_1")
    slots = [Token("blank", "", "", 0), Token("num", "3", "3", 0, 3)]
    row = RowRead("regulations", slots[0], slots=slots)
    assert set(values(place(t2, row, True)).values()) == {None}
    assert row.uncertain


# -- cells of the whole format -------------------------------------------------------------


def test_read_cells_tells_blank_from_missing_and_keeps_units():
    doc = pipe(
        "第二十条第(八)项 | |",
        "信息内容 | 本年收费金额(单位:万元) |",
        "行政事业性收费 | 12.5万元 |",
        "第二十条第(六)项 | |",
        "行政处罚 | / |",
    )
    # Five lines of cells and row ends: the (六) caption is token 9.
    assert doc.tokens[9].text == "第二十条第(六)项"
    regions = {"t2_art20_8": (1, 9), "t2_art20_6": (10, len(doc.tokens))}
    cells = read_cells(GB2021, doc, regions, truncated=False)
    assert cells.values["t2_art20_8.admin_fees.fee_amount"] == 12.5
    assert cells.units == {"t2_art20_8.admin_fees.fee_amount": "万元"}
    assert cells.values["t2_art20_6.admin_penalty.decisions"] is None
    assert cells.state["t2_art20_6.admin_penalty.decisions"] == BLANK
    assert cells.state["t2_art20_6.admin_coercion.decisions"] == MISSING  # row never printed
    # A table with no region at all is missing in every cell and marked not found.
    assert cells.state["t3.granted.total"] == MISSING and not cells.tables["t3"].found
    assert len(cells.values) == 200 == len(GB2021.cell_ids())


# -- outline: headings and regions ---------------------------------------------------------

OUTLINE = [
    "示例局2023年政府信息公开工作年度报告",
    "一、总体情况",
    "（一）主动公开。",
    "二、主动公开政府信息情况",
    "第二十条第（一）项 | | |",
    "规章 | 1 | 0 | 5 |",
    "第二十条第（五）项 | |",
    "行政许可 | 12 |",
    "三、收到和处理政府信息公开申请情况",
    "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    "四、政府信息公开行政复议、行政诉讼情况",
    "1 | 0 | 0 | 0 | 1 |",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def test_headings_are_found_with_section_numeral_and_line():
    headings = find_headings(pipe(*OUTLINE))
    assert [(h.section, h.numeral, h.line) for h in headings] == [
        ("s1", "一", 1),
        ("s2", "二", 3),
        ("s3", "三", 8),
        ("s4", "四", 10),
        ("s5", "五", 12),
        ("s6", "六", 13),
    ]
    # "一、本年新收…" has the shape of a heading but names no section.
    assert all("本年新收" not in h.title for h in headings)


def test_a_heading_that_lost_its_numeral_is_still_a_heading_and_sentences_are_not():
    doc = read_text("、主动公开政府信息情况\n一、总体情况" + "很长" * 20 + "\n")
    headings = find_headings(doc)
    assert [(h.section, h.numeral) for h in headings] == [("s2", None)]


def test_regions_run_from_each_caption_to_the_next_caption_or_heading():
    doc = pipe(*OUTLINE)
    regions = table_regions(GB2021, doc, find_headings(doc))
    # Token indexes, counted from the stream: each line is its cells then an eol token;
    # line 4 ("第二十条第（一）项 | | |") is token 8 and line 6 token 17.
    assert doc.tokens[8].text == "第二十条第(一)项" and doc.tokens[17].text == "第二十条第(五)项"
    assert regions["t2_art20_1"] == (9, 17)
    assert regions["t2_art20_5"] == (18, 23)  # stops at 三、 (token 23)
    assert doc.tokens[23].text.startswith("三、")
    assert regions["t3"][0] == 24 and doc.tokens[regions["t3"][1]].text.startswith("四、")
    assert doc.tokens[regions["t4"][1]].text.startswith("五、")
    # The captions of (六) and (八) are not printed: those tables get no region.
    assert "t2_art20_6" not in regions and "t2_art20_8" not in regions


def test_without_any_caption_every_table_two_is_read_in_the_whole_of_section_two():
    doc = pipe(
        "二、主动公开政府信息情况",  # tokens 0-1
        "规章 | 1 | 0 | 5 |",  # tokens 2-6
        "行政许可 | 12 |",  # tokens 7-9
        "三、收到和处理政府信息公开申请情况",  # token 10
        "说明 | 无 |",
    )
    regions = table_regions(GB2021, doc, find_headings(doc))
    s2 = [t.id for t in GB2021.tables if t.section == "s2"]
    assert {regions[t] for t in s2} == {(1, 10)}
    cells = read_cells(GB2021, doc, regions, truncated=False)
    assert cells.values["t2_art20_1.regulations.in_force"] == 5
    assert cells.values["t2_art20_5.admin_license.decisions"] == 12


def test_table_three_without_its_heading_starts_at_the_cross_check_note():
    doc = pipe(
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |",
        "(一)予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "四、政府信息公开行政复议、行政诉讼情况",
        "1 | 0 |",
    )
    regions = table_regions(GB2021, doc, find_headings(doc))
    assert regions["t3"][0] == 1
    assert doc.tokens[regions["t3"][1]].text.startswith("四、")


# -- year, agency, version -----------------------------------------------------------------


def lines(*raw):
    return [arabic_years(canon(line)) for line in raw]


def test_the_title_year_wins_and_the_period_year_is_kept_as_evidence():
    found = detect_year(
        lines(
            "示例县交通运输局2021年度政府信息公开工作年度报告",
            "本报告统计期限为2020年1月1日至2020年12月31日。",
        ),
        1,
    )
    assert (found.year, found.title_year, found.period_year) == (2021, 2021, 2020)
    assert found.period_text.startswith("本报告统计期限")


def test_a_year_in_chinese_numerals_is_read_from_the_title():
    assert detect_year(lines("示例县二〇二二年政府信息公开工作年度报告"), 1).year == 2022


def test_a_notice_that_forwards_the_report_is_not_its_title():
    found = detect_year(
        lines("关于印发示例县2020年政府信息公开工作年度报告的通知", "2019年,我县全面推进。"), 1
    )
    # No title and no period: the first sentence opening with a year decides.
    assert (found.title_year, found.period_year, found.year) == (None, None, 2019)


def test_the_statistics_period_end_alone_gives_the_year():
    found = detect_year(lines("工作报告", "全年数据统计至2022年12月31日。"), 1)
    assert (found.year, found.title_year, found.period_year) == (2022, None, 2022)


def test_implausible_or_absent_years_give_no_year():
    found = detect_year(
        lines("示例县1999年政府信息公开工作年度报告", "统计时间为1999年1月1日至1999年12月31日"), 1
    )
    assert (found.year, found.title_year, found.period_year) == (None, None, None)
    assert detect_year(lines("年度报告", "正文"), 1).year is None


@pytest.mark.parametrize(
    ("raw", "agency"),
    [
        (["示例县交通运输局2020年政府信息公开工作年度报告"], "示例县交通运输局"),
        (["2024年淮安市政府信息公开工作年度报告"], "淮安市"),
        (["淮安市人民政府", "2024年政府信息公开工作年度报告"], "淮安市人民政府"),
        (["首页>政务公开>示例市财政局2020年政府信息公开工作年度报告"], "示例市财政局"),
        (["政府信息公开年报", "一、总体情况", "本报告由示例市统计局编制。"], "示例市统计局"),
        (["政府信息公开年报", "如有疑问请与示例县司法局联系。"], "示例县司法局"),
        (["政府信息公开年报", "2020年,武定县审计局按照要求开展工作。"], "武定县审计局"),
        (["政府信息公开年报", "正文。", "示例县农业农村局"], "示例县农业农村局"),
        (["本机关2020年政府信息公开工作年度报告"], None),  # "本机关" names nobody
        (["年报"], None),
    ],
)
def test_agency_from_title_heading_line_sentence_or_signature(raw, agency):
    assert detect_agency(lines(*raw), 1) == agency


def test_version_markers_list_what_each_version_alone_prints():
    text = canon("本年新制作数量 … 政府集中采购 … 本年制发件数")
    assert version_markers(text) == {
        "gb2019": ["本年新制作数量", "政府集中采购"],
        "gb2021": ["本年制发件数"],
    }
    assert version_markers("一、总体情况") == {"gb2019": [], "gb2021": []}


def test_old_structure_is_recognised_from_its_top_headings():
    titles = top_headings_text(lines("一、概述", "(一)主动公开", "十一.其他事项", "1.第一项"))
    assert titles == ["概述", "其他事项"]
    assert looks_pre2019(titles)
    assert not looks_pre2019(["总体情况", "主动公开政府信息情况"])
    assert numeral_value(None) is None and numeral_value("六") == 6


def test_a_shifted_row_of_table_one_keeps_every_value():
    # 规章 has three columns (made, repealed, in force) and four cells, the first empty (a
    # label cell split in two). Before rows with ends were kept whole, the row closed after
    # three cells and 5 was lost; now the empty cell is the spurious one.
    doc = pipe(
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | | 1 | 0 | 5 |",
        "行政规范性文件 | 2 | 0 | 7 |",
    )
    read = whole(GB2021, "t2_art20_1", doc)
    table = GB2021.table("t2_art20_1")
    assert values(place(table, read.rows["regulations"], True)) == {
        "made": 1,
        "repealed": 0,
        "in_force": 5,
    }
    assert values(place(table, read.rows["admin_normative_docs"], True)) == {
        "made": 2,
        "repealed": 0,
        "in_force": 7,
    }


def test_a_cell_beyond_the_last_column_of_a_pipe_row_is_an_extra_not_dropped():
    # Table (五) of the 2021 format has one value column; "元" after 12 is a surplus cell of
    # a layout with row ends, so it stays in the row as an extra (RC_EXTRA_CELL).
    doc = read_text("信息内容 | 本年处理决定数量 |\n行政许可 | 12 | 元 |\n说明 | 无 |\n")
    row = whole(GB2021, "t2_art20_5", doc).rows["admin_license"]
    assert [token.text for token in row.extras] == ["元"]
