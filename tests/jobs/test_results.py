"""A job's result kept for the page that waits for it (gongkai.jobs.results)."""

import pytest

from gongkai.jobs.models import Job, JobState
from gongkai.jobs.queue import enqueue, run_pending
from gongkai.jobs.results import DONE, FAILED, PENDING, awaited, peek
from tests.jobs.conftest import calls

pytestmark = pytest.mark.django_db


def test_what_a_job_returns_is_kept_in_its_row():
    job = enqueue("tests.answer", n=21)
    run_pending()
    job.refresh_from_db()
    assert (job.state, job.result) == (JobState.DONE, {"double": 42})


def test_a_job_that_returns_nothing_keeps_none():
    job = enqueue("tests.record", n=1)
    run_pending()
    job.refresh_from_db()
    assert (job.state, job.result) == (JobState.DONE, None)


def test_a_result_that_is_not_json_fails_the_job_and_keeps_nothing():
    job = enqueue("tests.not_json")
    run_pending()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.result is None
    assert "TypeError" in job.last_error


def test_awaited_queues_once_is_pending_until_the_worker_ran_then_done():
    first = awaited("tests.answer", "answer:3", n=3)
    again = awaited("tests.answer", "answer:3", n=3)
    assert first.state == again.state == PENDING and first.pending
    assert Job.objects.filter(unique_key="answer:3").count() == 1
    assert peek("answer:3").pending and calls == []
    run_pending()
    done = awaited("tests.answer", "answer:3", n=3)
    assert (done.state, done.result) == (DONE, {"double": 6})
    assert peek("answer:3").result == {"double": 6}
    assert calls == [("tests.answer", {"n": 3})]  # asked three times, run once


def test_a_failed_job_is_failed_and_not_queued_again():
    awaited("tests.not_json", "bad:1")
    run_pending()
    outcome = awaited("tests.not_json", "bad:1")
    assert outcome.state == FAILED and outcome.failed and not outcome.pending
    assert Job.objects.filter(unique_key="bad:1").count() == 1


def test_a_finished_job_without_a_result_is_asked_again():
    # A job returns None when what it was asked about changed under it.
    awaited("tests.stale", "stale:1")
    run_pending()
    assert awaited("tests.stale", "stale:1").pending
    assert Job.objects.filter(unique_key="stale:1").count() == 2


def test_peek_never_queues():
    assert peek("nothing:1").pending
    assert not Job.objects.filter(unique_key="nothing:1").exists()


def test_jobs_named_eager_run_at_once_and_the_others_wait(settings):
    settings.GONGKAI_JOBS_EAGER = False
    settings.GONGKAI_JOBS_EAGER_JOBS = ("tests.answer",)
    now = awaited("tests.answer", "answer:5", n=5)
    assert (now.state, now.result) == (DONE, {"double": 10})
    later = enqueue("tests.record", n=1)
    assert later.state == JobState.QUEUED and calls == [("tests.answer", {"n": 5})]
