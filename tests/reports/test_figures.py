"""Business-system figures: which cells they are, their values, their history, CSV import."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.reports import figures
from gongkai.reports.actions import ActionError, do_enter_figures, do_import_figures_csv
from gongkai.reports.models import Figure
from gongkai.rules.formats import load_format

GB2019, GB2021 = load_format("gb2019"), load_format("gb2021")
LICENCE = "t2_art20_5.admin_license.decisions"


def test_figure_cells_are_table_two_except_what_the_catalog_counts():
    assert figures.figure_cell_ids(GB2021) == [
        "t2_art20_5.admin_license.decisions",
        "t2_art20_6.admin_penalty.decisions",
        "t2_art20_6.admin_coercion.decisions",
        "t2_art20_8.admin_fees.fee_amount",
    ]
    ids_2019 = figures.figure_cell_ids(GB2019)
    assert len(ids_2019) == 16
    assert "t2_art20_9.central_procurement.procurement_amount" in ids_2019
    assert not any(c.startswith("t2_art20_1.") for c in ids_2019)
    assert not figures.is_figure_cell(GB2021, "t3.granted.total")


@pytest.mark.parametrize(
    ("cell", "raw", "value"),
    [
        (LICENCE, "1,550", Decimal(1550)),
        (LICENCE, "１２", Decimal(12)),  # full-width digits from an IME
        ("t2_art20_5.admin_license.change", "-3", Decimal(-3)),
        ("t2_art20_8.admin_fees.fee_amount", "12.3456", Decimal("12.3456")),
        ("t2_art20_9.central_procurement.procurement_amount", "0", Decimal(0)),
    ],
)
def test_values_are_read_by_the_kind_of_cell(cell, raw, value):
    fmt = GB2019 if cell.startswith(("t2_art20_9", "t2_art20_5.admin_license.change")) else GB2021
    assert figures.parse_value(fmt, cell, raw) == value


@pytest.mark.parametrize(
    ("cell", "raw", "message"),
    [
        (LICENCE, "", "请填写数值"),
        (LICENCE, "十二", "不是数字"),
        (LICENCE, "-1", "非负整数"),
        (LICENCE, "1.5", "应为整数"),
        ("t2_art20_8.admin_fees.fee_amount", "-0.5", "金额不能为负数"),
        ("t2_art20_8.admin_fees.fee_amount", "1.23456", "最多保留4位小数"),
        (LICENCE, "1e99", "不是合理的数值"),
    ],
)
def test_bad_values_are_refused_in_chinese(cell, raw, message):
    with pytest.raises(figures.FigureError, match=message):
        figures.parse_value(GB2021, cell, raw)


def test_csv_lines_are_checked_one_by_one():
    text = (
        "\ufeffcell_id,value\n"
        f"{LICENCE},12\n"
        "t2_art20_6.admin_penalty.decisions,abc\n"
        "t3.granted.total,3\n"
        "t2_art20_9.central_procurement.procurement_items,1\n"
        f"{LICENCE},13\n"
        "t2_art20_6.admin_coercion.decisions\n"
        "\n"
    )
    values, errors = figures.parse_csv(GB2021, text)
    assert values == {LICENCE: Decimal(12)}
    assert errors == [
        "第3行：行政处罚 / 本年处理决定数量：“abc”不是数字",
        "第4行：“t3.granted.total”由系统根据记录统计，不能导入",
        "第5行：gb2021 格式没有单元格“t2_art20_9.central_procurement.procurement_items”",
        f"第6行：单元格“{LICENCE}”重复",
        "第7行：应为两列“单元格编号,数值”，实为1列",
    ]
    assert figures.parse_csv(GB2021, "cell_id,value\n") == ({}, ["文件中没有数据"])


@pytest.mark.django_db
def test_a_correction_keeps_the_earlier_value_and_the_latest_wins(agency_a, officer, users):
    do_enter_figures(agency_a, 2021, {LICENCE: "100"}, acting_user=officer)
    assert do_enter_figures(agency_a, 2021, {LICENCE: "100"}, acting_user=officer) == []
    do_enter_figures(agency_a, 2021, {LICENCE: "120"}, acting_user=users["admin_a"])
    history = list(Figure.objects.filter(agency=agency_a, year=2021, cell_id=LICENCE))
    assert [(f.value, f.entered_by.username) for f in history] == [
        (Decimal(120), "admin_a"),
        (Decimal(100), "officer_a"),
    ]
    current = figures.current_figures(agency_a, 2021, GB2021)
    assert current[LICENCE].value == 120
    with pytest.raises(ValueError, match="append-only"):
        history[0].save()


@pytest.mark.django_db
def test_figures_are_per_year_and_format(agency_a, officer):
    do_enter_figures(
        agency_a, 2020, {"t2_art20_5.admin_license.prev_year_items": 7}, acting_user=officer
    )
    with pytest.raises(ActionError, match="不是 2021 年度报告的业务系统数据"):
        do_enter_figures(
            agency_a, 2021, {"t2_art20_5.admin_license.prev_year_items": 7}, acting_user=officer
        )
    assert figures.current_figures(agency_a, 2021, GB2021) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk_a", "reviewer_a", "clerk_b", "group_supervisor"])
def test_only_the_agencys_disclosure_office_enters_figures(agency_a, users, who):
    with pytest.raises(PermissionDenied):
        do_enter_figures(agency_a, 2021, {LICENCE: 1}, acting_user=users[who])
    assert not Figure.objects.exists()


@pytest.mark.django_db
def test_a_bad_csv_imports_nothing_and_a_good_one_is_marked_as_imported(agency_a, officer):
    with pytest.raises(ActionError) as caught:
        do_import_figures_csv(
            agency_a,
            2021,
            f"{LICENCE},5\nt2_art20_6.admin_penalty.decisions,-1\n",
            acting_user=officer,
        )
    assert caught.value.details == [
        "第2行：行政处罚 / 本年处理决定数量：应为非负整数（只有“本年增/减”可以为负数）"
    ]
    assert not Figure.objects.exists()
    created = do_import_figures_csv(
        agency_a, 2021, f"{LICENCE},5\nt2_art20_8.admin_fees.fee_amount,0.75\n", acting_user=officer
    )
    assert {(f.cell_id, f.source) for f in created} == {
        (LICENCE, "csv"),
        ("t2_art20_8.admin_fees.fee_amount", "csv"),
    }
