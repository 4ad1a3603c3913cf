"""Mutation tests: complete correct reports, rendered in every layout, then one defect.

The unmodified report must produce no finding at all; each mutation must produce exactly
the findings its defect implies (listed by hand below, not computed by the checker)."""

import pytest

from gongkai.reportcheck import check_bytes
from gongkai.rules.formats import load_format

from .fixtures import RENDERERS, blocks, complete_cells, render

VERSIONS = [("gb2019", 2020), ("gb2021", 2023)]
LAYOUTS = list(RENDERERS)


def run(fmt_id, year, layout, cells=None, drop=()):
    fmt = load_format(fmt_id)
    cells = complete_cells(fmt) if cells is None else cells
    name, data = render(layout, blocks(fmt, cells, year, drop_sections=drop))
    return check_bytes(name, data)


def found(report):
    return {(f.rule, f.location) for f in report.findings}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("fmt_id", "year"), VERSIONS)
def test_unmodified_report_reads_exactly_and_has_no_findings(fmt_id, year, layout):
    cells = complete_cells(load_format(fmt_id))
    report = run(fmt_id, year, layout, cells)
    assert (report.format, report.year, report.agency) == (fmt_id, year, "示例县交通运输局")
    assert report.cells == cells
    assert found(report) == set()


# cell, new value, findings expected (rule, location)
CELL_MUTATIONS = [
    ("t3.granted.natural_person", +1, {("T3_ROW_TOTAL", "t3"), ("T3_RESULTS_TOTAL", "t3")}),
    ("t3.carried_in.total", +2, {("T3_ROW_TOTAL", "t3"), ("T3_BALANCE", "t3")}),
    (
        "t3.results_total.research",
        +1,
        {("T3_ROW_TOTAL", "t3"), ("T3_RESULTS_TOTAL", "t3"), ("T3_BALANCE", "t3")},
    ),
    ("t4.count.review_corrected", +1, {("T4_REVIEW_TOTAL", "t4")}),
    ("t4.count.direct_total", +1, {("T4_DIRECT_TOTAL", "t4")}),
    ("t4.count.after_review_pending", +3, {("T4_AFTER_REVIEW_TOTAL", "t4")}),
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("fmt_id", "year"), VERSIONS)
@pytest.mark.parametrize(("cell", "delta", "expected"), CELL_MUTATIONS, ids=lambda v: str(v))
def test_one_changed_cell_is_found_with_its_numbers(fmt_id, year, layout, cell, delta, expected):
    cells = complete_cells(load_format(fmt_id))
    cells[cell] += delta
    report = run(fmt_id, year, layout, cells)
    assert report.cells[cell] == cells[cell]
    assert found(report) == expected
    assert all(
        f.status == "fail" and f.severity == "error" and cell in f.cells for f in report.findings
    )


@pytest.mark.parametrize("layout", ["html", "docx", "pipe", "blank", "cells"])
@pytest.mark.parametrize(("fmt_id", "year"), VERSIONS)
def test_a_blank_cell_is_reported_and_makes_its_checks_unverifiable(fmt_id, year, layout):
    cells = complete_cells(load_format(fmt_id))
    cells["t4.count.review_other"] = None
    report = run(fmt_id, year, layout, cells)
    assert report.cells["t4.count.review_other"] is None
    assert report.cells["t4.count.review_total"] is not None
    assert found(report) == {("X_NO_BLANKS", "t4"), ("T4_REVIEW_TOTAL", "t4")}
    blank_check = next(f for f in report.findings if f.rule == "T4_REVIEW_TOTAL")
    assert blank_check.status == "unverifiable"


@pytest.mark.parametrize("layout", ["html", "docx", "pipe", "blank"])
def test_a_negative_count_is_reported(layout):
    cells = complete_cells(load_format("gb2021"))
    cells["t2_art20_6.admin_penalty.decisions"] = -5
    report = run("gb2021", 2023, layout, cells)
    assert found(report) == {("X_NONNEGATIVE", "t2_art20_6")}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("fmt_id", "year"), VERSIONS)
@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("s5", {("X_SECTIONS_ORDER", "document")}),
        ("s6", {("X_SECTIONS_ORDER", "document")}),
        ("s4", {("X_SECTIONS_ORDER", "document"), ("RC_TABLE_MISSING", "t4")}),
    ],
)
def test_a_removed_section_is_found(fmt_id, year, layout, section, expected):
    report = run(fmt_id, year, layout, drop=(section,))
    assert found(report) == expected
    message = next(f.message for f in report.findings if f.rule == "X_SECTIONS_ORDER")
    assert load_format(fmt_id).section(section).heading in message


@pytest.mark.parametrize("layout", ["html", "pipe", "plain"])
def test_a_2021_report_written_in_the_2019_layout_is_flagged(layout):
    cells = complete_cells(load_format("gb2019"))
    report = run("gb2019", 2021, layout, cells)
    assert ("RC_FORMAT_MISMATCH", "s2") in found(report)
    f = next(f for f in report.findings if f.rule == "RC_FORMAT_MISMATCH")
    assert "第二十条第(九)项" in f.evidence or "政府集中采购" in f.evidence


def test_truncating_a_rendered_report_gives_incomplete_not_failed_checks():
    fmt = load_format("gb2021")
    name, data = render("pipe", blocks(fmt, complete_cells(fmt), 2023))
    text = data.decode("utf-8")
    cut = text.index("（二）部分公开")
    report = check_bytes(name, text[: cut + 60].encode("utf-8"))
    assert report.truncated
    assert found(report) == {("RC_INCOMPLETE", None)}
    assert report.cells["t3.new_received.total"] is not None
    assert report.cells["t4.count.review_total"] is None
