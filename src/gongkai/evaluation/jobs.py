"""The daily inspection snapshot as a periodic job of ``gongkai worker``: the scores over
time of the evaluation are drawn from these snapshots."""

from datetime import time

from gongkai.evaluation.actions import take_snapshots
from gongkai.jobs.registry import Periodic, job


@job("evaluation.snapshot")
def snapshot():
    """Inspect every agency in service now and store the verdicts."""
    return take_snapshots()


# After the day's reminders, before offices open (China time).
PERIODIC = [Periodic("evaluation.snapshot", daily_at=time(6, 30))]
