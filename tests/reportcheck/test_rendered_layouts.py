"""Issue 17's layouts, made from complete reports rendered by the project's own renderers
(tests/reportcheck/rendered.py): each reads back exactly, one changed cell or removed row is
found, and a cell the reader cannot place never yields an error."""

import re

import pytest

from gongkai.reportcheck import check_bytes
from gongkai.rules.formats import load_format

from . import rendered
from .fixtures import complete_cells, golden_2021_city_cells

# gb2021 uses the spec's golden city totals (five-digit numbers wrap in narrow PDF cells).
VERSIONS = {"gb2019": 2020, "gb2021": 2023}
TEXT = sorted(rendered.TEXT_LAYOUTS)
PDF = [f"pdf_{style}" for style in rendered.PDF_STYLES]
LAYOUTS = ["html", "docx", *TEXT, *PDF]
# Layouts that keep an empty cell where it was (the others lose it or merge it).
KEEP_BLANKS = ["html", "docx", "pipe_open", "cell_lines_mixed", *PDF]


def cells_of(fmt_id: str) -> dict:
    fmt = load_format(fmt_id)
    return golden_2021_city_cells(fmt) if fmt_id == "gb2021" else complete_cells(fmt)


def render(layout: str, fmt_id: str, cells: dict, drop: str | None = None):
    data = rendered.report_data(load_format(fmt_id), VERSIONS[fmt_id], cells)
    if layout == "html":
        return "report.html", rendered.html_page(data, drop)
    if layout == "docx":
        return "report.docx", rendered.docx(data, drop)
    if layout.startswith("pdf_"):
        return "report.pdf", rendered.pdf_bytes(data, layout[4:], drop)
    return "report.txt", rendered.TEXT_LAYOUTS[layout](data, drop)


def check(layout, fmt_id, cells, drop=None):
    return check_bytes(*render(layout, fmt_id, cells, drop))


def above_info(report):
    return {(f.rule, f.location) for f in report.findings if f.severity != "info"}


def errors(report):
    return [f for f in report.findings if f.severity == "error"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fmt_id", sorted(VERSIONS))
def test_unchanged_report_reads_exactly_with_nothing_above_info(fmt_id, layout):
    cells = cells_of(fmt_id)
    report = check(layout, fmt_id, cells)
    assert (report.format, report.year, report.agency) == (
        fmt_id,
        VERSIONS[fmt_id],
        rendered.AGENCY,
    )
    assert above_info(report) == set()
    wrong = {c: (v, report.cells[c]) for c, v in cells.items() if report.cells[c] != v}
    if layout == "run_together":
        # Section 二's tables have no arithmetic to split their run-together digits by,
        # and 表四's "16|1|12|27|56" could as well be "16|11|2|27|56": where two splits
        # are possible the cells stay unlocated (null), never guessed.
        assert set(wrong) == set(report.unlocated)
        assert all(report.cells[c] is None for c in wrong)
        assert not [c for c in wrong if c.startswith("t3.")]
    else:
        assert wrong == {}
        assert report.unlocated == []


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fmt_id", sorted(VERSIONS))
def test_one_changed_cell_is_found(fmt_id, layout):
    # The row still adds up (自然人 and 总计 both +1): only the column check of 表三 fails,
    # which every layout, run-together digits included, can prove.
    cells = cells_of(fmt_id)
    cells["t3.granted.natural_person"] += 1
    cells["t3.granted.total"] += 1
    report = check(layout, fmt_id, cells)
    assert report.cells["t3.granted.natural_person"] == cells["t3.granted.natural_person"]
    assert [(f.rule, f.location) for f in errors(report)] == [("T3_RESULTS_TOTAL", "t3")]
    (failed,) = errors(report)
    assert "t3.granted.natural_person" in failed.cells and "t3.granted.total" in failed.cells


@pytest.mark.parametrize("layout", ["html", *TEXT, "pdf_own"])
@pytest.mark.parametrize("fmt_id", sorted(VERSIONS))
def test_a_removed_row_is_found(fmt_id, layout):
    report = check(layout, fmt_id, cells_of(fmt_id), drop="t3.np_repeat")
    missing = next(f for f in report.findings if f.rule == "RC_ROW_MISSING")
    assert missing.severity == "error" and missing.location == "t3"
    assert "2.重复申请" in missing.message
    assert {c.split(".")[1] for c in missing.cells} == {"np_repeat"}
    # Nothing else is accused: the missing row's cells are not evaluated as failed sums.
    assert not [f for f in report.findings if f.rule.startswith("T3_") and f.status == "fail"]


@pytest.mark.parametrize("layout", KEEP_BLANKS)
@pytest.mark.parametrize("fmt_id", sorted(VERSIONS))
def test_a_blank_cell_is_blank_and_its_check_unverifiable(fmt_id, layout):
    cells = cells_of(fmt_id)
    cells["t4.count.review_other"] = None
    report = check(layout, fmt_id, cells)
    assert report.cells["t4.count.review_other"] is None
    assert report.cells["t4.count.review_total"] == cells["t4.count.review_total"]
    assert above_info(report) == {("X_NO_BLANKS", "t4"), ("T4_REVIEW_TOTAL", "t4")}
    (blank,) = [f for f in report.findings if f.rule == "X_NO_BLANKS"]
    assert blank.cells == ["t4.count.review_other"]


@pytest.mark.parametrize("layout", ["flip_book", "run_together"])
def test_a_blank_cell_that_vanished_is_never_a_failed_check(layout):
    cells = cells_of("gb2019")
    cells["t3.granted.commercial"] = None
    report = check(layout, "gb2019", cells)
    assert report.cells["t3.granted.commercial"] is None
    assert not [f for f in report.findings if f.rule.startswith("T3_") and f.status == "fail"]
    # Where it vanished, the row's values cannot all be placed: they are unlocated.
    assert "t3.granted.commercial" in report.unlocated or layout == "run_together"


def _merge_other_rows(text: str, sums: list[int]) -> str:
    """The 2021 table printed with （六）其他处理 as one row, the 2019 way."""
    lines = text.split("\n")
    first = next(i for i, ln in enumerate(lines) if "逾期不补正" in ln)
    last = next(i for i, ln in enumerate(lines) if ln.startswith("3.其他"))
    merged = " | ".join(["（六）其他处理", *map(str, sums)])
    return "\n".join([*lines[:first], merged, *lines[last + 1 :]])


def test_a_2021_table_with_one_other_handling_row_leaves_its_sub_rows_unlocated():
    cells = cells_of("gb2021")
    _, data = render("pipe_open", "gb2021", cells)
    columns = [c.id for c in load_format("gb2021").table("t3").columns]
    sums = [
        sum(
            cells[f"t3.{row}.{c}"]
            for row in ("other_no_correction", "other_fee_unpaid", "other_other")
        )
        for c in columns
    ]
    # The pipe layout prints the group label in front of the first sub-row only.
    text = re.sub(r"（六）其他处理 \| ", "", data.decode())
    report = check_bytes("report.txt", _merge_other_rows(text, sums).encode())
    sub_rows = {
        f"t3.{row}.{c}"
        for row in ("other_no_correction", "other_fee_unpaid", "other_other")
        for c in columns
    }
    assert set(report.unlocated) == sub_rows
    assert errors(report) == []
    info = next(f for f in report.findings if f.rule == "RC_CELLS_UNLOCATED")
    assert info.severity == "info" and "其他处理" in info.message
    results = next(f for f in report.findings if f.rule == "T3_RESULTS_TOTAL")
    assert results.status == "unverifiable"
    assert report.cells["t3.results_total.total"] == cells["t3.results_total.total"]


def test_misprinted_labels_and_headings_are_read_by_position():
    cells = cells_of("gb2019")
    _, data = render("pipe_open", "gb2019", cells)
    text = (
        data.decode()
        .replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
        .replace("社会公益组织", "社会公益 组织")
        .replace("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申情况")
    )
    report = check_bytes("report.txt", text.encode())
    assert report.cells == cells
    assert errors(report) == []
