"""Canonical text, cell numbers and the label tables the checker matches against.

Every expectation below is read off the input by hand: canonical text is NFKC + simplified
characters + no pinyin + no whitespace, and a cell is a number, a blank mark, a unit or text.
"""

from pathlib import Path

import pytest

from gongkai.reportcheck import ids
from gongkai.reportcheck.labels import (
    CAPTION,
    CAPTION_TABLES,
    HEADING,
    ROW_KEYS,
    ROW_PATTERNS,
    SECTION_KEYS,
    VERSION_ONLY_MARKERS,
    WRONG_LABELS,
    number_value,
)
from gongkai.reportcheck.text import arabic_years, canon, canon_keep_spaces, parse_number
from gongkai.rules.formats import load_format

# -- canonical form ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Ideographic space, no-break space, zero-width space and BOM are all whitespace.
        ("\u3000本年\u3000新收 ", "本年新收"),
        ("行政\u00a0许可", "行政许可"),
        ("\ufeff\u200b12", "12"),
        ("本 年 度\t办 理\n结 果", "本年度办理结果"),
        # Full-width digits, comma, colon and brackets become half-width.
        ("１，４４８", "1,448"),
        ("（七）总计", "(七)总计"),
        ("本年收费金额（单位：万元）", "本年收费金额(单位:万元)"),
        ("５．５万元", "5.5万元"),
        # Brackets NFKC leaves alone are folded by hand.
        ("〔2021〕30号", "[2021]30号"),
        ("【一】﹝二﹞", "[一][二]"),
        # Every dash a report uses for "nothing" is one hyphen.
        ("—", "-"),
        ("——", "--"),
        ("–3", "-3"),
        ("－3", "-3"),
        ("―", "-"),
        # The enumeration comma stays: headings are split on it.
        ("一、总体情况", "一、总体情况"),
        # Traditional mirror pages with inline pinyin.
        ("行政復議", "行政复议"),
        ("結轉下年度繼續辦理", "结转下年度继续办理"),
        ("區(qū)政府", "区政府"),
        ("(ABC)", "(ABC)"),  # capitals are not pinyin
        ("黨(dǎng)委的(de)工作", "党委的工作"),  # a neutral tone has no mark
        ("數（shù）據（jù）", "数据"),  # full-width brackets
        # A bracketed word that is no syllable, or stands after no character, is text.
        ("政务(app)", "政务(app)"),
        ("公开(pdf)格式", "公开(pdf)格式"),
        ("平台(gov)", "平台(gov)"),
        ("(qū)", "(qū)"),
    ],
)
def test_canon_folds_width_dashes_script_pinyin_and_all_whitespace(raw, expected):
    assert canon(raw) == expected


def test_canon_keep_spaces_collapses_runs_of_whitespace_to_one_space_and_trims():
    assert canon_keep_spaces("  本 年\u3000 新收\t 3  ") == "本 年 新收 3"
    assert canon_keep_spaces("行政處罰　１２") == "行政处罚 12"


def test_canon_is_idempotent_on_its_own_output():
    once = canon("（三）不予公開　1.屬於國家秘密 —")
    assert once == "(三)不予公开1.属于国家秘密-"
    assert canon(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("二〇二〇年度", "2020年度"),
        ("二零二一年", "2021年"),
        ("二○二二年", "2022年"),
        ("报告期为二〇二三年一月", "报告期为2023年一月"),
        # Three numerals are not a year; the month after a year is left alone.
        ("二〇二年", "二〇二年"),
        ("十二月", "十二月"),
    ],
)
def test_years_spelt_in_chinese_numerals_are_written_in_digits_and_nothing_else(raw, expected):
    assert arabic_years(raw) == expected


# -- cell numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("0", ("num", 0, None)),
        ("0.00", ("num", 0.0, None)),
        ("00012", ("num", 12, None)),
        ("1,448", ("num", 1448, None)),
        ("12,345,678", ("num", 12345678, None)),
        ("1,448.50", ("num", 1448.5, None)),
        ("96171.6", ("num", 96171.6, None)),
        ("12.5万元", ("num", 12.5, "万元")),
        ("12.5元", ("num", 12.5, "元")),
        ("3件", ("num", 3, "件")),
        ("3个", ("num", 3, "个")),
        ("50%", ("num", 50, "%")),
        ("-3", ("num", -3, None)),
        ("+3", ("num", 3, None)),
        ("-0", ("num", 0, None)),
        ("〇", ("num", 0, None)),
        ("零", ("num", 0, None)),
        ("○", ("num", 0, None)),
    ],
)
def test_numbers_with_separators_decimals_signs_and_units(cell, expected):
    kind, value, unit = parse_number(cell)
    assert (kind, value, unit) == expected
    # An integer cell stays an int so "3" and "3.0" are told apart in the output.
    assert isinstance(value, type(expected[1]))


@pytest.mark.parametrize(
    "cell",
    ["", "-", "--", "---", "/", "//", "-/-", "\\", "无", "空", "×", "x", "*", "…", "...", "_"],
)
def test_blank_marks_are_blanks_that_remember_the_mark(cell):
    assert parse_number(cell) == ("blank", None, cell)


def test_a_dash_of_any_width_is_a_blank_only_when_nothing_follows_it():
    assert parse_number(canon("—"))[0] == "blank"
    assert parse_number(canon("——"))[0] == "blank"
    assert parse_number(canon("—5")) == ("num", -5, None)


def test_the_unicode_minus_sign_is_a_minus():
    # U+2212, what word processors put in "−2"; it was read as text and blanked the row.
    assert parse_number(canon("\u22122")) == ("num", -2, None)
    assert parse_number(canon("\u2212")) == ("blank", None, "-")


@pytest.mark.parametrize("cell", ["元", "万元"])
def test_a_lone_money_unit_is_a_unit_cell_not_a_blank(cell):
    assert parse_number(cell) == ("unit", None, cell)


# A broken thousands group, bare or doubled decimal points, exponents, hex, 万 alone (not
# one of the units), other units, a hedged number and a year.
GARBAGE = ["1,44", "1,4480", ".5", "5.", "1.2.3", "1e3", "0x10", "3万", "12kg", "约12", "2020年"]


@pytest.mark.parametrize("cell", GARBAGE)
def test_garbage_cells_are_text_never_a_guessed_number(cell):
    assert parse_number(cell) == ("text", None, None)


def test_full_width_cells_parse_once_made_canonical():
    assert parse_number(canon("１２")) == ("num", 12, None)
    assert parse_number(canon("－１２")) == ("num", -12, None)
    assert parse_number(canon("１，２００．５万元")) == ("num", 1200.5, "万元")


# -- numerals, headings, captions ---------------------------------------------------------


def test_section_numerals_up_to_ninety_nine():
    expected = {"一": 1, "九": 9, "十": 10, "十一": 11, "十九": 19, "二十": 20, "二十三": 23}
    expected |= {"九十九": 99, "6": 6, "１２": 12}  # full-width digits are digits too
    expected |= {"百": 0, "": 0}  # out of range: 0, never a crash
    assert {numeral: number_value(numeral) for numeral in expected} == expected


@pytest.mark.parametrize(
    ("line", "groups"),
    [
        ("一、总体情况", ("一", "总体情况")),
        ("六.其他需要报告的事项", ("六", "其他需要报告的事项")),
        ("十一、附件", ("十一", "附件")),
        ("、主动公开政府信息情况", (None, "主动公开政府信息情况")),  # numeral lost
    ],
)
def test_heading_pattern_takes_an_optional_chinese_numeral_and_a_short_title(line, groups):
    assert HEADING.match(line).groups() == groups


@pytest.mark.parametrize(
    "line",
    [
        "1.总体情况",  # Arabic numerals number list items, not sections
        "(一)主动公开",  # a sub-heading
        "一、a",  # title too short
        "一、" + "长" * 31,  # a sentence, not a title
    ],
)
def test_lines_that_are_not_top_level_headings(line):
    assert HEADING.match(line) is None


def test_each_caption_numeral_names_one_table_of_section_two():
    assert CAPTION.search(canon("第二十条第（九）项")).group(1) == "九"
    assert CAPTION.search("第二十条第(十)项").group(1) == "十"
    assert CAPTION.search("第二十一条第(一)项") is None
    captioned = set(CAPTION_TABLES.values())
    for fmt_id in ("gb2019", "gb2021"):
        fmt = load_format(fmt_id)
        s2_tables = {t.id for t in fmt.tables if t.section == "s2"}
        assert s2_tables <= captioned
        for table_id in s2_tables:
            caption = canon(fmt.table(table_id).caption)
            assert CAPTION_TABLES[CAPTION.search(caption).group(1)] == table_id


def test_the_short_other_row_is_only_recognised_with_its_number():
    pattern = ROW_PATTERNS["other_other"]
    assert all(
        pattern.match(c) for c in ["3.其他", "3、其他", "(3)其他", "(三)其他", "三、其他", "3)其他"]
    )
    # Bare "其他" is the 表三 column header.
    assert not any(pattern.match(c) for c in ["其他", "3.其他处理", "4.其他"])


def test_the_results_total_row_may_drop_its_numeral_but_not_change_it():
    pattern = ROW_PATTERNS["results_total"]
    assert all(pattern.match(c) for c in ["总计", "合计", "(七)总计", "七、合计", "七.总计"])
    assert not any(pattern.match(c) for c in ["(七)总计数", "(7)总计", "(六)总计"])


# -- the label tables themselves -----------------------------------------------------------


def test_every_fragment_is_written_in_canonical_form_or_it_could_never_match():
    fragments = [f for keys in ROW_KEYS.values() for f in keys]
    fragments += [f for keys in SECTION_KEYS.values() for f in keys]
    fragments += [m for markers in VERSION_ONLY_MARKERS.values() for m in markers]
    fragments += [w for table in WRONG_LABELS.values() for pair in table.items() for w in pair]
    assert [f for f in fragments if canon(f) != f] == []


def test_every_data_row_of_every_format_has_a_key_except_the_unlabelled_table_four_row():
    for fmt_id in ("gb2019", "gb2021"):
        for table in load_format(fmt_id).tables:
            for row in table.rows:
                if table.id == "t4":
                    continue
                assert row.id in ROW_KEYS or row.id in ROW_PATTERNS, (fmt_id, row.id)


def test_version_markers_are_exclusive_to_their_version_and_absent_from_the_other_format():
    assert not set(VERSION_ONLY_MARKERS["gb2019"]) & set(VERSION_ONLY_MARKERS["gb2021"])
    for version, other in (("gb2019", "gb2021"), ("gb2021", "gb2019")):
        fmt = load_format(other)
        labels = [canon(c.label) for t in fmt.tables for c in t.columns]
        labels += [canon(r.label) for t in fmt.tables for r in t.rows]
        labels += [canon(t.caption or "") for t in fmt.tables]
        leaked = [m for m in VERSION_ONLY_MARKERS[version] if any(m in lab for lab in labels)]
        assert leaked == [], (version, leaked)


def test_each_official_section_title_names_exactly_one_section():
    fmt = load_format("gb2021")
    for section in fmt.sections:
        hits = [
            s for s, keys in SECTION_KEYS.items() if any(k in canon(section.title) for k in keys)
        ]
        assert hits == [section.id]


# -- the checker's own rule ids ------------------------------------------------------------


def test_own_rule_ids_are_unique_prefixed_and_all_listed():
    constants = {
        value for name, value in vars(ids).items() if name.isupper() and isinstance(value, str)
    }
    assert len(ids.ALL) == len(set(ids.ALL)) == 19
    assert set(ids.ALL) == constants
    assert all(rule.startswith("RC_") for rule in ids.ALL)


def test_every_own_rule_id_is_documented_in_the_readme_table():
    import gongkai.reportcheck as package

    readme = (Path(package.__file__).parent / "README.md").read_text(encoding="utf-8")
    assert [rule for rule in ids.ALL if f"| `{rule}` |" not in readme] == []
