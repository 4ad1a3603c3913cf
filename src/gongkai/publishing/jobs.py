"""The worker's side of static publishing: the rewrite job that ``queue.request`` queues,
and the full rebuild queued when the templates changed (``fingerprint.py``)."""

from datetime import timedelta

from django.dispatch import receiver

from gongkai.jobs.registry import job
from gongkai.jobs.worker import worker_started
from gongkai.publishing import build, fingerprint
from gongkai.publishing.queue import JOB, work_off


@job(JOB, max_attempts=3)
def rewrite():
    work_off()


# A full rebuild renders every public address; give it the time a large site group needs.
@job(fingerprint.REBUILD_JOB, max_attempts=3, lease=timedelta(hours=2))
def rebuild_all():
    build.rebuild_all()


@receiver(worker_started, dispatch_uid="publishing-template-check")
def check_templates(sender, **kwargs):
    fingerprint.queue_rebuild_if_changed()
