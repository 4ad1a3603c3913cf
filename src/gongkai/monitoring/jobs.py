"""The monitoring's periodic jobs on ``gongkai worker``: probes every
``GONGKAI_PROBE_INTERVAL_MINUTES`` (30 by default), link checks daily."""

from datetime import time, timedelta

from django.conf import settings

from gongkai.jobs.registry import Periodic, job
from gongkai.monitoring.links import check_agencies
from gongkai.monitoring.probes import agencies_to_probe, probe_agencies


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


PERIODIC = [
    Periodic("monitoring.probe", every=timedelta(minutes=settings.GONGKAI_PROBE_INTERVAL_MINUTES)),
    # At night (China time), when the sites are least busy.
    Periodic("monitoring.check_links", daily_at=time(3, 30)),
]
