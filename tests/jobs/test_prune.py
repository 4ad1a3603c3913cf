"""Finished jobs are forgotten after GONGKAI_JOBS_KEEP_DAYS; what is queued, running or
recent stays, and a result asked for again after that is computed afresh."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.jobs import registry
from gongkai.jobs.jobs import prune
from gongkai.jobs.models import Job, JobState
from gongkai.jobs.queue import run_pending
from gongkai.jobs.results import awaited

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 4, 0, tzinfo=SHANGHAI)


def finished(state, days_ago, **fields):
    return Job.objects.create(
        name="tests.record",
        state=state,
        max_attempts=1,
        finished_at=NOW - timedelta(days=days_ago),
        **fields,
    )


def test_prune_deletes_only_jobs_finished_before_the_kept_days(settings):
    settings.GONGKAI_JOBS_KEEP_DAYS = 30
    old_done = finished(JobState.DONE, 31)
    old_failed = finished(JobState.FAILED, 45)
    recent = finished(JobState.DONE, 29)
    queued = Job.objects.create(name="tests.record", max_attempts=1)
    running = Job.objects.create(name="tests.record", max_attempts=1, state=JobState.RUNNING)
    with time_machine.travel(NOW, tick=False):
        assert prune() == 2
    left = set(Job.objects.values_list("pk", flat=True))
    assert left == {recent.pk, queued.pk, running.pk}
    assert not {old_done.pk, old_failed.pk} & left


def test_the_kept_days_are_a_setting(settings):
    finished(JobState.DONE, 8)
    settings.GONGKAI_JOBS_KEEP_DAYS = 10
    with time_machine.travel(NOW, tick=False):
        assert prune() == 0
    settings.GONGKAI_JOBS_KEEP_DAYS = 7
    with time_machine.travel(NOW, tick=False):
        assert prune() == 1


def test_a_result_pruned_is_asked_for_again(settings):
    settings.GONGKAI_JOBS_KEEP_DAYS = 30
    with time_machine.travel(NOW - timedelta(days=40), tick=False):
        assert awaited("tests.answer", "digest:abc", n=4).pending
        run_pending()
        assert awaited("tests.answer", "digest:abc", n=4).result is not None
    with time_machine.travel(NOW, tick=False):
        assert prune() == 1
        assert awaited("tests.answer", "digest:abc", n=4).pending  # queued afresh
    assert Job.objects.filter(unique_key="digest:abc", state=JobState.QUEUED).count() == 1


def test_prune_is_a_daily_job_of_the_worker():
    registry.autodiscover()
    daily = {p.job: p for p in registry.periodic_jobs()}
    assert daily["jobs.prune"].daily_at is not None
