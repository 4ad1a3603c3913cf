"""The seed report (庐山市交通运输局 2020) and its catalogued defects
(shared/spec/seed-report-findings.md): each required one is its own finding."""

import pytest

from gongkai.reportcheck import check_file

from .shared import SEED, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def report():
    return check_file(SEED)


def find(report, rule, location):
    matches = [f for f in report.findings if f.rule == rule and f.location == location]
    assert len(matches) == 1, (rule, location, [(f.rule, f.location) for f in report.findings])
    return matches[0]


def test_detects_version_year_and_agency(report):
    assert (report.format, report.year, report.agency) == ("gb2019", 2020, "庐山市交通运输局")
    assert not report.truncated


def test_f02_duplicate_subheading_and_missing_five(report):
    f = find(report, "RC_SUBHEADING_NUMBERING", "s1")
    assert f.severity == "error"
    assert "（四）重复" in f.message and "缺少（五）" in f.message
    assert "(四)中国九江交通信息网内容保障" in f.evidence


def test_f03_item_five_missing(report):
    f = find(report, "RC_LIST_NUMBERING", "s1")
    assert "缺少5." in f.message
    assert f.evidence.startswith("6.提供公开信息")


def test_f06_previous_year_told_as_current(report):
    f = find(report, "RC_YEAR_IN_TEXT", "s1")
    assert "2019 年截至目前" in f.evidence
    assert "2019" in f.message


def test_f12_stray_unit_cell_in_the_fee_table(report):
    f = find(report, "RC_EXTRA_CELL", "t2_art20_8")
    assert f.evidence == "元"
    assert report.cells["t2_art20_8.admin_fees.prev_year_items"] == 0
    assert report.cells["t2_art20_8.admin_fees.change"] == 0


def test_f13_procurement_cells_blank(report):
    f = find(report, "X_NO_BLANKS", "t2_art20_9")
    assert f.severity == "error"
    assert set(f.cells) == {
        "t2_art20_9.central_procurement.procurement_items",
        "t2_art20_9.central_procurement.procurement_amount",
    }
    # The message names the row that is blank, not another table's columns.
    assert "政府集中采购" in f.message and "行政复议" not in f.message


def test_f14_heji_instead_of_zongji(report):
    f = find(report, "X_LABELS_EXACT", "t3")
    assert "“合计”应为“总计”" in f.message


def test_f17_table_three_blank(report):
    f = find(report, "X_NO_BLANKS", "t3")
    assert f.severity == "error"
    assert len(f.cells) == 161  # the three lone "0"s cannot be placed in a column for sure


@pytest.mark.parametrize("rule", ["T3_BALANCE", "T3_ROW_TOTAL", "T3_RESULTS_TOTAL"])
def test_f18_table_three_checks_cannot_be_verified(report, rule):
    f = find(report, rule, "t3")
    assert f.status == "unverifiable"
    assert "无法核验" in f.message


def test_f19_jieguo_weihu(report):
    f = find(report, "X_LABELS_EXACT", "t4")
    assert "“结果维护”应为“结果维持”" in f.message


@pytest.mark.parametrize("rule", ["T4_REVIEW_TOTAL", "T4_DIRECT_TOTAL", "T4_AFTER_REVIEW_TOTAL"])
def test_f20_table_four_totals_cannot_be_verified(report, rule):
    f = find(report, rule, "t4")
    assert f.status == "unverifiable"
    assert (
        "t4.count."
        + {
            "T4_REVIEW_TOTAL": "review_total",
            "T4_DIRECT_TOTAL": "direct_total",
            "T4_AFTER_REVIEW_TOTAL": "after_review_total",
        }[rule]
        in f.cells
    )
    assert find(report, "X_NO_BLANKS", "t4").severity == "error"


def test_f21_section_six_numbered_three(report):
    f = find(report, "X_SECTIONS_ORDER", "document")
    assert "应编号为“六”，实为“三”" in f.message
    assert f.evidence == "三、其他需要报告的事项"


def test_no_cross_check_is_reported_as_failed_and_errors_come_first(report):
    assert not [f for f in report.findings if f.rule.startswith("T") and f.status == "fail"]
    order = [f.severity for f in report.findings]
    assert order == sorted(order, key=["error", "warning", "info"].index)
    assert report.has_errors


def test_f05_an_event_of_2019_told_as_2020_work(report):
    f = find(report, "RC_EVENT_OF_OTHER_YEAR", "s1")
    assert f.severity == "warning"
    assert "壮丽70年" in f.message and "2019" in f.message
    assert "壮丽 70 年" in f.evidence


def test_f08_figures_counted_to_early_december(report):
    f = find(report, "RC_PARTIAL_YEAR", "s1")
    assert f.severity == "warning"
    assert "截至12月初" in f.message
    assert f.evidence.startswith("1.文件收发情况:截至 12 月初")


def test_f11_items_and_decisions_mixed_in_penalty_and_coercion(report):
    f = find(report, "RC_ITEMS_AS_DECISIONS", "t2_art20_6")
    assert f.severity == "warning"
    assert "209 + 10 = 219" in f.message and "10 + 6 = 16" in f.message
    assert "t2_art20_6.admin_penalty.decisions" in f.cells
    # 行政许可 1448 + 62 = 1510 ≠ 1550 does not follow the pattern.
    assert not [g for g in report.findings if g.location == "t2_art20_5"]


def test_f22_unnumbered_block_after_section_six(report):
    f = find(report, "RC_UNNUMBERED_SECTION", "document")
    assert f.severity == "warning"
    assert "下一步工作打算" in f.message


def test_seed_gives_at_least_four_distinct_findings_with_cell_ids(report):
    assert len(report.rules()) >= 4
    blank = find(report, "X_NO_BLANKS", "t2_art20_9")
    assert all(c.startswith("t2_art20_9.") for c in blank.cells)
