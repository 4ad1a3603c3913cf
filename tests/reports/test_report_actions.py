"""The report's life: created with a draft, edited, warnings acknowledged, published frozen."""

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.applications.actions import do_reply
from gongkai.reports.actions import (
    ActionError,
    do_acknowledge_warnings,
    do_create_report,
    do_enter_figures,
    do_publish,
    do_save_narrative,
    do_submit,
)
from gongkai.reports.exports import report_data
from gongkai.reports.models import ReportState
from gongkai.reports.narrative import PLACEHOLDER
from tests.reports.conftest import at, d
from tests.reports.path import publish_through_path

pytestmark = pytest.mark.django_db

FINISHED = {
    "s1": "2021年，本机关新收政府信息公开申请1件。",
    "s5": "（一）存在的主要问题\n答复文书格式不统一。",
    "s6": "本年度本机关未收取信息处理费。",
}


@pytest.fixture
def report(agency_a, officer, register):
    app = register(at(2021, 4, 1))
    do_reply(
        app,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2021, 4, 9),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    return do_create_report(agency_a, 2021, acting_user=officer)


def test_the_draft_states_the_years_facts_and_leaves_placeholders(report):
    s1 = report.narrative["s1"]
    assert "统计期限自2021年1月1日起至2021年12月31日止" in s1
    assert "新收政府信息公开申请1件，上年结转0件，办结1件，结转下年度继续办理0件" in s1
    # 1 April (Thu) -> 9 April (Fri) over the 清明 holiday of 3-5 April: 5 working days.
    assert "作出书面答复1件，平均用时5个工作日" in s1
    assert "本机关政民互动栏目全年未收到留言" in s1
    assert PLACEHOLDER in s1 and PLACEHOLDER in report.narrative["s5"]
    assert "信息处理费" in report.narrative["s6"]
    assert list(report.narrative) == ["s1", "s5", "s6"]


def test_a_second_report_for_the_same_year_is_refused(report, agency_a, officer):
    with pytest.raises(ActionError, match="已存在"):
        do_create_report(agency_a, 2021, acting_user=officer)


def test_publishing_waits_for_the_errors_then_for_the_acknowledgement(report, officer):
    with pytest.raises(ActionError) as caught:
        do_submit(report, acting_user=officer)
    assert any("待填写" in line for line in caught.value.details)
    report = do_save_narrative(report, FINISHED, acting_user=officer)
    with pytest.raises(ActionError, match="请先确认以下警告") as caught:
        do_submit(report, acting_user=officer)
    assert "未录入，按 0 填写" in caught.value.details[0]
    report = do_acknowledge_warnings(report, acting_user=officer)
    assert report.acknowledged_by == officer and report.acknowledged_at is not None
    report = publish_through_path(report, officer)
    assert report.state == ReportState.PUBLISHED and report.published_by == officer
    assert report.published_cells["t3.granted.natural_person"] == 1


def test_a_new_warning_after_the_acknowledgement_needs_another(report, officer, agency_a):
    report = do_save_narrative(report, FINISHED, acting_user=officer)
    do_acknowledge_warnings(report, acting_user=officer)
    do_enter_figures(agency_a, 2021, {"t2_art20_5.admin_license.decisions": 3}, acting_user=officer)
    # Fewer cells missing: the warning's text changed, so it is a new warning.
    with pytest.raises(ActionError, match="请先确认以下警告"):
        do_submit(report, acting_user=officer)


def test_a_published_report_is_frozen(report, officer, agency_a, register):
    report = do_save_narrative(report, FINISHED, acting_user=officer)
    do_acknowledge_warnings(report, acting_user=officer)
    report = publish_through_path(report, officer)
    register(at(2021, 6, 1))  # recorded after publication
    assert report_data(agency_a, 2021).cells["t3.new_received.total"] == 1
    with pytest.raises(ActionError, match="已发布"):
        do_save_narrative(report, {"s1": "改"}, acting_user=officer)
    with pytest.raises(ActionError, match="已发布"):
        do_enter_figures(
            agency_a, 2021, {"t2_art20_5.admin_license.decisions": 3}, acting_user=officer
        )
    with pytest.raises(ActionError):
        do_publish(report, acting_user=officer)


def test_saving_keeps_only_the_narrative_sections(report, officer):
    report = do_save_narrative(
        report, {"s1": " 新的总体情况 \n", "s3": "表格"}, acting_user=officer
    )
    assert report.narrative["s1"] == "新的总体情况"
    assert "s3" not in report.narrative


@pytest.mark.parametrize("who", ["clerk_a", "clerk_b", "group_supervisor"])
def test_only_the_disclosure_office_changes_the_report(report, users, who):
    with pytest.raises(PermissionDenied):
        do_save_narrative(report, {"s1": "改"}, acting_user=users[who])
    with pytest.raises(PermissionDenied):
        do_publish(report, acting_user=users[who])
