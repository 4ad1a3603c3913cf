"""The daily reminders and alarms as a periodic job of ``gongkai worker`` (and ``gongkai remind``).

Here, in the upper of the two case apps, because it sends both apps' notices."""

from datetime import time

from gongkai.applications.periods import send_period_reminders
from gongkai.applications.reminders import send_reminders
from gongkai.interaction.actions import send_alarms
from gongkai.jobs.registry import Periodic, job


@job("remind")
def remind():
    """Due-soon and overdue reminders of applications, reminders of their other periods
    (receipt, correction notice, consultations, fee), and alarms on unanswered messages.

    Each is claimed per case before it is sent, so a rerun (a retry, a manual
    ``gongkai remind``) sends nothing twice.
    """
    return [*send_reminders(), *send_period_reminders()], send_alarms()


# Before the working day starts (China time), so they are waiting when offices open.
PERIODIC = [Periodic("remind", daily_at=time(7, 0))]
