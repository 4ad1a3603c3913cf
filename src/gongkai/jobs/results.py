"""Waiting for a job's result: a page asks, the worker answers, the page asks again.

A request that needs something slow (a privacy scan, a report check) never runs it itself.
It calls :func:`awaited` with a key naming exactly what is to be computed (a digest of the
content, a token of the upload): the first call queues the job under that key, later ones
find it. Until a worker has run it the outcome is ``pending``; then ``done`` with what the
job returned, or ``failed`` once its attempts are spent (an exception each time, or a worker
that never came back within the lease). Callers decide what a failure means; for a gate it
is "a person must check", never "clean".

Under ``GONGKAI_JOBS_EAGER`` (or for the jobs named in ``GONGKAI_JOBS_EAGER_JOBS``) the
first call runs the job at once, so the outcome is already there.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.jobs.models import Job, JobState
from gongkai.jobs.queue import enqueue

PENDING, DONE, FAILED = "pending", "done", "failed"


@dataclass(frozen=True)
class Outcome:
    state: str
    result: object = None

    @property
    def pending(self) -> bool:
        return self.state == PENDING

    @property
    def failed(self) -> bool:
        return self.state == FAILED


def latest(key: str) -> Job | None:
    return Job.objects.filter(unique_key=key).order_by("-pk").first()


def outcome_of(job: Job | None) -> Outcome:
    if job is None or job.state in (JobState.QUEUED, JobState.RUNNING):
        return Outcome(PENDING)
    if job.state == JobState.FAILED:
        return Outcome(FAILED)
    return Outcome(DONE, job.result)


def awaited(name: str, key: str, /, **params) -> Outcome:
    """The outcome of the job ``name`` for ``key``, queued with ``params`` if not yet asked.

    A finished job whose result is ``None`` (it found what it was asked about had changed
    under it) is asked again.
    """
    job = latest(key)
    if job is None or (job.state == JobState.DONE and job.result is None):
        job = enqueue(name, unique_key=key, **params)
    return outcome_of(job)


def peek(key: str) -> Outcome:
    """The outcome for ``key`` without queueing anything (a page polling for it)."""
    return outcome_of(latest(key))
