"""The rollup of two hand-made agency tables, who may see and change which report, the
exports' exact bytes, table 四's year end and the deadlines' edge cases."""

import json
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.agencies.models import AgencyKind
from gongkai.applications.actions import do_reply
from gongkai.disputes.actions import do_conclude_remedy, do_record_remedy
from gongkai.reports.access import access_agency, access_report, agencies_for, can_write
from gongkai.reports.actions import do_create_report, do_save_narrative
from gongkai.reports.due import deadline
from gongkai.reports.exports import ReportData, blocks, render_csv, render_json, report_data
from gongkai.reports.generate import generate
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.rollup import build_rollup
from gongkai.reports.validate import validate_parts
from gongkai.rules.formats import load_format
from gongkai.rules.statute import StatuteError
from tests.reports.conftest import at, d
from tests.reports.test_more_validate import NARRATIVE, table

GB2021 = load_format("gb2021")

# Agency B by hand. 自然人: 4 new = 3 予以公开 + 1 carried out. 法律服务机构: 2 new + 1 carried
# in = 2 过程性信息 + 1 信访举报投诉. One reconsideration (其他结果); 80 licences; 0.3 万元 fees.
B_CELLS = {
    "t3.new_received.natural_person": 4,
    "t3.granted.natural_person": 3,
    "t3.results_total.natural_person": 3,
    "t3.carried_out.natural_person": 1,
    "t3.new_received.legal_services": 2,
    "t3.carried_in.legal_services": 1,
    "t3.denied_process_info.legal_services": 2,
    "t3.np_petition.legal_services": 1,
    "t3.results_total.legal_services": 3,
    "t3.new_received.total": 6,
    "t3.carried_in.total": 1,
    "t3.granted.total": 3,
    "t3.denied_process_info.total": 2,
    "t3.np_petition.total": 1,
    "t3.results_total.total": 6,
    "t3.carried_out.total": 1,
    "t4.count.review_other": 1,
    "t4.count.review_total": 1,
    "t2_art20_5.admin_license.decisions": 80,
    "t2_art20_8.admin_fees.fee_amount": 0.3,
}


def publish(agency, cells, year=2021, format_id="gb2021"):
    """A report stored as publishing leaves it (publishing itself is tested elsewhere)."""
    return AnnualReport.objects.create(
        agency=agency,
        year=year,
        format_id=format_id,
        state=ReportState.PUBLISHED,
        published_cells=cells,
        narrative={**NARRATIVE, "s1": NARRATIVE["s1"].replace("2021", str(year))},
    )


# -- the rollup ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rollup_of_two_hand_made_tables(agency_a, agency_b):
    b_cells = dict.fromkeys(GB2021.cell_ids(), 0) | B_CELLS
    # B's own table satisfies every identity before it is summed.
    assert validate_parts("gb2021", 2021, b_cells, NARRATIVE).findings == ()
    publish(agency_a, table())
    publish(agency_b, b_cells)
    publish(agency_b, dict.fromkeys(load_format("gb2019").cell_ids(), 100), 2020, "gb2019")
    rollup = build_rollup(2021)
    assert [m.agency for m in rollup.included] == [agency_a, agency_b]
    assert [m.errors for m in rollup.members] == [0, 0]
    cells = rollup.cells
    # 一 13 + 6, 二 2 + 1, （七） 14 + 6, 四 1 + 1: 19 + 3 = 20 + 2 still balances.
    assert [cells[f"t3.{row}.total"] for row in ("new_received", "carried_in")] == [19, 3]
    assert [cells[f"t3.{row}.total"] for row in ("results_total", "carried_out")] == [20, 2]
    assert cells["t3.granted.natural_person"] == 5 + 3
    assert cells["t3.carried_out.natural_person"] == 1 + 1
    assert cells["t3.results_total.legal_services"] == 0 + 3
    assert cells["t3.other_fee_unpaid.commercial"] == 1 + 0
    assert (cells["t4.count.review_total"], cells["t4.count.review_other"]) == (5, 1)
    assert cells["t2_art20_5.admin_license.decisions"] == 200
    assert cells["t2_art20_8.admin_fees.fee_amount"] == 12.8  # 12.5 + 0.3, no float noise
    # The sum of consistent tables is itself consistent: every identity of the format holds.
    assert validate_parts("gb2021", 2021, cells, NARRATIVE).findings == ()


@pytest.mark.django_db
def test_a_year_without_a_format_has_no_rollup():
    with pytest.raises(ValueError, match="2018年没有年报格式"):
        build_rollup(2018)


@pytest.mark.django_db
def test_a_published_report_with_a_broken_balance_is_summed_and_listed_as_failing(
    agency_a, agency_b
):
    broken = table()
    broken["t3.carried_out.natural_person"] = broken["t3.carried_out.total"] = 2
    publish(agency_a, broken)
    rollup = build_rollup(2021)
    [member] = rollup.failing
    assert member.agency == agency_a and member.errors == 2  # 自然人 and 总计 columns
    assert member.included  # what the agency published is what the group reports
    assert rollup.cells["t3.carried_out.total"] == 2
    assert [m.agency for m in rollup.missing] == [agency_b]


# -- access -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_read_only_their_agency_and_supervisors_all(users, agency_a, agency_b):
    for name in ("clerk_a", "reviewer_a", "officer_a", "admin_a"):
        assert list(agencies_for(users[name])) == [agency_a]
    assert list(agencies_for(users["clerk_b"])) == [agency_b]
    assert set(agencies_for(users["group_supervisor"])) == {agency_a, agency_b}
    nobody = get_user_model().objects.create_user("no_profile", password="x")
    assert not agencies_for(nobody).exists()
    root = get_user_model().objects.create_superuser("root", password="x")
    assert set(agencies_for(root)) == {agency_a, agency_b}


@pytest.mark.django_db
def test_a_deactivated_supervisor_sees_nothing(users):
    supervisor = users["group_supervisor"]
    supervisor.is_active = False
    assert not agencies_for(supervisor).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "own", "other"),
    [
        ("officer_a", True, False),
        ("admin_a", True, False),
        ("reviewer_a", False, False),
        ("clerk_a", False, False),
        ("group_supervisor", False, False),
    ],
)
def test_only_the_disclosure_office_of_the_agency_writes(
    users, agency_a, agency_b, username, own, other
):
    assert can_write(users[username], agency_a.pk) is own
    assert can_write(users[username], agency_b.pk) is other


@pytest.mark.django_db
def test_another_agencys_report_is_404_and_a_supervisor_cannot_write(users, agency_a, agency_b):
    report = AnnualReport.objects.create(agency=agency_a, year=2021, format_id="gb2021")
    assert access_report(users["clerk_a"], report.pk) == report
    assert access_report(users["group_supervisor"], report.pk) == report
    for outsider in ("clerk_b", "reviewer_b"):
        with pytest.raises(Http404):
            access_report(users[outsider], report.pk)
    with pytest.raises(Http404):
        access_report(users["officer_a"], "not-a-number")
    with pytest.raises(Http404):
        access_agency(users["officer_a"], agency_b.pk, write=True)
    with pytest.raises(PermissionDenied, match="只有本机关政府信息公开工作机构的人员可以修改年报"):
        access_report(users["group_supervisor"], report.pk, write=True)
    with pytest.raises(PermissionDenied):
        access_report(users["clerk_a"], report.pk, write=True)
    assert access_report(users["officer_a"], report.pk, write=True) == report


@pytest.mark.django_db
def test_the_list_shows_own_reports_to_staff_and_all_to_the_supervisor(
    client, persona, agency_a, agency_b
):
    mine = AnnualReport.objects.create(agency=agency_a, year=2021, format_id="gb2021")
    theirs = AnnualReport.objects.create(agency=agency_b, year=2021, format_id="gb2021")
    persona(client, "clerk_a")
    response = client.get("/admin/annual-reports/")
    assert list(response.context["reports"]) == [mine]
    body = response.content.decode()
    assert (
        f"/admin/annual-reports/{mine.pk}/" in body
        and f"/admin/annual-reports/{theirs.pk}/" not in body
    )
    assert "新建年度报告" not in body  # an editor reads, the disclosure office creates
    persona(client, "group_supervisor")
    response = client.get("/admin/annual-reports/")
    assert set(response.context["reports"]) == {mine, theirs}
    assert response.context["writable"] == []
    assert "新建年度报告" not in response.content.decode()


@pytest.mark.django_db
def test_creating_needs_a_year_number(client, persona, agency_a):
    persona(client, "officer_a")
    response = client.post(
        "/admin/annual-reports/", {"agency": agency_a.pk, "year": "二〇二一"}, follow=True
    )
    assert "请填写报告年度。" in [str(m) for m in response.context["messages"]]
    assert not AnnualReport.objects.exists()


# -- exports --------------------------------------------------------------------------------------


def in_memory(cells, narrative=None, fmt=GB2021):
    agency = SimpleNamespace(name="丙县财政局")
    return ReportData(agency, 2021, fmt, cells, narrative or {})


def test_csv_names_every_cell_and_keeps_amounts_as_written():
    cells = dict.fromkeys(GB2021.cell_ids(), 0) | B_CELLS
    lines = render_csv(in_memory(cells)).decode("utf-8").splitlines()
    assert lines[0] == "\ufeffcell_id,table,row,column,value"
    assert len(lines) == 1 + 200
    by_id = {line.split(",", 1)[0]: line for line in lines[1:]}
    assert by_id["t2_art20_8.admin_fees.fee_amount"] == (
        "t2_art20_8.admin_fees.fee_amount,第二十条第（八）项,行政事业性收费,本年收费金额（单位：万元）,0.3"
    )
    assert by_id["t3.np_petition.legal_services"] == (
        "t3.np_petition.legal_services,三、收到和处理政府信息公开申请情况,"
        "三、本年度办理结果 / （五）不予处理 / 1.信访举报投诉类申请,法人或其他组织 / 法律服务机构,1"
    )
    # Table 四 has no row headers; its columns are named from the first header down.
    assert by_id["t4.count.review_other"] == (
        "t4.count.review_other,四、政府信息公开行政复议、行政诉讼情况,,行政复议 / 其他结果,1"
    )


def test_json_is_utf8_chinese_with_the_cells_in_format_order():
    cells = dict.fromkeys(GB2021.cell_ids(), 0) | B_CELLS
    raw = render_json(in_memory(cells))
    assert raw.endswith(b"}\n") and "丙县财政局".encode() in raw  # not \\u escapes
    data = json.loads(raw)
    assert (data["format"], data["year"], data["agency"]) == ("gb2021", 2021, "丙县财政局")
    assert list(data["cells"]) == GB2021.cell_ids()
    assert data["cells"]["t2_art20_8.admin_fees.fee_amount"] == 0.3


def test_blocks_tell_subheadings_from_paragraphs_and_skip_blank_lines():
    narrative = {
        "s1": "总体情况。\n\n(一)主动公开\n  第一段。  \n（十一）其他",
        "s5": "",
        "s6": "无。",
    }
    layout = blocks(in_memory({}, narrative))
    first = [(b.kind, b.text) for b in layout[2:6]]
    assert first == [
        ("paragraph", "总体情况。"),
        ("subheading", "(一)主动公开"),
        ("paragraph", "第一段。"),
        ("subheading", "（十一）其他"),
    ]
    s5 = [b.text for b in layout].index("五、存在的主要问题及改进情况")
    assert layout[s5 + 1].text == "六、其他需要报告的事项"  # an empty section has no block


@pytest.mark.django_db
def test_a_draft_exports_live_cells_with_its_own_text(agency_a, officer, register):
    report = do_create_report(agency_a, 2021, acting_user=officer)
    do_save_narrative(report, {"s5": "（一）存在的主要问题\n人员不足。"}, acting_user=officer)
    register(at(2021, 5, 6))  # recorded after the draft was created
    data = report_data(agency_a, 2021)
    assert not data.published and data.report == report
    assert data.cells["t3.new_received.total"] == 1  # computed now, not frozen
    assert data.narrative["s5"] == "（一）存在的主要问题\n人员不足。"


# -- table 四 at the year end, deadlines --------------------------------------------------------


@pytest.mark.django_db
def test_a_reconsideration_decided_after_31_december_is_pending_in_its_year(
    agency_a, officer, register
):
    app = register(at(2021, 11, 1))
    do_reply(app, outcome="art38_requires_creation", text="需另行制作", replied_on=d(2021, 11, 15),
             acting_user=officer)  # fmt: skip
    late = do_record_remedy(app, kind="review", filed_on=d(2021, 12, 20), acting_user=officer)
    do_conclude_remedy(late, decision="upheld", concluded_on=d(2022, 1, 10), acting_user=officer)
    on_time = do_record_remedy(app, kind="direct", filed_on=d(2021, 12, 1), acting_user=officer)
    do_conclude_remedy(
        on_time, decision="upheld", concluded_on=d(2021, 12, 31), acting_user=officer
    )
    cells = generate(agency_a, 2021).numbers()
    assert (cells["t4.count.review_pending"], cells["t4.count.review_upheld"]) == (1, 0)
    assert (cells["t4.count.direct_upheld"], cells["t4.count.direct_pending"]) == (1, 0)
    assert (cells["t4.count.review_total"], cells["t4.count.direct_total"]) == (1, 1)
    assert cells["t3.unable_needs_creation.natural_person"] == 1
    # The review decided on 2022-01-10 counts again, with its result, in 2022's table 四.
    cells_2022 = generate(agency_a, 2022).numbers()
    assert (cells_2022["t4.count.review_upheld"], cells_2022["t4.count.review_total"]) == (1, 1)
    assert cells_2022["t4.count.direct_total"] == 0


def test_report_deadlines_by_kind_and_the_first_year_covered():
    assert deadline(AgencyKind.DEPARTMENT, 2019) == date(2020, 1, 31)
    assert deadline(AgencyKind.GOVERNMENT, 2019) == date(2020, 3, 31)
    # The 2018 reports fell under the 2008 Regulations, which the data does not hold.
    with pytest.raises(StatuteError):
        deadline(AgencyKind.DEPARTMENT, 2018)
    with pytest.raises(ValueError):
        deadline("county", 2025)
