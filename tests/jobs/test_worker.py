import os
import signal
import threading
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError

from gongkai.jobs.models import Job, JobState
from gongkai.jobs.queue import enqueue
from gongkai.jobs.registry import Periodic
from gongkai.jobs.worker import Worker
from tests.jobs.conftest import calls

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_worker_once_runs_what_is_due_and_exits(only_periodic):
    only_periodic(Periodic("tests.record", every=timedelta(hours=1), params={"kind": "hourly"}))
    enqueue("tests.record", n=1)
    enqueue("tests.fail")
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "已运行 3 个任务，2 个完成" in out.getvalue()
    assert sorted(str(params) for _, params in calls) == ["{'kind': 'hourly'}", "{'n': 1}"]
    assert Job.objects.get(name="tests.fail").state == JobState.QUEUED  # its retry waits
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "已运行 0 个任务，0 个完成" in out.getvalue()


def test_worker_stops_cleanly_on_sigterm(only_periodic):
    only_periodic()
    enqueue("tests.record", n=1)
    worker = Worker(poll_seconds=0.05)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    previous = signal.getsignal(signal.SIGTERM)
    worker.serve()  # returns instead of being killed
    timer.join()
    assert calls == [("tests.record", {"n": 1})]
    assert worker.stopping.is_set()
    assert signal.getsignal(signal.SIGTERM) is previous


def test_a_signal_during_a_job_lets_the_job_finish_then_stops(only_periodic):
    only_periodic()
    interrupted = enqueue("tests.sigterm")
    waiting = enqueue("tests.record", n=2)
    Worker(poll_seconds=0.05).serve()
    interrupted.refresh_from_db()
    waiting.refresh_from_db()
    assert interrupted.state == JobState.DONE
    assert waiting.state == JobState.QUEUED
    assert calls == [("tests.sigterm", {})]


def test_publish_scheduled_publishes_a_page_whose_go_live_time_passed(only_periodic):
    from gongkai.catalog.models import InfoItem
    from tests.sitegroup import column

    only_periodic(Periodic("wagtail.publish_scheduled", every=timedelta(minutes=1)))
    now = datetime(2026, 10, 19, 9, 0, tzinfo=SHANGHAI)
    with time_machine.travel(now, tick=False):
        item = InfoItem(
            title="关于定时发布的通知",
            generated_on=now.date(),
            body="<p>正文内容。</p>",
            live=False,
        )
        column("agency-a", "notices").add_child(instance=item)
        item.go_live_at = now + timedelta(hours=1)
        item.save_revision().publish()
        item.refresh_from_db()
        assert not item.live
        call_command("worker", "--once", stdout=StringIO())
        item.refresh_from_db()
        assert not item.live
    with time_machine.travel(now + timedelta(hours=1, minutes=1), tick=False):
        call_command("worker", "--once", stdout=StringIO())
    item.refresh_from_db()
    assert item.live
    assert Job.objects.filter(name="wagtail.publish_scheduled", state=JobState.DONE).count() == 2


def test_a_database_error_does_not_stop_the_worker(monkeypatch):
    rounds = []

    def run_due(name, should_stop):
        rounds.append(name)
        if len(rounds) == 1:
            raise OperationalError("connection refused")
        worker.stopping.set()
        return []

    monkeypatch.setattr("gongkai.jobs.worker.run_due", run_due)
    worker = Worker(poll_seconds=0.01)
    worker.serve()
    assert rounds == [worker.name, worker.name]
