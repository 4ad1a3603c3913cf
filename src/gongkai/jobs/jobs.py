"""The job runner's own periodic work: Wagtail's pages and snippets whose go-live or expiry
time has come, and forgetting finished jobs once nobody waits for them."""

from datetime import time, timedelta
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from gongkai.jobs.models import Job, JobState
from gongkai.jobs.registry import Periodic, job


@job("wagtail.publish_scheduled")
def publish_scheduled():
    call_command("publish_scheduled", stdout=StringIO())


@job("jobs.prune")
def prune() -> int:
    """Delete the jobs finished (done or failed) more than ``GONGKAI_JOBS_KEEP_DAYS`` ago.

    A finished job is the stored answer to whoever waits for it (a privacy scan's findings
    under the content's digest): one asked again after that is queued and run afresh. The
    audit log, not this table, is the record of what staff did."""
    before = timezone.now() - timedelta(days=settings.GONGKAI_JOBS_KEEP_DAYS)
    finished = Job.objects.filter(state__in=[JobState.DONE, JobState.FAILED])
    return finished.filter(finished_at__lt=before).delete()[0]


PERIODIC = [
    Periodic("wagtail.publish_scheduled", every=timedelta(minutes=1)),
    Periodic("jobs.prune", daily_at=time(4, 0)),
]
