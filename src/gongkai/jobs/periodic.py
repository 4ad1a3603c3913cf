"""Queue the periodic jobs that are due, once per slot across every worker.

Each periodic job has one :class:`PeriodicRun` row holding the last slot it was queued
for. A worker takes a slot with a conditional UPDATE on that row (the slot it read is
still there), so of several workers only one queues it, and a restart the same day finds
the day's slot taken.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.jobs import registry
from gongkai.jobs.models import Job, PeriodicRun
from gongkai.jobs.queue import enqueue

logger = logging.getLogger("gongkai.jobs")


def dispatch_periodic(now: datetime | None = None) -> list[Job]:
    """Queue every periodic job whose slot has come; returns the jobs queued."""
    now = now or timezone.now()
    zone = ZoneInfo(settings.TIME_ZONE)
    queued = []
    for periodic in registry.periodic_jobs():
        record, _ = PeriodicRun.objects.get_or_create(name=periodic.job)
        slot = periodic.due_slot(now, record.last_slot, zone)
        if slot is None:
            continue
        with transaction.atomic():
            taken = PeriodicRun.objects.filter(pk=record.pk, last_slot=record.last_slot).update(
                last_slot=slot, last_queued_at=now
            )
            if taken != 1:  # another worker queued this slot first
                continue
            # One at a time: a run still queued or retrying covers this slot too.
            job = enqueue(periodic.job, unique_key=f"periodic:{periodic.job}", **periodic.params)
            PeriodicRun.objects.filter(pk=record.pk).update(last_job=job)
        logger.info("periodic %s queued as job %s for %s", periodic.job, job.pk, slot.isoformat())
        queued.append(job)
    return queued
