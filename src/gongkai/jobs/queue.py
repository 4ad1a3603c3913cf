"""Enqueue, claim and run jobs; the same functions serve the worker, the tests and the bench.

Claiming is one conditional UPDATE (``… SET state='running' WHERE id=? AND
state='queued'``) whose row count says who won: it behaves the same on SQLite and
PostgreSQL, with any number of workers, and holds no lock while the job runs. A claim is a
lease: a worker that dies lets it expire and :func:`requeue_expired` puts the job back;
one that lives keeps it fresh with a heartbeat, so a job never runs twice at once. Every
state change after the claim names the claimer, so a worker whose lease was taken from it
cannot overwrite the new owner's outcome.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.jobs import registry
from gongkai.jobs.models import ACTIVE_STATES, Job, JobState

logger = logging.getLogger("gongkai.jobs")

MAX_BACKOFF = timedelta(hours=6)


def worker_id() -> str:
    """host:pid:token — names the claimer in the job row and the log, and nobody else."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def enqueue(
    name: str, /, *, unique_key: str | None = None, run_after: datetime | None = None, **params
) -> Job:
    """Queue the job ``name`` with ``params``; with a ``unique_key`` at most once at a time.

    Under ``GONGKAI_JOBS_EAGER`` (or when ``name`` is in ``GONGKAI_JOBS_EAGER_JOBS``) the job
    also runs at once, in this process, through the same claim and run as the worker's.
    """
    spec = registry.get(name)
    try:
        json.dumps(params)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"任务 {name} 的参数须可存为 JSON / job parameters must be JSON-serialisable: {exc}"
        ) from None
    fields = {
        "name": name,
        "params": params,
        "max_attempts": spec.max_attempts or settings.GONGKAI_JOBS_MAX_ATTEMPTS,
        "run_after": run_after or timezone.now(),
        "unique_key": unique_key or "",
    }
    if not unique_key:
        job = Job.objects.create(**fields)
    else:
        try:
            with transaction.atomic():
                job = Job.objects.create(**fields)
        except IntegrityError:
            existing = Job.objects.filter(unique_key=unique_key, state__in=ACTIVE_STATES).first()
            if existing is None:  # it finished between our insert and this read: queue anew
                return enqueue(name, unique_key=unique_key, run_after=run_after, **params)
            return existing
    eager = settings.GONGKAI_JOBS_EAGER or name in settings.GONGKAI_JOBS_EAGER_JOBS
    if eager and job.state == JobState.QUEUED and job.run_after <= timezone.now():
        claimed = _claim(job.pk, name, worker_id())
        if claimed is not None:
            run_job(claimed)
            job.refresh_from_db()
    return job


def _lease(name: str) -> timedelta:
    try:
        lease = registry.get(name).lease
    except LookupError:
        lease = None
    return lease or timedelta(seconds=settings.GONGKAI_JOBS_LEASE_SECONDS)


def _claim(pk: int, name: str, worker: str) -> Job | None:
    now = timezone.now()
    won = Job.objects.filter(pk=pk, state=JobState.QUEUED, run_after__lte=now).update(
        state=JobState.RUNNING,
        claimed_by=worker,
        claimed_at=now,
        lease_expires_at=now + _lease(name),
        attempts=F("attempts") + 1,
    )
    if won != 1:
        return None
    return Job.objects.get(pk=pk)


def claim_next(worker: str, batch: int = 10) -> Job | None:
    """The oldest due job this worker won, or None when none is left to win."""
    now = timezone.now()
    due = Job.objects.filter(state=JobState.QUEUED, run_after__lte=now).order_by("run_after", "pk")
    for pk, name in due.values_list("pk", "name")[:batch]:
        job = _claim(pk, name, worker)
        if job is not None:
            return job
    return None


def requeue_expired() -> int:
    """Put back the jobs whose worker stopped (lease expired); fail those out of attempts."""
    now = timezone.now()
    expired = Job.objects.filter(state=JobState.RUNNING, lease_expires_at__lt=now)
    error = "租约到期：运行它的进程已停止 / lease expired: its worker stopped"
    failed = expired.filter(attempts__gte=F("max_attempts")).update(
        state=JobState.FAILED, finished_at=now, lease_expires_at=None, last_error=error
    )
    requeued = expired.update(
        state=JobState.QUEUED, run_after=now, claimed_by="", lease_expires_at=None, last_error=error
    )
    if failed or requeued:
        logger.warning("jobs with an expired lease: %d re-queued, %d failed", requeued, failed)
    return requeued + failed


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt: the base delay doubled for each attempt made."""
    base = timedelta(seconds=settings.GONGKAI_JOBS_RETRY_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def describe_error(exc: BaseException) -> str:
    """The exception's type and the frames that raised it, without its message.

    Messages quote data (a database error repeats the row's values, a mail error the
    address), and personal information is never logged in clear.
    """
    frames = traceback.extract_tb(exc.__traceback__)[-5:]
    where = [f"{_short(f.filename)}:{f.lineno} in {f.name}" for f in frames]
    kind = type(exc)
    return f"{kind.__module__}.{kind.__qualname__}" + "".join(f"\n  {w}" for w in where)


def _short(filename: str) -> str:
    for marker in ("/site-packages/", "/src/"):
        if marker in filename:
            return filename.rsplit(marker, 1)[1]
    return os.path.basename(filename)


class _Heartbeat(threading.Thread):
    """Renews a running job's lease every third of it, from its own connection."""

    def __init__(self, job: Job, lease: timedelta):
        super().__init__(daemon=True, name=f"heartbeat-{job.pk}")
        self.job, self.lease, self.stopped = job, lease, threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(self.lease.total_seconds() / 3):
                try:
                    Job.objects.filter(
                        pk=self.job.pk, state=JobState.RUNNING, claimed_by=self.job.claimed_by
                    ).update(lease_expires_at=timezone.now() + self.lease)
                except DatabaseError:
                    # SQLite busy with the job's own write, or the database away: the next
                    # beat tries again, two more fit in the lease.
                    connections.close_all()
        finally:
            connections.close_all()

    def stop(self):
        self.stopped.set()
        self.join()


def run_job(job: Job) -> Job:
    """Run a claimed job and record how it ended; returns it with its new state."""
    mine = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, claimed_by=job.claimed_by)
    started = time.monotonic()
    try:
        spec = registry.get(job.name)
    except LookupError as exc:
        return _record(job, mine, JobState.FAILED, describe_error(exc), started)
    # Inside a transaction (an eager enqueue in a request, a test) a savepoint keeps a
    # failing job from breaking it; outside, the job manages its own transactions and no
    # transaction is held open for as long as it runs.
    in_transaction = connection.in_atomic_block
    heartbeat = None if in_transaction else _Heartbeat(job, _lease(job.name))
    if heartbeat:
        heartbeat.start()
    try:
        with transaction.atomic() if in_transaction else nullcontext():
            result = spec.func(**job.params)
        json.dumps(result)
    except Exception as exc:
        error = describe_error(exc)
        if job.attempts >= job.max_attempts:
            return _record(job, mine, JobState.FAILED, error, started)
        return _record(job, mine, JobState.QUEUED, error, started)
    finally:
        if heartbeat:
            heartbeat.stop()
    return _record(job, mine, JobState.DONE, "", started, result)


def _record(job, mine, state, error, started, result=None) -> Job:
    now = timezone.now()
    fields = {"state": state, "last_error": error, "lease_expires_at": None, "result": result}
    if state == JobState.QUEUED:
        fields.update(run_after=now + backoff(job.attempts), claimed_by="")
    else:
        fields["finished_at"] = now
    if mine.update(**fields) != 1:
        logger.warning("job %s %s: lease lost before it ended; outcome dropped", job.pk, job.name)
        job.refresh_from_db()
        return job
    for name, value in fields.items():
        setattr(job, name, value)
    outcome = {JobState.DONE: "done", JobState.FAILED: "failed", JobState.QUEUED: "retry"}[state]
    logger.info(
        "job %s %s %s in %.3fs (attempt %d of %d)%s",
        job.pk,
        job.name,
        outcome,
        time.monotonic() - started,
        job.attempts,
        job.max_attempts,
        f": {error.splitlines()[0]}" if error else "",
    )
    return job


def run_pending(
    worker: str | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    limit: int | None = None,
) -> list[Job]:
    """Claim and run due jobs until none is left (or ``limit``); returns the jobs run."""
    worker = worker or worker_id()
    ran: list[Job] = []
    while not should_stop() and (limit is None or len(ran) < limit):
        job = claim_next(worker)
        if job is None:
            break
        ran.append(run_job(job))
    return ran
