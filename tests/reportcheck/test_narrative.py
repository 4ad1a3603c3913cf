"""The narrative checks on short texts: both sides of each boundary."""

from gongkai.reportcheck.narrative import (
    events_of_other_years,
    items_told_as_decisions,
    partial_year_counts,
    unnumbered_blocks,
)


def test_a_theme_of_an_earlier_year_is_found_and_of_the_same_year_is_not():
    lines = ["召开壮丽70年新闻发布会", "庆祝建党100周年"]
    assert events_of_other_years(lines, (0, 2), 2020) == [("壮丽70年", 2019, 0)]
    assert events_of_other_years(lines, (0, 2), 2019) == []


def test_a_count_to_a_date_before_year_end_is_found_and_to_31_december_is_not():
    lines = ["截至12月初,收发公文1221件", "截至12月底,共公开100条", "截至2020年11月30日,办理5件"]
    assert [c for c, _ in partial_year_counts(lines, (0, 3), 2020)] == [
        "截至12月初",
        "截至2020年11月30日",
    ]
    assert partial_year_counts(["截至12月31日,共10条"], (0, 1), 2020) == []
    # Another year's date is told by RC_YEAR_IN_TEXT, not here.
    assert partial_year_counts(["截至2019年11月30日"], (0, 1), 2020) == []


def test_an_unnumbered_heading_after_section_six_is_found_and_prose_is_not():
    lines = ["无其他需要报告的事项", "下一步工作打算", "继续做好政务信息工作,重点落实相关要求;"]
    assert unnumbered_blocks(lines, 0) == [1]
    assert unnumbered_blocks(["下一步将加强培训。", "相关附件:"], 0) == []


def test_rows_filled_as_last_year_plus_change_are_found():
    cells = {
        "t.a.prev_year_items": 209,
        "t.a.change": 10,
        "t.a.decisions": 219,
        "t.b.prev_year_items": 1448,
        "t.b.change": 62,
        "t.b.decisions": 1550,
        "t.c.prev_year_items": 0,
        "t.c.change": 0,
        "t.c.decisions": 0,
        "u.d.prev_year_items": 10,
        "u.d.change": 6,
        "u.d.decisions": 16,
    }
    assert items_told_as_decisions(cells, ("t", "u")) == ["t.a", "u.d"]
    # One row adding up alone may be chance.
    assert items_told_as_decisions(cells, ("t",)) == []
