"""The monitoring's periodic jobs on ``gongkai worker``: probes every
``GONGKAI_PROBE_INTERVAL_MINUTES`` (30 by default), link checks and feeds daily."""

import logging
from datetime import time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from gongkai.casework import ActionError
from gongkai.jobs.registry import Periodic, job
from gongkai.monitoring.feeds import do_read_feed
from gongkai.monitoring.links import check_agencies
from gongkai.monitoring.models import Account
from gongkai.monitoring.probes import agencies_to_probe, probe_agencies

logger = logging.getLogger("gongkai.monitoring")


@job("monitoring.probe")
def probe():
    """Probe every agency not retired once."""
    probes = probe_agencies(agencies_to_probe())
    return {"probes": len(probes), "failed": sum(1 for p in probes if not p.ok)}


@job("monitoring.check_links")
def check_links():
    """Check the links of every agency's published pages."""
    runs = check_agencies(agencies_to_probe())
    return {"runs": len(runs), "broken": sum(run.broken for run in runs)}


@job("monitoring.read_feeds")
def read_feeds():
    """Read the feed of every open account that has one; a feed that fails is logged."""
    today = timezone.localdate()
    read, failed = 0, 0
    accounts = Account.objects.exclude(feed_url="").filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=today)
    )
    for account in accounts:
        try:
            do_read_feed(account)
            read += 1
        except ActionError as error:
            failed += 1
            logger.warning("feed of account %s not read: %s", account.pk, error.english)
    return {"read": read, "failed": failed}


PERIODIC = [
    Periodic("monitoring.probe", every=timedelta(minutes=settings.GONGKAI_PROBE_INTERVAL_MINUTES)),
    # At night (China time), when the sites are least busy.
    Periodic("monitoring.check_links", daily_at=time(3, 30)),
    Periodic("monitoring.read_feeds", daily_at=time(6, 0)),
]
