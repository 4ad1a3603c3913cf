from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from gongkai.applications.actions import do_extend, do_reply
from gongkai.applications.models import Outcome, ReminderKind
from gongkai.applications.reminders import send_reminders
from tests.applications.conftest import SHANGHAI, at, d

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register, users):
    users["officer_a"].email = "officer@a.example"
    users["officer_a"].save()
    users["group_supervisor"].email = "supervisor@example"
    users["group_supervisor"].save()
    users["reviewer_b"].email = "b@b.example"
    users["reviewer_b"].save()
    return register(arrived=at(2026, 9, 21)).application  # due Mon 2026-10-26


def test_nothing_six_working_days_before(case):
    assert send_reminders(today=d(2026, 10, 16)) == []


def test_due_soon_five_working_days_before_sent_once(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(today=d(2026, 10, 19))
        again = send_reminders(today=d(2026, 10, 20))
    assert [(r.kind, r.due) for r in first] == [(ReminderKind.DUE_SOON, d(2026, 10, 26))]
    assert again == []
    assert first[0].recipients == ["officer@a.example"]
    assert [m.to for m in mail.outbox] == [["officer@a.example"]]
    assert case.tracking_code in mail.outbox[0].subject


def test_overdue_the_day_after_goes_to_the_supervisor_too(case):
    assert [r.kind for r in send_reminders(today=d(2026, 10, 26))] == [ReminderKind.DUE_SOON]
    overdue = send_reminders(today=d(2026, 10, 27))
    assert [r.kind for r in overdue] == [ReminderKind.OVERDUE]
    assert overdue[0].recipients == ["officer@a.example", "supervisor@example"]
    assert send_reminders(today=d(2026, 10, 28)) == []


def test_a_moved_deadline_is_reminded_again(case, users, head):
    officer = users["officer_a"]
    assert len(send_reminders(today=d(2026, 10, 19))) == 1
    do_extend(
        case,
        working_days=5,
        reason="复杂",
        approved_by=head,
        notice_sent_on=d(2026, 10, 19),
        acting_user=officer,
    )
    assert send_reminders(today=d(2026, 10, 20)) == []  # due 11-02: 9 working days away
    assert [r.due for r in send_reminders(today=d(2026, 10, 26))] == [d(2026, 11, 2)]


def test_concluded_cases_get_no_reminder(case, users):
    do_reply(
        case,
        outcome=Outcome.DISCLOSED,
        text="公开",
        replied_on=d(2026, 10, 9),
        acting_user=users["officer_a"],
        obtain_how="随本告知书提供",
    )
    assert send_reminders(today=d(2026, 10, 27)) == []


def test_a_lost_claim_sends_nothing(case):
    # Another process claimed it first: the conditional UPDATE matches no row.
    type(case).objects.filter(pk=case.pk).update(due_soon_reminded_for=case.reply_due)
    assert send_reminders(today=d(2026, 10, 19)) == []


@time_machine.travel(datetime(2026, 10, 19, 7, 0, tzinfo=SHANGHAI), tick=False)
def test_remind_command_uses_today_in_china(case):
    out = StringIO()
    call_command("remind", stdout=out)
    assert "已发送 1 条申请提醒，0 条留言告警" in out.getvalue()
    out = StringIO()
    call_command("remind", stdout=out)
    assert "已发送 0 条申请提醒，0 条留言告警" in out.getvalue()


@time_machine.travel(datetime(2026, 10, 19, 0, 30, tzinfo=SHANGHAI), tick=False)
def test_just_after_midnight_in_china_counts_as_monday(case):
    # Sunday 16:30 UTC, already Monday 10-19 in Shanghai: five working days left.
    assert [r.kind for r in send_reminders()] == [ReminderKind.DUE_SOON]
