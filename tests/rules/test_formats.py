"""The report-format data and the generic evaluation of its cross-checks (勾稽关系)."""

import json
from pathlib import Path

import pytest

from gongkai.rules.formats import (
    PRE2019,
    format_for_year,
    format_id_for_year,
    format_ids,
    load_format,
)
from tests.reportcheck.fixtures import complete_cells, golden_2021_city_cells

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "annual-report-formats.json"


def failing(results):
    return {(r.rule, tuple(sorted(r.instance.items()))) for r in results if r.status == "fail"}


def statuses(results, rule):
    return {r.status for r in results if r.rule == rule}


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2018, None),
        (2019, "gb2019"),
        (2020, "gb2019"),
        (2021, "gb2021"),
        (2025, "gb2021"),
        (2030, "gb2021"),
    ],
)
def test_version_is_chosen_by_report_year(year, expected):
    fmt = format_for_year(year)
    assert (fmt.id if fmt else None) == expected


def test_a_year_before_2019_is_pre2019():
    assert format_id_for_year(2018) == PRE2019
    assert format_id_for_year(2010) == PRE2019
    assert format_id_for_year(2020) == "gb2019"


def test_both_versions_are_data_files_with_sources():
    assert format_ids() == ["gb2019", "gb2021"]
    for fmt_id in format_ids():
        fmt = load_format(fmt_id)
        assert fmt.sources and all("what" in s for s in fmt.sources)
        assert fmt.document_number.startswith("国办公开办函")


def test_unknown_version_raises_key_error():
    with pytest.raises(KeyError):
        load_format("gb2099")


def test_cell_ids_count_every_data_cell():
    assert len(load_format("gb2019").cell_ids()) == 198  # 22 + 161 + 15
    assert len(load_format("gb2021").cell_ids()) == 200  # 10 + 175 + 15
    assert "t3.other.total" in load_format("gb2019").cell_ids()
    assert "t3.other.total" not in load_format("gb2021").cell_ids()
    assert "t3.other_fee_unpaid.total" in load_format("gb2021").cell_ids()
    assert "t2_art20_9.central_procurement.procurement_amount" in load_format("gb2019").cell_ids()


def test_labels_and_sections_come_from_the_data():
    fmt = load_format("gb2021")
    assert [s.heading for s in fmt.sections][5] == "六、其他需要报告的事项"
    assert fmt.cell_label("t3.granted.total") == "（一）予以公开 / 总计"
    assert fmt.cell_label("t4.count.direct_pending") == "行政诉讼 / 未经复议直接起诉 / 尚未审结"
    assert fmt.table("t2_art20_8").column("fee_amount").value_type == "money"
    assert fmt.table("t3").row("other_no_correction").path == (
        "三、本年度办理结果",
        "（六）其他处理",
    )


@pytest.mark.skipif(not SPEC.is_file(), reason="shared spec not found beside the repository")
def test_data_files_keep_the_spec_ids_and_rules():
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    for version in spec["versions"]:
        fmt = load_format(version["id"])
        assert [r.id for r in fmt.rules] == [r["id"] for r in version["rules"]]
        for ours, theirs in zip(fmt.data["rules"], version["rules"], strict=True):
            assert {k: v for k, v in ours.items() if k in theirs} == theirs
        assert fmt.data["tables"] == version["tables"]
        assert fmt.data["sections"] == version["sections"]


@pytest.mark.parametrize("fmt_id", ["gb2019", "gb2021"])
def test_a_consistent_complete_table_passes_every_rule(fmt_id):
    fmt = load_format(fmt_id)
    results = fmt.evaluate(complete_cells(fmt))
    assert results and {r.status for r in results} == {"pass"}


def test_golden_2021_city_table_passes_all_rules():
    fmt = load_format("gb2021")
    cells = golden_2021_city_cells(fmt)
    assert cells["t3.new_received.total"] + cells["t3.carried_in.total"] == 13612 + 535
    assert cells["t3.results_total.total"] + cells["t3.carried_out.total"] == 13364 + 783
    assert (
        cells["t4.count.review_total"],
        cells["t4.count.direct_total"],
        cells["t4.count.after_review_total"],
    ) == (790, 56, 156)
    results = fmt.evaluate(cells)
    assert {r.status for r in results} == {"pass"}
    assert {r.rule for r in results} >= {
        "T3_BALANCE",
        "T3_ROW_TOTAL",
        "T3_RESULTS_TOTAL",
        "T4_REVIEW_TOTAL",
        "T4_DIRECT_TOTAL",
        "T4_AFTER_REVIEW_TOTAL",
        "X_NONNEGATIVE",
        "X_NO_BLANKS",
    }


def test_one_changed_leaf_breaks_its_row_and_column_sums_with_the_numbers():
    fmt = load_format("gb2021")
    cells = complete_cells(fmt)
    cells["t3.partial.commercial"] += 3
    results = fmt.evaluate(cells)
    assert failing(results) == {
        ("T3_ROW_TOTAL", (("$row", "partial"),)),
        ("T3_RESULTS_TOTAL", (("$col", "commercial"),)),
    }
    row = next(r for r in results if r.rule == "T3_ROW_TOTAL" and r.status == "fail")
    assert row.rhs - row.lhs == 3
    assert "t3.partial.commercial" in row.cells


def test_balance_breaks_when_carried_out_is_wrong():
    fmt = load_format("gb2019")
    cells = complete_cells(fmt)
    cells["t3.carried_out.total"] += 1
    assert failing(fmt.evaluate(cells)) == {
        ("T3_BALANCE", (("$col", "total"),)),
        ("T3_ROW_TOTAL", (("$row", "carried_out"),)),
    }


def test_t4_totals():
    fmt = load_format("gb2021")
    cells = complete_cells(fmt)
    cells["t4.count.after_review_pending"] += 1
    assert failing(fmt.evaluate(cells)) == {("T4_AFTER_REVIEW_TOTAL", ())}


def test_blank_cells_are_unverifiable_never_pass():
    fmt = load_format("gb2019")
    cells = dict.fromkeys(fmt.cell_ids())
    cells["t3.new_received.natural_person"] = 0
    results = fmt.evaluate(cells)
    for rule in ("T3_BALANCE", "T3_ROW_TOTAL", "T3_RESULTS_TOTAL", "T4_REVIEW_TOTAL"):
        assert statuses(results, rule) == {"unverifiable"}
    assert statuses(results, "X_NO_BLANKS") == {"fail"}
    blank = next(r for r in results if r.rule == "T4_REVIEW_TOTAL")
    assert "t4.count.review_total" in blank.blank_cells


def test_nonnegative_counts_signed_changes_and_money():
    fmt = load_format("gb2019")
    cells = complete_cells(fmt)
    cells["t2_art20_5.admin_license.change"] = -4  # 本年增/减 may be negative
    cells["t2_art20_9.central_procurement.procurement_amount"] = 12.5
    assert statuses(fmt.evaluate(cells), "X_NONNEGATIVE") == {"pass"}
    cells["t2_art20_1.regulations.new_made"] = 1.5
    cells["t2_art20_6.admin_penalty.decisions"] = -1
    bad = [r for r in fmt.evaluate(cells) if r.rule == "X_NONNEGATIVE" and r.status == "fail"]
    assert {c for r in bad for c in r.cells} == {
        "t2_art20_1.regulations.new_made",
        "t2_art20_6.admin_penalty.decisions",
    }


def test_carry_over_needs_last_years_cells_across_versions():
    this = load_format("gb2021")
    cells = complete_cells(this)
    assert not [r for r in this.evaluate(cells) if r.rule == "X_CARRY_OVER"]
    last = complete_cells(load_format("gb2019"), seed=3)
    for col in (
        "natural_person",
        "commercial",
        "research",
        "public_welfare",
        "legal_services",
        "other_org",
        "total",
    ):
        last[f"t3.carried_out.{col}"] = cells[f"t3.carried_in.{col}"]
    results = this.evaluate(cells, previous=last, previous_format="gb2019")
    assert statuses(results, "X_CARRY_OVER") == {"pass"}
    last["t3.carried_out.total"] += 2
    results = this.evaluate(cells, previous=last, previous_format="gb2019")
    failed = [r for r in results if r.rule == "X_CARRY_OVER" and r.status == "fail"]
    assert [(r.instance, r.severity) for r in failed] == [({"$col": "total"}, "warning")]
    assert "t3.carried_out.total@Y-1" in failed[0].cells
    # The in-force roll-forward is a gb2021-to-gb2021 rule only.
    assert not [r for r in results if r.rule == "X_2021_IN_FORCE_ROLL"]


def test_in_force_roll_between_two_2021_reports_is_info():
    fmt = load_format("gb2021")
    cells = complete_cells(fmt)
    last = complete_cells(fmt, seed=11)
    for row in ("regulations", "admin_normative_docs"):
        cells[f"t2_art20_1.{row}.in_force"] = (
            last[f"t2_art20_1.{row}.in_force"]
            + cells[f"t2_art20_1.{row}.made"]
            - cells[f"t2_art20_1.{row}.repealed"]
        )
    results = fmt.evaluate(cells, previous=last, previous_format="gb2021")
    assert statuses(results, "X_2021_IN_FORCE_ROLL") == {"pass"}
    cells["t2_art20_1.regulations.in_force"] += 1
    bad = [
        r
        for r in fmt.evaluate(cells, previous=last, previous_format="gb2021")
        if r.status == "fail" and r.rule == "X_2021_IN_FORCE_ROLL"
    ]
    assert [(r.instance, r.severity) for r in bad] == [({"$row": "regulations"}, "info")]


def test_2019_item_counts_roll_forward():
    fmt = load_format("gb2019")
    cells = complete_cells(fmt)
    last = complete_cells(fmt, seed=5)
    for tbl_row in (
        "t2_art20_5.admin_license",
        "t2_art20_5.other_mgmt_services",
        "t2_art20_6.admin_penalty",
        "t2_art20_6.admin_coercion",
        "t2_art20_8.admin_fees",
    ):
        cells[f"{tbl_row}.prev_year_items"] = (
            last[f"{tbl_row}.prev_year_items"] + last[f"{tbl_row}.change"]
        )
    results = fmt.evaluate(cells, previous=last, previous_format="gb2019")
    assert statuses(results, "X_2019_ITEMS_CARRY") == {"pass"}
    cells["t2_art20_8.admin_fees.prev_year_items"] += 1
    results = fmt.evaluate(cells, previous=last, previous_format="gb2019")
    assert {f for f in failing(results) if f[0] == "X_2019_ITEMS_CARRY"} == {
        ("X_2019_ITEMS_CARRY", (("$tbl_row", "t2_art20_8.admin_fees"),))
    }


def test_published_cannot_exceed_total_in_2019():
    fmt = load_format("gb2019")
    cells = complete_cells(fmt)
    cells["t2_art20_1.normative_docs.new_published"] = (
        cells["t2_art20_1.normative_docs.total_published"] + 1
    )
    bad = [r for r in fmt.evaluate(cells) if r.status == "fail"]
    assert [(r.rule, r.severity) for r in bad] == [("T2_2019_PUBLISHED_LE_TOTAL", "info")]


def test_format_specific_words_and_cells_are_in_the_format_data():
    from gongkai.rules.formats import all_formats

    formats = all_formats()
    for fmt in formats:
        # The words that tell this version apart name rows or columns it has…
        assert fmt.version_only_markers
        # …and the cells a narrative quotes exist in it.
        assert all(fmt.has_cell(cell) for cell in fmt.narrative_cells.values())
    first, second = formats[0], formats[1]
    assert not set(first.version_only_markers) & set(second.version_only_markers)
    assert first.narrative_cells.keys() == second.narrative_cells.keys()
