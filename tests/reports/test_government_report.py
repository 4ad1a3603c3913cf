"""Issue 19: a people's government's report for its whole area — its own office's figures
plus the newest published version of each department's and township's report, cell by cell,
each figure traced to its report, the reports still missing listed, the scope in the
preface — and, with the site group's setting off, its own office's figures only.

丙县人民政府 is added to the small site group with agency A (a department) and agency B (made
a township) under it. Hand-verified: 行政许可 decisions 2 (the government's own) + 3 (A)
+ 4 (B) = 9; fees 0.1 + 0.2 万元 = 0.3; A's one application is the area's one.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, AgencyKind, Role, SiteGroup, StaffProfile
from gongkai.agencies.roles import sync_agency
from gongkai.applications.actions import do_reply
from gongkai.catalog.models import PortalHomePage
from gongkai.catalog.tree import ensure_agency_site
from gongkai.reports.actions import (
    do_acknowledge_warnings,
    do_create_report,
    do_enter_figures,
    do_publish,
    do_save_narrative,
    do_start_correction,
)
from gongkai.reports.generate import AREA, REPORT_SOURCE, generate
from gongkai.reports.narrative import draft_narrative
from gongkai.reports.rollup import build_rollup
from tests.reports.conftest import at, d
from tests.reports.path import publish_through_path
from tests.reports.test_report_actions import FINISHED
from tests.sitegroup import set_roles

pytestmark = pytest.mark.django_db

LICENCES = "t2_art20_5.admin_license.decisions"
FEES = "t2_art20_8.admin_fees.fee_amount"
NEW = "t3.new_received.total"


@pytest.fixture
def county(agency_a, agency_b):
    county = Agency.objects.create(
        slug="county", name="丙县人民政府", kind=AgencyKind.GOVERNMENT, sort_order=9
    )
    Agency.objects.filter(pk=agency_a.pk).update(government=county)
    Agency.objects.filter(pk=agency_b.pk).update(government=county, kind=AgencyKind.TOWNSHIP)
    SiteGroup.objects.create(
        name="测试网站群", top_agency=county, government_reports_whole_area=True
    )
    return county


@pytest.fixture
def county_officer(county):
    user = get_user_model().objects.create_user(username="officer_county", password="x")
    profile = StaffProfile.objects.create(user=user, agency=county)
    set_roles(profile, [Role.DISCLOSURE_OFFICER])
    return user


def finished(report, officer):
    report = do_save_narrative(report, FINISHED, acting_user=officer)
    return do_acknowledge_warnings(report, acting_user=officer)


@pytest.fixture
def a_published(county, agency_a, officer, register):
    app = register(at(2021, 4, 1))
    do_reply(
        app,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2021, 4, 9),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    do_enter_figures(agency_a, 2021, {LICENCES: 3, FEES: "0.1"}, acting_user=officer)
    report = finished(do_create_report(agency_a, 2021, acting_user=officer), officer)
    return publish_through_path(report, officer)


def publish_b(agency_b, users, licences=4):
    officer_b = users["officer_b"]
    do_enter_figures(agency_b, 2021, {LICENCES: licences, FEES: "0.2"}, acting_user=officer_b)
    report = finished(do_create_report(agency_b, 2021, acting_user=officer_b), officer_b)
    return publish_through_path(report, officer_b)


def test_the_government_adds_its_members_published_reports_and_lists_the_missing(
    county, county_officer, a_published, agency_b
):
    do_enter_figures(county, 2021, {LICENCES: 2}, acting_user=county_officer)
    generated = generate(county, 2021)
    cell = generated.cells[LICENCES]
    assert cell.value == 5 and cell.origin == AREA
    assert [(s.model, s.pk, s.label) for s in cell.sources if s.model == REPORT_SOURCE] == [
        (REPORT_SOURCE, a_published.pk, "甲市交通运输局：3")
    ]
    assert generated.cells[NEW].number == 1
    assert generated.area.missing == [agency_b]
    assert generated.area_sources()[LICENCES] == [
        {"agency": "丙县人民政府（本级）", "report": None, "value": "2"},
        {"agency": "甲市交通运输局", "report": a_published.pk, "value": "3"},
    ]
    s1 = draft_narrative(generated)["s1"]
    assert s1.startswith(
        "本报告涵盖本级人民政府（办公室）及所属1个政府工作部门的政府信息公开工作，"
        "表格数据为其已发布年度报告的合计。乙市农业农村局的年度报告尚未发布，未计入。\n"
    )


def test_once_the_township_publishes_every_cell_is_the_sum_of_the_three(
    county, county_officer, a_published, agency_b, users
):
    do_enter_figures(county, 2021, {LICENCES: 2}, acting_user=county_officer)
    b = publish_b(agency_b, users)
    generated = generate(county, 2021)
    assert generated.cells[LICENCES].value == 9
    assert generated.cells[FEES].value == Decimal("0.3") and generated.cells[FEES].number == 0.3
    assert generated.area.missing == []
    assert [r.pk for _agency, r in generated.area.included] == [a_published.pk, b.pk]
    assert "及所属1个政府工作部门、1个乡镇人民政府的" in draft_narrative(generated)["s1"]
    # A cell nobody in the area has (0 everywhere) stays the government's own.
    assert generated.cells["t4.count.review_total"].origin != AREA


def test_a_corrected_member_report_counts_with_its_newest_version(
    county, a_published, officer, agency_a
):
    assert generate(county, 2021).cells[LICENCES].value == 3
    report = do_start_correction(a_published, acting_user=officer)
    do_enter_figures(agency_a, 2021, {LICENCES: 6}, acting_user=officer)
    report = do_acknowledge_warnings(report, acting_user=officer)
    # Still version 1 until the correction is published.
    assert generate(county, 2021).cells[LICENCES].value == 3
    do_publish(report, acting_user=officer, correction_note="行政许可决定数量应为6件。")
    assert generate(county, 2021).cells[LICENCES].value == 6


def test_with_the_setting_off_the_government_reports_its_own_office_only(
    county, county_officer, a_published
):
    SiteGroup.objects.update(government_reports_whole_area=False)
    do_enter_figures(county, 2021, {LICENCES: 2}, acting_user=county_officer)
    generated = generate(county, 2021)
    assert generated.area is None and generated.cells[LICENCES].value == 2
    assert generated.cells[NEW].number == 0
    assert draft_narrative(generated)["s1"].startswith(
        "本报告为本级人民政府（办公室）本级的年度报告"
    )
    # A department's report never adds anyone's.
    assert generate(a_published.agency, 2021).area is None


def test_the_governments_report_page_lists_the_missing_and_its_version_keeps_the_sources(
    county, county_officer, a_published, client, users
):
    ensure_agency_site(PortalHomePage.objects.first(), county)
    sync_agency(county)
    report = do_create_report(county, 2021, acting_user=county_officer)
    client.force_login(county_officer)
    html = client.get(f"/admin/annual-reports/{report.pk}/").content.decode()
    assert '<span id="area-missing">乙市农业农村局</span>' in html
    assert "甲市交通运输局：3" in html  # the trace of the cell
    report = finished(report, county_officer)
    report = publish_through_path(report, county_officer, users["group_supervisor"])
    version = report.versions.get()
    assert version.cells[LICENCES] == 3
    assert version.cell_sources[LICENCES][1] == {
        "agency": "甲市交通运输局",
        "report": a_published.pk,
        "value": "3",
    }
    assert version.covers == [a_published.pk]
    # The site group's rollup counts A's figures once: in the government's area report.
    rollup = build_rollup(2021)
    assert [m.agency.slug for m in rollup.included] == ["county"]
    assert [m.agency.slug for m in rollup.covered] == ["agency-a"]
    assert rollup.cells[LICENCES] == 3
