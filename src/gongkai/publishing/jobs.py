"""The worker's side of static publishing: the rewrite job that ``queue.request`` queues."""

from gongkai.jobs.registry import job
from gongkai.publishing.queue import JOB, work_off


@job(JOB, max_attempts=3)
def rewrite():
    work_off()
