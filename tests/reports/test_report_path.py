"""Issue 19, the annual report's path: submitted (提交) to the supervisor, accepted or returned
with comments, published — or published and submitted at once where the site group allows
it — and corrected after publication as a new version with its 更正说明.

Agency A of the small site group (tests/sitegroup.py), its officer and head, and the
group's supervisor; no demo.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation
from wagtail.models import PageLogEntry

from gongkai.agencies.models import SiteGroup
from gongkai.applications.actions import do_reply
from gongkai.casework import TransitionError
from gongkai.catalog.changes import public_pages_changed
from gongkai.reports.actions import (
    ActionError,
    do_accept,
    do_acknowledge_warnings,
    do_create_report,
    do_enter_figures,
    do_publish,
    do_return,
    do_save_narrative,
    do_set_report_settings,
    do_start_correction,
    do_submit,
)
from gongkai.reports.models import (
    EDITABLE,
    TRANSITIONS,
    AnnualReport,
    AnnualReportPage,
    ReportState,
    ReportVersion,
)
from gongkai.reports.rollup import build_rollup
from tests.reports.conftest import at, d
from tests.reports.test_report_actions import FINISHED

pytestmark = pytest.mark.django_db

LICENCES = "t2_art20_5.admin_license.decisions"


def audit_actions(report) -> list[str]:
    from wagtail.models import ModelLogEntry

    entries = ModelLogEntry.objects.for_instance(report).order_by("pk")
    return [e.action for e in entries if e.action.startswith("gongkai.reports.")]


@pytest.fixture
def supervisor(users):
    return users["group_supervisor"]


@pytest.fixture
def ready(agency_a, officer, register):
    """Agency A's 2021 report with one answered application, finished and its warnings
    acknowledged: ready to be submitted."""
    app = register(at(2021, 4, 1))
    do_reply(
        app,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2021, 4, 9),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    do_enter_figures(agency_a, 2021, {LICENCES: 3}, acting_user=officer)
    report = do_create_report(agency_a, 2021, acting_user=officer)
    report = do_save_narrative(report, FINISHED, acting_user=officer)
    return do_acknowledge_warnings(report, acting_user=officer)


@pytest.fixture
def site_group(agency_b):
    return SiteGroup.objects.create(name="测试网站群", top_agency=agency_b)


def test_the_table_lets_the_agency_edit_only_drafts_returned_reports_and_corrections():
    assert {ReportState.DRAFT, ReportState.RETURNED, ReportState.CORRECTING} == EDITABLE
    # Every state is reachable and a published report is never a dead end (corrections).
    reachable = set().union(*TRANSITIONS.values())
    assert reachable | {ReportState.DRAFT} == set(ReportState)
    assert TRANSITIONS[ReportState.PUBLISHED] == {ReportState.CORRECTING}


def test_submitted_accepted_published_with_an_audit_entry_for_each_step(ready, officer, supervisor):
    report = do_submit(ready, acting_user=officer)
    assert report.state == ReportState.SUBMITTED and report.submitted_by == officer
    report = do_accept(report, acting_user=supervisor)
    assert report.state == ReportState.ACCEPTED and report.reviewed_by == supervisor
    report = do_publish(report, acting_user=officer)
    assert report.state == ReportState.PUBLISHED
    version = report.versions.get()
    assert version.number == 1 and version.cells[LICENCES] == 3 and version.correction_note == ""
    assert AnnualReportPage.objects.get(report=report).live
    assert audit_actions(report) == [
        "gongkai.reports.create",
        "gongkai.reports.save_narrative",
        "gongkai.reports.acknowledge",
        "gongkai.reports.submit",
        "gongkai.reports.accept",
        "gongkai.reports.publish",
    ]


def test_the_head_submits_too_but_not_the_agency_admin_a_clerk_or_another_agency(ready, users):
    for who in ("admin_a", "clerk_a", "officer_b", "group_supervisor"):
        with pytest.raises(PermissionDenied):
            do_submit(ready, acting_user=users[who])
    assert do_submit(ready, acting_user=users["head_a"]).state == ReportState.SUBMITTED


def test_only_the_supervisor_accepts_or_returns(ready, officer, users):
    report = do_submit(ready, acting_user=officer)
    for who in ("officer_a", "head_a", "admin_a", "officer_b"):
        with pytest.raises(PermissionDenied):
            do_accept(report, acting_user=users[who])
        with pytest.raises(PermissionDenied):
            do_return(report, "请补充", acting_user=users[who])
    assert AnnualReport.objects.get(pk=report.pk).state == ReportState.SUBMITTED


def test_a_return_needs_comments_the_report_is_editable_again_and_resubmitted(
    ready, officer, supervisor
):
    report = do_submit(ready, acting_user=officer)
    with pytest.raises(ActionError, match="须填写退回意见"):
        do_return(report, "  ", acting_user=supervisor)
    with translation.override("en"):
        with pytest.raises(ActionError) as caught:
            do_return(report, "", acting_user=supervisor)
        assert str(caught.value) == "Give your comments to return a report"
    report = do_return(report, "“五、存在的主要问题”过于简略。", acting_user=supervisor)
    assert report.state == ReportState.RETURNED
    assert report.review_comments == "“五、存在的主要问题”过于简略。"
    report = do_save_narrative(report, {"s5": FINISHED["s5"] + "\n已整改。"}, acting_user=officer)
    report = do_acknowledge_warnings(report, acting_user=officer)
    report = do_submit(report, acting_user=officer)
    assert report.state == ReportState.SUBMITTED and report.review_comments == ""
    assert "gongkai.reports.return" in audit_actions(report)


def test_moves_the_table_does_not_allow_are_refused_in_chinese_and_english(
    ready, officer, supervisor, agency_a
):
    with pytest.raises(TransitionError, match="“草稿”，不能变为“已接收”"):
        do_accept(ready, acting_user=supervisor)
    report = do_submit(ready, acting_user=officer)
    with pytest.raises(ActionError, match="不能修改"):
        do_save_narrative(report, {"s1": "改"}, acting_user=officer)
    with pytest.raises(ActionError, match="已报送，业务系统数据不能再修改"):
        do_enter_figures(agency_a, 2021, {LICENCES: 4}, acting_user=officer)
    with translation.override("en"):
        with pytest.raises(TransitionError) as caught:
            do_publish(report, acting_user=officer)
        assert str(caught.value) == "A report in the state “submitted” cannot become “published”"
    with pytest.raises(TransitionError):
        do_submit(report, acting_user=officer)
    report = do_accept(report, acting_user=supervisor)
    with pytest.raises(TransitionError):
        do_return(report, "晚了", acting_user=supervisor)
    with pytest.raises(TransitionError):
        do_start_correction(report, acting_user=officer)


def test_publishing_a_draft_needs_the_site_groups_publish_and_submit_setting(
    ready, officer, supervisor, site_group
):
    with pytest.raises(ActionError, match="须先报送主管部门") as caught:
        do_publish(ready, acting_user=officer)
    assert caught.value.english.startswith("Submit the report to the supervisor")
    with pytest.raises(PermissionDenied):
        do_set_report_settings(acting_user=officer, publish_and_submit=True, whole_area=False)
    do_set_report_settings(acting_user=supervisor, publish_and_submit=True, whole_area=False)
    site_group.refresh_from_db()
    assert site_group.reports_publish_and_submit and not site_group.government_reports_whole_area
    report = do_publish(ready, acting_user=officer)
    assert report.state == ReportState.PUBLISHED
    assert report.submitted_by == officer and report.submitted_at == report.published_at
    assert audit_actions(report)[-1] == "gongkai.reports.publish_and_submit"


def test_the_agency_admin_may_not_publish_and_submit_at_once(ready, users, site_group):
    site_group.reports_publish_and_submit = True
    site_group.save()
    with pytest.raises(PermissionDenied):
        do_publish(ready, acting_user=users["admin_a"])


@pytest.fixture
def published(ready, officer, supervisor):
    report = do_accept(do_submit(ready, acting_user=officer), acting_user=supervisor)
    return do_publish(report, acting_user=officer)


def test_a_correction_is_a_new_version_with_its_note_and_the_rollup_uses_it(
    published, officer, agency_a, django_capture_on_commit_callbacks
):
    assert build_rollup(2021).cells[LICENCES] == 3
    report = do_start_correction(published, acting_user=officer)
    assert report.state == ReportState.CORRECTING
    do_enter_figures(agency_a, 2021, {LICENCES: 5}, acting_user=officer)
    report = do_acknowledge_warnings(report, acting_user=officer)
    # Until the corrected version is published, the site and the rollup keep version 1.
    assert build_rollup(2021).cells[LICENCES] == 3
    with pytest.raises(ActionError, match="须填写更正说明"):
        do_publish(report, acting_user=officer, correction_note=" ")
    sent = []

    def receiver(sender, pages, **kwargs):
        sent.append(pages)

    public_pages_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = do_publish(
                report, acting_user=officer, correction_note="行政许可决定数量误填为3件，应为5件。"
            )
    finally:
        public_pages_changed.disconnect(receiver)
    page = AnnualReportPage.objects.get(report=report)
    assert sent == [[page]]
    assert [v.number for v in report.versions.all()] == [1, 2]
    assert ReportVersion.objects.get(report=report, number=1).cells[LICENCES] == 3
    assert report.published_cells[LICENCES] == 5
    assert build_rollup(2021).cells[LICENCES] == 5
    actions = audit_actions(report)
    assert actions.count("gongkai.reports.publish") == 1
    assert actions[-3:] == [
        "gongkai.reports.start_correction",
        "gongkai.reports.acknowledge",
        "gongkai.reports.publish_correction",
    ]
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 2


def test_the_corrected_page_shows_its_note_and_links_the_version_before(
    published, officer, agency_a
):
    report = do_start_correction(published, acting_user=officer)
    page = AnnualReportPage.objects.get(report=report)
    client = Client()
    html = client.get(page.url).content.decode()
    assert "更正说明" not in html and 'data-cell="t2_art20_5.admin_license.decisions">3<' in html
    do_enter_figures(agency_a, 2021, {LICENCES: 5}, acting_user=officer)
    report = do_acknowledge_warnings(report, acting_user=officer)
    do_publish(report, acting_user=officer, correction_note="行政许可决定数量误填为3件，应为5件。")
    html = client.get(page.url).content.decode()
    assert 'id="correction-note"' in html and "行政许可决定数量误填为3件，应为5件。" in html
    assert f'href="{page.url}v1/" id="previous-version">更正前版本<' in html
    assert 'data-cell="t2_art20_5.admin_license.decisions">5<' in html
    old = client.get(f"{page.url}v1/").content.decode()
    assert 'data-cell="t2_art20_5.admin_license.decisions">3<' in old
    assert 'id="older-version"' in old and f'href="{page.url}"' in old
    assert client.get(f"{page.url}v3/").status_code == 404


def test_the_officer_walks_the_path_on_the_report_page_and_sees_the_comments(
    ready, client, persona, supervisor
):
    persona(client, "officer_a")
    url = f"/admin/annual-reports/{ready.pk}/"
    html = client.get(url).content.decode()
    assert f'action="{url}submit/"' in html and "发布并报送" not in html
    client.post(f"{url}submit/")
    assert AnnualReport.objects.get(pk=ready.pk).state == ReportState.SUBMITTED
    do_return(AnnualReport.objects.get(pk=ready.pk), "请补充培训情况。", acting_user=supervisor)
    html = client.get(url).content.decode()
    assert 'id="review-comments"' in html and "请补充培训情况。" in html


def test_the_data_migration_makes_each_published_report_its_own_version_1(agency_a, officer):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("gongkai.reports.migrations.0004_report_path_and_versions")
    report = AnnualReport.objects.create(
        agency=agency_a,
        year=2020,
        format_id="gb2019",
        narrative={"s1": "总体情况"},
        state=ReportState.PUBLISHED,
        published_cells={LICENCES: 7},
        published_by=officer,
    )
    draft = AnnualReport.objects.create(agency=agency_a, year=2021, format_id="gb2021")
    migration.versions_of_published_reports(apps, None)
    version = ReportVersion.objects.get(report=report)
    assert (version.number, version.cells, version.narrative) == (
        1,
        {LICENCES: 7},
        {"s1": "总体情况"},
    )
    assert version.published_by == officer and not draft.versions.exists()


def test_a_narrative_with_an_id_number_is_not_published(ready, officer, supervisor):
    narrative = {**FINISHED, "s1": FINISHED["s1"] + "申请人张三，身份证号11010519491231002X。"}
    report = do_save_narrative(ready, narrative, acting_user=officer)
    report = do_acknowledge_warnings(report, acting_user=officer)
    report = do_accept(do_submit(report, acting_user=officer), acting_user=supervisor)
    with pytest.raises(ActionError) as refused:
        do_publish(report, acting_user=officer)
    assert "发布被拦截" in str(refused.value) and "居民身份证号码" in str(refused.value)
    assert "11010519491231002X" not in str(refused.value)
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and not report.versions.exists()
