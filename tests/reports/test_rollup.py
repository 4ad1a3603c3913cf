"""The supervisor's rollup: published tables summed cell by cell, the agencies that could not
be counted listed with the reason, the sums downloadable as JSON and CSV — and nothing for
anyone but the supervisor."""

import csv
import io
import json

import pytest

from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.rollup import build_rollup, sum_cells
from gongkai.rules.formats import load_format

GRANTED = "t3.granted.natural_person"
FEES = "t2_art20_8.admin_fees.fee_amount"

# -- the pure sum ----------------------------------------------------------------------------


def test_cells_are_summed_one_by_one_in_the_given_order():
    total = sum_cells(["b", "a"], [{"a": 1, "b": 2}, {"a": 10, "b": 20}])
    assert total == {"b": 22, "a": 11}
    assert list(total) == ["b", "a"]


def test_amounts_add_up_without_float_noise_and_counts_stay_integers():
    total = sum_cells(["fee", "n"], [{"fee": 0.1, "n": 3}, {"fee": 0.2, "n": 4}])
    assert total == {"fee": 0.3, "n": 7}
    assert isinstance(total["n"], int) and isinstance(total["fee"], float)
    assert sum_cells(["fee"], [{"fee": 0.5}, {"fee": 1.5}]) == {"fee": 2}


def test_a_blank_cell_adds_nothing_and_blank_everywhere_stays_blank():
    total = sum_cells(["a", "b", "c"], [{"a": 1, "b": None}, {"a": 2}])
    assert total == {"a": 3, "b": None, "c": None}


def test_no_tables_give_blank_cells_and_unknown_cells_are_ignored():
    assert sum_cells(["a"], []) == {"a": None}
    assert sum_cells(["a"], [{"a": 0, "zz": 9}]) == {"a": 0}


# -- the site group --------------------------------------------------------------------------

FMT = load_format("gb2021")

FINISHED = {
    "s1": "2021年，本机关新收政府信息公开申请1件。",
    "s5": "（一）存在的主要问题\n答复文书格式不统一。",
    "s6": "本年度本机关未收取信息处理费。",
}


def frozen(agency, year=2021, value=1, format_id="gb2021", **overrides):
    """A report stored as published with every cell at ``value`` (the frozen state)."""
    cells = {cell_id: value for cell_id in load_format(format_id).cell_ids()}
    cells.update(overrides)
    return AnnualReport.objects.create(
        agency=agency,
        year=year,
        format_id=format_id,
        state=ReportState.PUBLISHED,
        published_cells=cells,
        narrative=FINISHED,
    )


def draft(agency, year=2021):
    return AnnualReport.objects.create(agency=agency, year=year, format_id="gb2021")


@pytest.mark.django_db
def test_published_reports_of_the_group_are_summed(agency_a, agency_b):
    frozen(agency_a, value=1, **{GRANTED: 5})
    frozen(agency_b, value=2, **{GRANTED: 7})
    rollup = build_rollup(2021)
    assert rollup.format.id == "gb2021" and rollup.group_name == "测试网站群"
    assert rollup.cells[GRANTED] == 12
    assert rollup.cells["t3.new_received.natural_person"] == 3
    assert list(rollup.cells) == FMT.cell_ids()
    assert [m.agency for m in rollup.included] == [agency_a, agency_b]
    assert not rollup.missing and not rollup.unpublished and not rollup.mismatched


@pytest.mark.django_db
def test_a_missing_report_and_a_draft_are_listed_and_not_summed(agency_a, agency_b):
    rollup = build_rollup(2021)
    assert [m.agency for m in rollup.missing] == [agency_a, agency_b]
    assert all(v is None for v in rollup.cells.values())
    frozen(agency_a, value=4)
    draft(agency_b)
    rollup = build_rollup(2021)
    assert [m.agency for m in rollup.unpublished] == [agency_b]
    assert not rollup.missing
    assert rollup.cells[GRANTED] == 4


@pytest.mark.django_db
def test_a_report_in_another_format_is_listed_and_not_summed(agency_a, agency_b):
    frozen(agency_a, value=1)
    frozen(agency_b, value=100, format_id="gb2019")
    rollup = build_rollup(2021)
    (mismatch,) = rollup.mismatched
    assert mismatch.agency == agency_b and mismatch.format_id == "gb2019"
    assert not mismatch.included and mismatch.errors >= 1  # AR_FORMAT_VERSION
    assert rollup.cells[GRANTED] == 1


@pytest.mark.django_db
def test_failing_validation_is_counted_per_agency(agency_a, agency_b):
    # 一+二 ≠ 三(七)+四 once a single cell is off.
    frozen(agency_a, value=0, **{GRANTED: 3})
    frozen(agency_b, value=0)
    rollup = build_rollup(2021)
    by_agency = {m.agency: m for m in rollup.members}
    assert by_agency[agency_a].errors > 0 and by_agency[agency_b].errors == 0
    assert [m.agency for m in rollup.failing] == [agency_a]


# -- the pages -------------------------------------------------------------------------------


URL = "/admin/annual-reports/rollup/2021/"


@pytest.fixture
def published_a(agency_a):
    """Agency A's 2021 report as publishing leaves it: frozen cells, state published.

    (Stored directly: publishing itself — and the column page it now needs — is tested in
    test_report_actions.py.)"""
    return frozen(agency_a, value=0, **{GRANTED: 1, "t3.new_received.natural_person": 1})


def test_supervisor_sees_the_sum_and_who_is_missing(client, persona, published_a, agency_b):
    persona(client, "group_supervisor")
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "测试网站群2021年政府信息公开工作年度报告汇总" in body
    assert "未编制年报：乙市农业农村局" in body
    rollup = response.context["rollup"]
    assert rollup.cells[GRANTED] == 1
    assert [m.agency.slug for m in rollup.included] == ["agency-a"]
    assert GRANTED in body and "rollup.json" in body and "rollup.csv" in body


def test_a_draft_is_shown_as_unpublished_with_its_errors(client, persona, agency_a, agency_b):
    draft(agency_b)
    persona(client, "group_supervisor")
    body = client.get(URL).content.decode()
    assert "未发布年报：乙市农业农村局" in body
    assert "未编制年报：甲市交通运输局" in body
    # The draft's narrative is empty: sections missing are errors.
    assert "未通过校验：乙市农业农村局（" in body


def test_json_has_the_single_reports_shape(client, persona, agency_a, agency_b):
    frozen(agency_a, value=1)
    frozen(agency_b, value=2, **{FEES: 1.25})
    persona(client, "group_supervisor")
    response = client.get(URL + "rollup.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert set(data) == {"format", "year", "agency", "cells"}
    assert data["format"] == "gb2021" and data["year"] == 2021
    assert data["agency"] == "测试网站群"
    assert list(data["cells"]) == FMT.cell_ids()
    assert data["cells"][GRANTED] == 3 and data["cells"][FEES] == 2.25


def test_csv_is_keyed_by_cell_id(client, persona, agency_a):
    frozen(agency_a, value=6)
    persona(client, "group_supervisor")
    response = client.get(URL + "rollup.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["cell_id"] for r in rows] == FMT.cell_ids()
    assert {r["cell_id"]: r["value"] for r in rows}[GRANTED] == "6"


@pytest.mark.parametrize("username", ["clerk_a", "officer_a", "admin_a", "reviewer_b"])
@pytest.mark.parametrize("suffix", ["", "rollup.json", "rollup.csv"])
def test_agency_staff_get_404(client, persona, username, suffix, agency_a):
    frozen(agency_a)
    persona(client, username)
    assert client.get(URL + suffix).status_code == 404


def test_a_year_without_a_format_is_404(client, persona):
    persona(client, "group_supervisor")
    assert client.get("/admin/annual-reports/rollup/2017/").status_code == 404


def test_the_menu_entry_leads_to_last_years_rollup(client, persona, time_machine):
    time_machine.move_to("2026-02-10 10:00 +08:00")
    persona(client, "group_supervisor")
    response = client.get("/admin/annual-reports/rollup/")
    assert (
        response.status_code == 302 and response["Location"] == "/admin/annual-reports/rollup/2025/"
    )
    assert "/admin/annual-reports/rollup/" in client.get("/admin/").content.decode()


def test_the_menu_entry_is_not_for_agency_staff(client, persona):
    persona(client, "officer_a")
    assert client.get("/admin/annual-reports/rollup/").status_code == 404
    assert "/admin/annual-reports/rollup/" not in client.get("/admin/").content.decode()
