"""The annual report's privacy check before publishing runs on the worker (issue 15).

With the check left queued: publishing is refused as "checking…" (nothing published, the
check kept in the queue), the report's page says so and its status address answers
pending; once the worker has run it, a clean text publishes and one with an ID number is
refused with its findings; a check that failed never counts as clean.
"""

import pytest

from gongkai.jobs.models import Job, JobState
from gongkai.jobs.queue import run_pending
from gongkai.reports import privacy_check
from gongkai.reports.actions import (
    ActionError,
    do_accept,
    do_acknowledge_warnings,
    do_publish,
    do_save_narrative,
    do_submit,
)
from gongkai.reports.models import AnnualReportPage, ReportState
from tests.reports.test_report_actions import FINISHED
from tests.reports.test_report_path import ready, supervisor  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

CHECK = privacy_check.CHECK_JOB


@pytest.fixture(autouse=True)
def checks_queued(settings):
    settings.GONGKAI_JOBS_EAGER = False
    settings.GONGKAI_JOBS_EAGER_JOBS = ()


@pytest.fixture
def accepted(ready, officer, supervisor):  # noqa: F811
    return do_accept(do_submit(ready, acting_user=officer), acting_user=supervisor)


def test_publishing_waits_for_the_check_then_publishes(client, persona, accepted, officer):
    with pytest.raises(ActionError) as refused:
        do_publish(accepted, acting_user=officer)
    assert refused.value.code == "checking" and "正在检查个人信息" in str(refused.value)
    accepted.refresh_from_db()
    assert accepted.state == ReportState.ACCEPTED
    assert not AnnualReportPage.objects.filter(report=accepted).exists()
    assert Job.objects.filter(name=CHECK, state=JobState.QUEUED).count() == 1

    persona(client, "officer_a")
    page = client.get(f"/admin/annual-reports/{accepted.pk}/").content.decode()
    assert 'id="privacy-check"' in page and "正在检查个人信息" in page
    assert "gongkai/job_status.js" in page
    status = f"/admin/annual-reports/{accepted.pk}/privacy-check/"
    assert client.get(status).json() == {"state": "pending"}

    [ran] = run_pending()
    assert ran.name == CHECK and ran.state == JobState.DONE and ran.result == []
    answer = client.get(status).json()
    assert answer["state"] == "done" and answer["clean"] and "可以发布" in answer["text"]
    assert (
        'id="privacy-check"'
        not in client.get(f"/admin/annual-reports/{accepted.pk}/").content.decode()
    )
    report = do_publish(accepted, acting_user=officer)
    assert report.state == ReportState.PUBLISHED
    assert Job.objects.filter(name=CHECK).count() == 1  # the same text is checked once


def test_an_id_number_is_found_once_the_worker_ran(client, persona, ready, officer, supervisor):  # noqa: F811
    narrative = {**FINISHED, "s1": FINISHED["s1"] + "申请人张三，身份证号11010519491231002X。"}
    report = do_acknowledge_warnings(
        do_save_narrative(ready, narrative, acting_user=officer), acting_user=officer
    )
    report = do_accept(do_submit(report, acting_user=officer), acting_user=supervisor)
    with pytest.raises(ActionError, match="正在检查"):
        do_publish(report, acting_user=officer)
    run_pending()
    persona(client, "officer_a")
    answer = client.get(f"/admin/annual-reports/{report.pk}/privacy-check/").json()
    assert not answer["clean"] and "居民身份证号码" in answer["text"]
    assert "11010519491231002X" not in answer["text"]
    with pytest.raises(ActionError) as refused:
        do_publish(report, acting_user=officer)
    assert refused.value.code == "personal_information"
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


def test_a_changed_text_is_checked_anew(accepted, officer):
    with pytest.raises(ActionError, match="正在检查"):
        do_publish(accepted, acting_user=officer)
    run_pending()
    # A correction note is published too: the text with it is another check.
    assert privacy_check.ask(accepted, "更正了表三").pending


def test_a_failed_check_is_never_clean(accepted, officer, monkeypatch):
    with pytest.raises(ActionError, match="正在检查"):
        do_publish(accepted, acting_user=officer)

    def broken(where, text):
        raise MemoryError("scanner ran out")

    monkeypatch.setattr(privacy_check, "text_findings", broken)
    for _attempt in range(2):
        Job.objects.filter(name=CHECK).update(run_after="2000-01-01T00:00:00Z")
        run_pending()
    assert Job.objects.get(name=CHECK).state == JobState.FAILED
    with pytest.raises(ActionError) as refused:
        do_publish(accepted, acting_user=officer)
    assert "个人信息检查未能完成" in str(refused.value)
    accepted.refresh_from_db()
    assert accepted.state == ReportState.ACCEPTED


def test_the_status_follows_the_reports_access(client, persona, accepted, officer):
    with pytest.raises(ActionError):
        do_publish(accepted, acting_user=officer)
    persona(client, "officer_b")
    assert client.get(f"/admin/annual-reports/{accepted.pk}/privacy-check/").status_code == 404
