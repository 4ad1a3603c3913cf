"""Splitting a row whose cells ran together, by hand-checked examples."""

from gongkai.reportcheck import check_bytes
from gongkai.reportcheck.digits import agreed, splits
from gongkai.rules.formats import load_format

GB2019 = load_format("gb2019")
GB2021 = load_format("gb2021")


def test_the_issue_example_has_one_split_whose_total_is_the_sum():
    # 23 | 0 | 0 | 0 | 0 | 0 | 23: "2|30|…" or "230|…" cannot make 总计 the sum.
    assert splits("230 000023", GB2019.table("t3")) == [(23, 0, 0, 0, 0, 0, 23)]


def test_two_consistent_splits_leave_their_columns_uncertain():
    # "55000010": 5|5|0|0|0|0|10 is the only split whose last cell is the sum.
    assert splits("55000010", GB2019.table("t3")) == [(5, 5, 0, 0, 0, 0, 10)]
    # 表四: the direct group "161122756" is 16|1|12|27|56, 16|11|2|27|56 or 16|11|22|7|56.
    row = "37697196121790" + "161122756" + "74130511" + "56"
    candidates = splits(row, GB2021.table("t4"))
    assert len(candidates) == 3
    certain = agreed(candidates, 15)
    assert certain[:5] == [(True, 376), (True, 97), (True, 196), (True, 121), (True, 790)]
    assert [c for c, _ in certain[5:10]] == [True, False, False, False, True]
    assert certain[10:] == [(True, v) for v in (74, 1, 30, 51, 156)]


def test_without_arithmetic_blanks_may_hide_at_either_end():
    # 第二十条第（五）项 2019: 上一年项目数量 | 本年增/减 | 处理决定数量, no sum between them.
    candidates = splits("373", GB2019.table("t2_art20_5"))
    assert (3, 7, 3) in candidates and (37, 3, None) in candidates
    assert not any(certain for certain, _ in agreed(candidates, 3))
    # One column: the digits are the cell, money keeps its decimals.
    assert splits("1603", GB2021.table("t2_art20_5")) == [(1603,)]
    assert splits("29.5", GB2021.table("t2_art20_8")) == [(29.5,)]


def test_no_consistent_split_is_an_empty_list():
    assert splits("2312", GB2019.table("t3")) == []


def test_a_run_together_report_row_is_read_and_an_ambiguous_one_is_unlocated():
    text = "\n".join(
        [
            "示例县审计局2020年政府信息公开工作年度报告",
            "二、主动公开政府信息情况",
            "第二十条第(五)项",
            "信息内容上一年项目数量本年增/减处理决定数量",
            "行政许可373",
            "三、收到和处理政府信息公开申请情况",
            "本年新收政府信息公开申请数量230 000023",
            "四、政府信息公开行政复议、行政诉讼情况",
        ]
    )
    report = check_bytes("report.txt", text.encode())
    assert report.cells["t3.new_received.natural_person"] == 23
    assert report.cells["t3.new_received.total"] == 23
    assert report.cells["t2_art20_5.admin_license.prev_year_items"] is None
    assert "t2_art20_5.admin_license.prev_year_items" in report.unlocated
    # (The text leaves out 其他对外管理服务事项: that row is missing, truly.)
    accused = [
        f for f in report.findings if f.severity == "error" and "admin_license" in str(f.cells)
    ]
    assert accused == []


def _every_composition(digits: str, count: int):
    """Every way of writing ``digits`` as ``count`` numbers without leading zeros."""
    if count == 1:
        if digits and (digits == "0" or not digits.startswith("0")):
            yield (int(digits),)
        return
    for stop in range(1, len(digits) - count + 2):
        head = digits[:stop]
        if len(head) > 1 and head.startswith("0"):
            break
        for rest in _every_composition(digits[stop:], count - 1):
            yield (int(head), *rest)


def _consistent_by_hand(values, table_id: str) -> bool:
    if table_id == "t3":
        return sum(values[:-1]) == values[-1]
    return all(sum(values[g : g + 4]) == values[g + 4] for g in (0, 5, 10))


def test_splits_of_a_row_without_spaces_are_exactly_those_the_arithmetic_allows():
    # The enumeration prunes (the 总计 first, casting out nines, the least sum of the
    # parts); a brute force over every composition must find the same splits.
    import random

    generator = random.Random(17)
    for fmt, table_id in ((GB2019, "t3"), (GB2021, "t3"), (GB2021, "t4")):
        table = fmt.table(table_id)
        n = len(table.columns)
        for _ in range(30):
            if table_id == "t3":
                parts = [generator.choice((0, 0, 1, 7, 12, 30, 123, 999)) for _ in range(n - 1)]
                row = [*parts, sum(parts)]
            else:
                row = []
                for _ in range(3):
                    parts = [generator.choice((0, 1, 2, 5)) for _ in range(4)]
                    row += [*parts, sum(parts)]
            digits = "".join(str(v) for v in row)
            expected = sorted(
                c for c in _every_composition(digits, n) if _consistent_by_hand(c, table_id)
            )
            assert tuple(row) in expected
            assert sorted(splits(digits, table)) == expected, digits
