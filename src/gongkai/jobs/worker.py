"""The worker's loop: expired leases back to the queue, periodic jobs queued, due jobs run.

``gongkai worker`` repeats :func:`run_due` every ``GONGKAI_JOBS_POLL_SECONDS`` until
SIGTERM or SIGINT; the job running when the signal comes finishes first (a second signal
stops at once, and that job's lease expires and puts it back for another worker).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

from django.db import DatabaseError, close_old_connections, connection
from django.dispatch import Signal

from gongkai.jobs.models import Job
from gongkai.jobs.periodic import dispatch_periodic
from gongkai.jobs.queue import requeue_expired, run_pending, worker_id

logger = logging.getLogger("gongkai.jobs")

#: Sent when a worker starts serving, before its first round: an app above may queue what a
#: new release needs (static publishing queues a full rebuild when its templates changed).
worker_started = Signal()


def run_due(
    worker: str | None = None, should_stop: Callable[[], bool] = lambda: False
) -> list[Job]:
    """One round: what is due now runs now, in this process; returns the jobs run."""
    requeue_expired()
    dispatch_periodic()
    return run_pending(worker or worker_id(), should_stop=should_stop)


class Worker:
    def __init__(self, poll_seconds: float):
        self.poll_seconds = poll_seconds
        self.name = worker_id()
        self.stopping = threading.Event()

    def _on_signal(self, signum, frame):
        if self.stopping.is_set():
            raise KeyboardInterrupt
        self.stopping.set()

    def serve(self) -> None:
        previous = {
            sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            try:
                worker_started.send(sender=Worker, worker=self.name)
            except DatabaseError as exc:
                logger.warning("worker %s: database error %s", self.name, type(exc).__name__)
            while not self.stopping.is_set():
                self._refresh_connection()
                try:
                    run_due(self.name, should_stop=self.stopping.is_set)
                except DatabaseError as exc:
                    # The database restarting or unreachable: wait and try again rather
                    # than exit; jobs claimed meanwhile come back when their lease expires.
                    logger.warning("worker %s: database error %s", self.name, type(exc).__name__)
                self.stopping.wait(self.poll_seconds)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self._refresh_connection()

    @staticmethod
    def _refresh_connection():
        # Drop a connection past its age or broken (the database restarted) between rounds,
        # as Django does between requests; one inside a transaction (a test's) is kept.
        if not connection.in_atomic_block:
            close_old_connections()
