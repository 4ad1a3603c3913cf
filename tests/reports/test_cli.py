"""``gongkai report AGENCY YEAR --format json|csv [-o FILE]``."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from gongkai.reports.actions import do_enter_figures
from gongkai.reports.exports import EXPORTERS, Exporter, register
from gongkai.rules.formats import load_format

pytestmark = pytest.mark.django_db


def report(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def figures_2021(agency_a, officer):
    do_enter_figures(
        agency_a,
        2021,
        {"t2_art20_5.admin_license.decisions": 42, "t2_art20_8.admin_fees.fee_amount": "1.5"},
        acting_user=officer,
    )


def test_json_on_stdout_holds_every_data_cell_of_the_years_format(figures_2021):
    data = json.loads(report("agency-a", "2021"))
    assert set(data) == {"format", "year", "agency", "cells"}
    assert (data["format"], data["year"], data["agency"]) == ("gb2021", 2021, "甲市交通运输局")
    assert list(data["cells"]) == load_format("gb2021").cell_ids()
    assert all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in data["cells"].values()
    )
    assert data["cells"]["t2_art20_5.admin_license.decisions"] == 42
    assert data["cells"]["t2_art20_8.admin_fees.fee_amount"] == 1.5


def test_the_agency_may_be_named_in_full_and_the_2020_report_is_gb2019(agency_a):
    data = json.loads(report("甲市交通运输局", "2020", "--format", "json"))
    assert data["format"] == "gb2019" and len(data["cells"]) == 198


def test_csv_has_one_labelled_row_per_cell(figures_2021, tmp_path):
    target = tmp_path / "report.csv"
    assert report("agency-a", "2021", "--format", "csv", "-o", str(target)) == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["cell_id", "table", "row", "column", "value"]
    assert len(rows) == 1 + 200
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["t2_art20_5.admin_license.decisions"] == [
        "t2_art20_5.admin_license.decisions",
        "第二十条第（五）项",
        "行政许可",
        "本年处理决定数量",
        "42",
    ]
    assert by_id["t3.denied_state_secret.commercial"][1:4] == [
        "三、收到和处理政府信息公开申请情况",
        "三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密",
        "法人或其他组织 / 商业企业",
    ]
    assert by_id["t4.count.direct_upheld"][2:4] == ["", "行政诉讼 / 未经复议直接起诉 / 结果维持"]
    assert by_id["t4.count.review_total"][3] == "行政复议 / 总计"


def test_json_to_a_file(agency_a, tmp_path):
    target = tmp_path / "r.json"
    report("agency-a", "2021", "-o", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["agency"] == "甲市交通运输局"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no-such-agency", "2021"), "未找到机关：no-such-agency / unknown agency"),
        (("agency-a", "2018"), "2018 年没有适用的年报格式"),
        (
            ("agency-a", "2021", "--format", "docx", "-o", "x.docx"),
            "尚不支持 docx 格式 / --format docx is not available yet",
        ),
    ],
)
def test_usage_errors_exit_2_in_chinese_and_english(agency_a, monkeypatch, args, message):
    # Every planned format has a renderer now; a missing one is still refused clearly.
    monkeypatch.delitem(EXPORTERS, "docx")
    with pytest.raises(CommandError, match=message) as caught:
        report(*args)
    assert caught.value.returncode == 2


def test_a_renderer_plugs_in_by_registering_an_exporter(agency_a, monkeypatch, tmp_path):
    monkeypatch.setitem(EXPORTERS, "pdf", None)
    register(
        Exporter("pdf", "application/pdf", "pdf", lambda data: data.title.encode(), needs_file=True)
    )
    with pytest.raises(CommandError, match="needs -o FILE") as caught:
        report("agency-a", "2021", "--format", "pdf")
    assert caught.value.returncode == 2
    target = tmp_path / "r.pdf"
    report("agency-a", "2021", "--format", "pdf", "-o", str(target))
    assert target.read_bytes().decode() == "甲市交通运输局2021年政府信息公开工作年度报告"
