import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError

from gongkai.jobs.models import Job, JobState
from gongkai.jobs.queue import (
    backoff,
    claim_next,
    enqueue,
    requeue_expired,
    run_job,
    run_pending,
)
from tests.jobs.conftest import calls

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = datetime(2026, 10, 19, 12, 0, tzinfo=SHANGHAI)


def test_a_queued_job_runs_with_its_params_and_is_done():
    queued = enqueue("tests.record", case=7, note="x")
    assert queued.state == JobState.QUEUED
    assert calls == []
    [ran] = run_pending()
    assert calls == [("tests.record", {"case": 7, "note": "x"})]
    ran.refresh_from_db()
    assert (ran.state, ran.attempts, ran.last_error) == (JobState.DONE, 1, "")
    assert ran.finished_at is not None and ran.lease_expires_at is None
    assert run_pending() == []


def test_jobs_run_oldest_first_and_not_before_their_time():
    with time_machine.travel(NOON, tick=False):
        later = enqueue("tests.record", n=3, run_after=NOON + timedelta(hours=1))
        enqueue("tests.record", n=1)
        enqueue("tests.record", n=2)
        run_pending()
        assert [params["n"] for _, params in calls] == [1, 2]
        later.refresh_from_db()
        assert later.state == JobState.QUEUED
    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        run_pending()
    assert [params["n"] for _, params in calls] == [1, 2, 3]


def test_of_two_claimers_only_one_wins():
    job = enqueue("tests.record")
    first = claim_next("host:1:aaaaaa")
    second = claim_next("host:2:bbbbbb")
    assert first.pk == job.pk and first.claimed_by == "host:1:aaaaaa"
    assert second is None
    job.refresh_from_db()
    assert (job.state, job.claimed_by, job.attempts) == (JobState.RUNNING, "host:1:aaaaaa", 1)


def test_a_running_job_is_not_claimed_again_while_its_lease_holds():
    with time_machine.travel(NOON, tick=False):
        enqueue("tests.record")
        claim_next("host:1:aaaaaa")
    with time_machine.travel(NOON + timedelta(seconds=299), tick=False):
        assert requeue_expired() == 0
        assert claim_next("host:2:bbbbbb") is None


def test_a_job_whose_worker_died_is_requeued_when_its_lease_expires():
    with time_machine.travel(NOON, tick=False):
        job = enqueue("tests.record")
        claim_next("host:1:aaaaaa")  # …and the worker dies
    with time_machine.travel(NOON + timedelta(seconds=301), tick=False):
        assert requeue_expired() == 1
        job.refresh_from_db()
        assert (job.state, job.claimed_by) == (JobState.QUEUED, "")
        assert "lease expired" in job.last_error
        [ran] = run_pending()
    assert ran.pk == job.pk
    assert (ran.state, ran.attempts) == (JobState.DONE, 2)


def test_an_expired_lease_on_the_last_attempt_fails_the_job():
    with time_machine.travel(NOON, tick=False):
        job = enqueue("tests.fail")  # three attempts
        Job.objects.filter(pk=job.pk).update(attempts=2)
        claim_next("host:1:aaaaaa")
    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        assert requeue_expired() == 1
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.finished_at is not None


def test_a_worker_that_lost_its_lease_cannot_overwrite_the_new_owner():
    with time_machine.travel(NOON, tick=False):
        job = enqueue("tests.record")
        stale = claim_next("host:1:aaaaaa")
    with time_machine.travel(NOON + timedelta(seconds=301), tick=False):
        requeue_expired()
        owner = claim_next("host:2:bbbbbb")
        run_job(stale)  # the first worker wakes up and finishes
    job.refresh_from_db()
    assert (job.state, job.claimed_by) == (JobState.RUNNING, owner.claimed_by)


def test_a_failure_records_the_error_type_not_its_message(caplog):
    caplog.set_level(logging.INFO, logger="gongkai.jobs")
    with time_machine.travel(NOON, tick=False):
        job = enqueue("tests.fail")
        [ran] = run_pending()
    assert ran.state == JobState.QUEUED  # to be retried
    job.refresh_from_db()
    assert job.last_error.startswith("tests.jobs.conftest.Boom")
    assert "in fail" in job.last_error
    for text in (job.last_error, caplog.text):
        for personal in ("张三", "13812345678", "zhangsan@example.com"):
            assert personal not in text
    assert f"job {job.pk} tests.fail retry" in caplog.text


def test_a_failing_job_is_retried_with_backoff_until_its_attempts_run_out():
    with time_machine.travel(NOON, tick=False):
        job = enqueue("tests.fail")
        run_pending()
        job.refresh_from_db()
        assert (job.state, job.attempts) == (JobState.QUEUED, 1)
        assert job.run_after == NOON + timedelta(seconds=60)
        assert run_pending() == []  # not before the backoff
    with time_machine.travel(NOON + timedelta(seconds=60), tick=False):
        run_pending()
        job.refresh_from_db()
        assert (job.state, job.attempts) == (JobState.QUEUED, 2)
        assert job.run_after == NOON + timedelta(seconds=60 + 120)
    with time_machine.travel(NOON + timedelta(seconds=179), tick=False):
        assert run_pending() == []
    with time_machine.travel(NOON + timedelta(seconds=180), tick=False):
        [ran] = run_pending()
    assert (ran.state, ran.attempts) == (JobState.FAILED, 3)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.finished_at is not None
    assert job.last_error.startswith("tests.jobs.conftest.Boom")
    with time_machine.travel(NOON + timedelta(days=1), tick=False):
        assert run_pending() == []


def test_backoff_doubles_per_attempt_and_is_capped(settings):
    settings.GONGKAI_JOBS_RETRY_SECONDS = 30
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(30) == timedelta(hours=6)


def test_a_unique_key_is_queued_once_while_active():
    first = enqueue("tests.record", unique_key="rebuild:agency-a", n=1)
    again = enqueue("tests.record", unique_key="rebuild:agency-a", n=2)
    other = enqueue("tests.record", unique_key="rebuild:agency-b", n=3)
    assert again.pk == first.pk and other.pk != first.pk
    assert Job.objects.filter(unique_key="rebuild:agency-a").count() == 1
    run_pending()
    assert sorted(params["n"] for _, params in calls) == [1, 3]
    # Once it has run, the same key may be queued again.
    anew = enqueue("tests.record", unique_key="rebuild:agency-a", n=4)
    assert anew.pk != first.pk and anew.state == JobState.QUEUED


def test_the_database_refuses_a_second_active_job_with_the_same_key():
    enqueue("tests.record", unique_key="k")
    with pytest.raises(IntegrityError):
        Job.objects.create(name="tests.record", max_attempts=1, unique_key="k")


def test_an_unknown_job_or_unstorable_params_are_refused():
    with pytest.raises(LookupError, match="没有名为 tests.nothing 的任务"):
        enqueue("tests.nothing")
    with pytest.raises(ValueError, match="JSON"):
        enqueue("tests.record", when=NOON)
    assert Job.objects.count() == 0


def test_a_job_whose_function_is_gone_fails_without_retry():
    # Queued by an older release whose job no longer exists.
    Job.objects.create(name="tests.removed", max_attempts=5)
    [ran] = run_pending()
    assert ran.state == JobState.FAILED
    assert ran.last_error.startswith("builtins.LookupError")


def test_eager_mode_runs_the_job_as_it_is_queued(settings):
    settings.GONGKAI_JOBS_EAGER = True
    job = enqueue("tests.record", n=1)
    assert calls == [("tests.record", {"n": 1})]
    assert job.state == JobState.DONE
    failed = enqueue("tests.fail")
    assert failed.state == JobState.QUEUED and failed.attempts == 1
    later = enqueue("tests.record", n=2, run_after=NOON + timedelta(days=3650))
    assert later.state == JobState.QUEUED and len(calls) == 1


def test_the_queue_survives_a_restart():
    # A new process knows nothing but the rows: a fresh worker name finds and runs the job.
    enqueue("tests.record", n=1)
    ran = run_pending(worker="another-host:99:cccccc")
    assert [job.claimed_by for job in ran] == ["another-host:99:cccccc"]


@pytest.mark.django_db(transaction=True)
def test_a_job_outliving_its_lease_keeps_it_by_heartbeat():
    job = enqueue("tests.outlive_lease")
    [ran] = run_pending()
    assert calls == [("tests.outlive_lease", {"requeued": 0})]
    assert ran.state == JobState.DONE
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 1)
