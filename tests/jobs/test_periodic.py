from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from gongkai.jobs import registry
from gongkai.jobs.models import Job, JobState, PeriodicRun
from gongkai.jobs.periodic import dispatch_periodic
from gongkai.jobs.registry import Periodic
from gongkai.jobs.worker import run_due
from tests.jobs.conftest import calls

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAILY = Periodic("tests.record", daily_at=time(7, 0), params={"kind": "daily"})
HOURLY = Periodic("tests.record", every=timedelta(hours=1))


def sh(y, m, d, h, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


# The slot arithmetic, pure.


def test_a_daily_job_is_not_due_before_its_time_the_first_day():
    slot = DAILY.due_slot(sh(2026, 10, 19, 6, 59), sh(2026, 10, 18, 7), SHANGHAI)
    assert slot is None


def test_a_daily_job_is_due_at_its_time_in_china():
    # 07:00 in Shanghai is 23:00 UTC the day before.
    slot = DAILY.due_slot(sh(2026, 10, 19, 7, 0), sh(2026, 10, 18, 7), SHANGHAI)
    assert slot == datetime(2026, 10, 18, 23, 0, tzinfo=UTC)


def test_a_daily_job_already_run_today_is_not_due_again():
    assert DAILY.due_slot(sh(2026, 10, 19, 23, 59), sh(2026, 10, 19, 7), SHANGHAI) is None


def test_days_missed_are_caught_up_with_one_run_for_the_latest_day():
    slot = DAILY.due_slot(sh(2026, 10, 22, 6, 0), sh(2026, 10, 18, 7), SHANGHAI)
    assert slot == sh(2026, 10, 21, 7)


def test_a_daily_job_never_run_runs_for_its_latest_slot():
    assert DAILY.due_slot(sh(2026, 10, 19, 3, 0), None, SHANGHAI) == sh(2026, 10, 18, 7)


def test_an_interval_job_is_due_once_its_interval_has_passed():
    last = sh(2026, 10, 19, 9, 0)
    assert HOURLY.due_slot(sh(2026, 10, 19, 9, 59), last, SHANGHAI) is None
    assert HOURLY.due_slot(sh(2026, 10, 19, 10, 0), last, SHANGHAI) == sh(2026, 10, 19, 10, 0)
    assert HOURLY.due_slot(sh(2026, 10, 19, 10, 0), None, SHANGHAI) == sh(2026, 10, 19, 10, 0)


def test_a_periodic_job_gives_exactly_one_schedule():
    with pytest.raises(ImproperlyConfigured, match="every 或 daily_at"):
        Periodic("tests.record")
    with pytest.raises(ImproperlyConfigured, match="every 或 daily_at"):
        Periodic("tests.record", every=timedelta(hours=1), daily_at=time(7))
    with pytest.raises(ImproperlyConfigured, match="须为正"):
        Periodic("tests.record", every=timedelta(0))


def test_a_periodic_job_must_name_a_registered_job():
    with pytest.raises(ImproperlyConfigured, match="没有对应的任务函数"):
        registry.register_periodic(Periodic("tests.unregistered", every=timedelta(hours=1)))


def test_the_project_declares_its_periodic_jobs():
    declared = {p.job: p for p in registry.periodic_jobs()}
    assert declared["remind"].daily_at == time(7, 0)
    assert declared["wagtail.publish_scheduled"].every == timedelta(minutes=1)


# Dispatch, against the database.


@pytest.mark.django_db
def test_a_daily_job_runs_once_a_day_however_often_the_worker_restarts(only_periodic):
    only_periodic(DAILY)
    with time_machine.travel(sh(2026, 10, 19, 7, 0), tick=False):
        assert len(run_due()) == 1
    for restart in (sh(2026, 10, 19, 7, 1), sh(2026, 10, 19, 18, 0), sh(2026, 10, 20, 6, 59)):
        with time_machine.travel(restart, tick=False):
            assert run_due() == []
    with time_machine.travel(sh(2026, 10, 20, 7, 0), tick=False):
        assert len(run_due()) == 1
    assert calls == [("tests.record", {"kind": "daily"})] * 2
    record = PeriodicRun.objects.get(name="tests.record")
    assert record.last_slot == sh(2026, 10, 20, 7)
    assert record.last_job.state == JobState.DONE


@pytest.mark.django_db
def test_a_missed_run_is_caught_up_once(only_periodic):
    only_periodic(DAILY)
    with time_machine.travel(sh(2026, 10, 19, 7, 30), tick=False):
        run_due()
    # No worker for three days; it starts again on the 23rd before 07:00.
    with time_machine.travel(sh(2026, 10, 23, 5, 0), tick=False):
        assert len(run_due()) == 1
        assert run_due() == []
    assert len(calls) == 2
    assert PeriodicRun.objects.get(name="tests.record").last_slot == sh(2026, 10, 22, 7)


@pytest.mark.django_db
def test_a_slot_taken_by_another_worker_is_not_queued_again(only_periodic):
    only_periodic(HOURLY)
    with time_machine.travel(sh(2026, 10, 19, 9, 0), tick=False):
        PeriodicRun.objects.create(name="tests.record", last_slot=None)
        first = dispatch_periodic()
        second = dispatch_periodic()
    assert len(first) == 1 and second == []
    assert Job.objects.filter(name="tests.record").count() == 1


@pytest.mark.django_db
def test_a_periodic_run_still_queued_covers_the_next_slot(only_periodic):
    only_periodic(HOURLY)
    with time_machine.travel(sh(2026, 10, 19, 9, 0), tick=False):
        [first] = dispatch_periodic()
    with time_machine.travel(sh(2026, 10, 19, 10, 0), tick=False):
        [again] = dispatch_periodic()  # the first has not run yet (no worker)
    assert again.pk == first.pk
    assert Job.objects.filter(name="tests.record").count() == 1
