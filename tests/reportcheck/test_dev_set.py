"""The 41 real report texts of shared/data/reports-dev against their index."""

import re

import pytest

from gongkai.reportcheck import check_file
from gongkai.reportcheck.text import canon

from .shared import DEV, dev_index, needs_shared

pytestmark = needs_shared

TEXTS = [entry for entry in dev_index() if entry["id"] != "huaian-2024"]
CROSS_CHECKS = {
    "T3_BALANCE",
    "T3_ROW_TOTAL",
    "T3_RESULTS_TOTAL",
    "T4_REVIEW_TOTAL",
    "T4_DIRECT_TOTAL",
    "T4_AFTER_REVIEW_TOTAL",
    "T2_2019_PUBLISHED_LE_TOTAL",
}


def check(entry):
    return check_file(DEV / f"{entry['id']}.txt")


def without_commentary(name: str) -> str:
    return canon(re.sub(r"（.*?）|\(.*?\)", "", name))


@pytest.mark.parametrize("entry", TEXTS, ids=lambda e: e["id"])
def test_format_and_year_as_labelled(entry):
    report = check(entry)
    assert (report.format, report.year) == (entry["format"], entry["year"])


@pytest.mark.parametrize("entry", TEXTS, ids=lambda e: e["id"])
def test_agency_as_labelled(entry):
    report = check(entry)
    expected = without_commentary(entry["agency"])
    text = canon((DEV / f"{entry['id']}.txt").read_text(encoding="utf-8"))
    if expected.startswith("某") or (report.agency is None and expected not in text):
        # The index names an agency the text never does (inferred from URL or body).
        return
    assert report.agency is not None
    got = canon(report.agency)
    # The text may give a shorter form (梅塘镇 for 普宁市梅塘镇人民政府) or the office that
    # compiled the report; both must name the same body.
    assert got in expected or expected in got, (got, expected)


@pytest.mark.parametrize("entry", [e for e in TEXTS if e.get("truncated")], ids=lambda e: e["id"])
def test_truncated_texts_are_incomplete_never_failed_cross_checks(entry):
    report = check(entry)
    if entry["format"] != "pre2019":
        assert report.truncated
        assert "RC_INCOMPLETE" in report.rules()
    failed = [f for f in report.findings if f.rule in CROSS_CHECKS and f.status == "fail"]
    assert failed == []
    assert "RC_TABLE_MISSING" not in report.rules() or entry["id"] == "142"


def test_complete_pre2019_report_is_not_called_truncated():
    report = check({"id": "003"})
    assert report.format == "pre2019"
    assert not report.truncated
    assert report.rules() == {"RC_PRE2019"}


def test_2019_report_in_the_old_structure_is_flagged_as_warning():
    report = check({"id": "144"})
    f = next(f for f in report.findings if f.rule == "RC_FORMAT_MISMATCH")
    assert f.severity == "warning"  # 2019 was the transition year


@pytest.mark.parametrize(("report_id", "year"), [("127", "2019"), ("129", "2022")])
def test_wrong_year_in_the_body_is_found(report_id, year):
    report = check({"id": report_id})
    f = next(f for f in report.findings if f.rule == "RC_YEAR_IN_TEXT")
    assert year in f.evidence


def test_heading_that_lost_its_numeral_is_found():
    report = check({"id": "126"})
    f = next(f for f in report.findings if f.rule == "X_SECTIONS_ORDER")
    assert "主动公开政府信息情况" in f.message


def test_extra_row_in_table_two_is_found_and_not_mixed_into_cells():
    report = check({"id": "122"})
    assert "RC_EXTRA_ROW" in report.rules()
    assert report.cells["t2_art20_1.normative_docs.total_published"] == 119
    assert report.cells["t2_art20_1.regulations.new_made"] == 2


def test_blank_cells_in_a_blank_line_layout_keep_their_place():
    report = check({"id": "123"})
    assert report.cells["t2_art20_1.admin_normative_docs.in_force"] == 3
    assert report.cells["t2_art20_1.admin_normative_docs.made"] is None
    f = next(f for f in report.findings if f.rule == "X_NO_BLANKS")
    assert f.location == "t2_art20_1" and len(f.cells) == 5


def test_blank_in_force_cells_in_pipe_rows():
    report = check({"id": "119"})
    assert report.cells["t2_art20_5.admin_license.decisions"] == 1300
    f = next(f for f in report.findings if f.rule == "X_NO_BLANKS")
    assert set(f.cells) == {
        "t2_art20_1.regulations.in_force",
        "t2_art20_1.admin_normative_docs.in_force",
    }


def test_single_space_cells_count_as_blank():
    report = check({"id": "118"})
    assert report.cells["t2_art20_5.admin_license.decisions"] == 1625
    assert report.cells["t2_art20_6.admin_penalty.decisions"] == 112
    assert report.cells["t2_art20_5.other_mgmt_services.decisions"] is None


def test_traditional_script_mirror_is_read():
    report = check({"id": "124"})
    assert report.cells["t2_art20_9.central_procurement.procurement_items"] == 236
    assert report.cells["t2_art20_9.central_procurement.procurement_amount"] == 80618


def test_money_with_unit_in_the_cell():
    report = check({"id": "117"})
    assert report.cells["t2_art20_9.central_procurement.procurement_amount"] == 152790


def test_table_two_values_of_the_2021_layouts():
    assert check({"id": "121"}).cells["t2_art20_6.admin_penalty.decisions"] == 1311
    assert check({"id": "120"}).cells["t2_art20_5.admin_license.decisions"] == 423
    assert check({"id": "114"}).cells["t2_art20_8.admin_fees.fee_amount"] == 0


def test_tables_missing_from_a_report_are_found():
    report = check({"id": "142"})
    missing = {f.location for f in report.findings if f.rule == "RC_TABLE_MISSING"}
    assert {"t3", "t4"} <= missing
