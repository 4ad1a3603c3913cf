"""The daily reminders run as the worker's periodic job, as ``gongkai remind`` runs them."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from gongkai.applications.models import Reminder, ReminderKind
from gongkai.jobs import registry
from gongkai.jobs.models import Job, JobState
from tests.applications.conftest import (  # noqa: F401 (fixtures)
    agency_a,
    at,
    empty_sms_outbox,
    register,
    users,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def case(register, users):  # noqa: F811
    users["officer_a"].email = "officer@a.example"
    users["officer_a"].save()
    return register(arrived=at(2026, 9, 21)).application  # due Mon 2026-10-26


@pytest.fixture
def only_reminders(only_periodic):
    [remind] = [p for p in registry.periodic_jobs() if p.job == "remind"]
    only_periodic(remind)


def worker_once(when):
    with time_machine.travel(when, tick=False):
        call_command("worker", "--once", stdout=StringIO())


def test_the_worker_sends_the_days_reminders_once(
    case, only_reminders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        worker_once(datetime(2026, 10, 16, 7, 0, tzinfo=SHANGHAI))  # six working days before
        assert not Reminder.objects.filter(application=case).exists()
        worker_once(datetime(2026, 10, 19, 7, 0, tzinfo=SHANGHAI))  # five: due soon
        worker_once(datetime(2026, 10, 19, 15, 0, tzinfo=SHANGHAI))  # same day: not again
    reminders = Reminder.objects.filter(application=case)
    assert [(r.kind, r.recipients) for r in reminders] == [
        (ReminderKind.DUE_SOON, ["officer@a.example"])
    ]
    assert [m.to for m in mail.outbox] == [["officer@a.example"]]
    runs = Job.objects.filter(name="remind")
    assert [job.state for job in runs] == [JobState.DONE, JobState.DONE]


def test_a_worker_down_over_the_due_date_catches_up_with_one_run(case, only_reminders):
    worker_once(datetime(2026, 10, 18, 7, 0, tzinfo=SHANGHAI))
    # No worker from the 19th to the 27th morning: one run sends the overdue reminder.
    worker_once(datetime(2026, 10, 27, 9, 0, tzinfo=SHANGHAI))
    assert [r.kind for r in Reminder.objects.filter(application=case)] == [ReminderKind.OVERDUE]
    assert Job.objects.filter(name="remind").count() == 2


@time_machine.travel(datetime(2026, 10, 19, 7, 0, tzinfo=SHANGHAI), tick=False)
def test_the_remind_command_and_the_job_share_their_claims(case, only_reminders):
    out = StringIO()
    call_command("remind", stdout=out)
    assert "已发送 1 条申请提醒，0 条留言告警" in out.getvalue()
    call_command("worker", "--once", stdout=StringIO())
    assert Reminder.objects.filter(application=case).count() == 1
    assert Job.objects.get(name="remind").state == JobState.DONE
