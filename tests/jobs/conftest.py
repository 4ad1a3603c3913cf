"""Jobs the tests queue, registered once, and a clean slate of periodic jobs per test."""

import os
import signal
import threading
import time
from datetime import timedelta

import pytest

from gongkai.jobs import registry
from gongkai.jobs.registry import job

# What the test jobs did, in order: (job name, params). Guarded for the threaded race.
calls: list[tuple[str, dict]] = []
calls_lock = threading.Lock()


@job("tests.record")
def record(**params):
    with calls_lock:
        calls.append(("tests.record", params))


@job("tests.sigterm")
def sigterm():
    # The worker is told to stop while this job runs; the job still completes.
    os.kill(os.getpid(), signal.SIGTERM)
    with calls_lock:
        calls.append(("tests.sigterm", {}))


class Boom(RuntimeError):
    pass


@job("tests.fail", max_attempts=3)
def fail(**params):
    # The message quotes personal data, as a database or mail error would.
    raise Boom("张三 13812345678 zhangsan@example.com")


@pytest.fixture(autouse=True)
def empty_calls():
    calls.clear()
    yield
    calls.clear()


@pytest.fixture
def only_periodic(monkeypatch):
    """Replace the declared periodic jobs with the given ones for one test."""

    def use(*periodic):
        monkeypatch.setattr(registry, "_periodic", {p.job: p for p in periodic})

    return use


@job("tests.outlive_lease", lease=timedelta(seconds=0.3))
def outlive_lease():
    # Runs three times its lease; meanwhile another worker looks for dead workers' jobs.
    time.sleep(0.9)
    from gongkai.jobs.queue import requeue_expired

    with calls_lock:
        calls.append(("tests.outlive_lease", {"requeued": requeue_expired()}))


@job("tests.answer", max_attempts=2)
def answer(n=0):
    with calls_lock:
        calls.append(("tests.answer", {"n": n}))
    return {"double": n * 2}


@job("tests.not_json", max_attempts=1)
def not_json():
    return {1, 2}


@job("tests.stale", max_attempts=1)
def stale():
    with calls_lock:
        calls.append(("tests.stale", {}))
