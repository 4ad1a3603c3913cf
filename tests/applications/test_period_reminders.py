"""Reminders of every period other than the reply's, once per event, by the daily job; and
the same periods on the officer's dashboard.

Hand-counted on the 2026 calendar (中秋节 Fri 25 - Sun 27 Sept, 国庆节 Thu 1 - Wed 7 Oct,
Sat 10 Oct 调休上班). A period is reminded of once its end is at most 2 working days away.
"""

from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from gongkai.applications.access import listed_for
from gongkai.applications.actions import (
    do_confirm_receipt,
    do_record_consultation_result,
    do_send_fee_notice,
    do_start_consultation,
)
from gongkai.applications.models import PeriodKind, PeriodReminder
from gongkai.applications.periods import period_alerts, send_period_reminders
from tests.applications.conftest import at, d, on_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_mail(users):
    users["officer_a"].email = "officer@a.example"
    users["officer_a"].save()
    return "officer@a.example"


@pytest.fixture
def case(register, officer_mail):
    return register(arrived=at(2026, 9, 21)).application


def kinds(sent):
    return [(r.kind, r.due) for r in sent]


def test_the_correction_notice_period_is_reminded_once_before_it_ends(case):
    # 7 working days from Mon 21 Sept: 22, 23, 24, 28, 29, 30 Sept, Thu 8 Oct.
    assert send_period_reminders(today=d(2026, 9, 28)) == []  # 3 working days left
    first = send_period_reminders(today=d(2026, 9, 29))  # 2 left: 30 Sept, 8 Oct
    assert kinds(first) == [(PeriodKind.CORRECTION_NOTICE, d(2026, 10, 8))]
    assert first[0].recipients == ["officer@a.example"]
    assert send_period_reminders(today=d(2026, 9, 30)) == []
    assert send_period_reminders(today=d(2026, 10, 8)) == []
    # Once it has passed a correction can no longer be requested: nothing to remind of.
    assert period_alerts(case.__class__.objects.all(), today=d(2026, 10, 9)) == []


def test_a_case_already_acted_on_is_not_reminded_of_the_correction_notice(case, officer):
    with on_day(2026, 9, 22):
        do_start_consultation(
            case, on=d(2026, 9, 22), acting_user=officer, party_name="某公司", matter="是否同意"
        )
    sent = send_period_reminders(today=d(2026, 9, 29))
    assert PeriodKind.CORRECTION_NOTICE not in [r.kind for r in sent]


def test_an_unconfirmed_fax_is_shown_and_reminded_from_the_day_it_arrives(register, officer_mail):
    fax = register(arrived=at(2026, 9, 21, 16), channel="fax").application
    assert period_alerts(fax.__class__.objects.all(), today=d(2026, 9, 20)) == []
    [alert] = period_alerts(fax.__class__.objects.all(), today=d(2026, 9, 21))
    assert (alert.kind, alert.due, alert.working_days_left) == (
        PeriodKind.RECEIPT_UNCONFIRMED, d(2026, 9, 21), 0,
    )  # fmt: skip
    assert kinds(send_period_reminders(today=d(2026, 9, 21))) == [
        (PeriodKind.RECEIPT_UNCONFIRMED, d(2026, 9, 21))
    ]
    assert send_period_reminders(today=d(2026, 9, 22)) == []  # once per event


def test_a_confirmed_application_leaves_the_list(register, officer, officer_mail):
    online = register(arrived=at(2026, 9, 21), channel="fax").application
    with on_day(2026, 9, 22):
        do_confirm_receipt(online, confirmed_on=d(2026, 9, 22), acting_user=officer)
    alerts = period_alerts(online.__class__.objects.all(), today=d(2026, 9, 22))
    assert PeriodKind.RECEIPT_UNCONFIRMED not in [a.kind for a in alerts]


def test_each_consultation_window_is_reminded_of(case, officer):
    with on_day(2026, 9, 23):
        for name, on in (("某公司", d(2026, 9, 22)), ("某局", d(2026, 9, 23))):
            do_start_consultation(
                case, on=on, acting_user=officer, party_name=name, matter="是否同意",
                party_kind="third_party" if name == "某公司" else "agency",
            )  # fmt: skip
    first, second = case.consultations.order_by("pk")
    # Windows: from Tue 22 Sept: 23, 24, 28, 29, 30, 8, 9, 10, 12-16, 19, 20 -> Tue 20 Oct;
    # from Wed 23 Sept one working day later -> Wed 21 Oct.
    assert (first.window_ends_on, second.window_ends_on) == (d(2026, 10, 20), d(2026, 10, 21))
    assert send_period_reminders(today=d(2026, 10, 15)) == []  # 16, 19, 20: 3 left
    sent = send_period_reminders(today=d(2026, 10, 16))
    assert [(r.kind, r.due, r.ref) for r in sent] == [
        (PeriodKind.CONSULTATION_WINDOW, d(2026, 10, 20), first.pk)
    ]
    with on_day(2026, 10, 19):
        do_record_consultation_result(
            first, result="agrees", on=d(2026, 10, 19), acting_user=officer
        )
    sent = send_period_reminders(today=d(2026, 10, 19))
    assert [(r.due, r.ref) for r in sent] == [(d(2026, 10, 21), second.pk)]
    assert send_period_reminders(today=d(2026, 10, 22)) == []


def test_the_fee_payment_period_is_reminded_of(case, officer):
    with on_day(2026, 9, 23):
        do_send_fee_notice(
            case,
            method="per_volume",
            pages=2000,
            sent_on=d(2026, 9, 23),
            acting_user=officer,
            how_to_pay="到本机关缴纳",
        )
    # 20 working days from Wed 23 Sept: 24, 28, 29, 30 (4), 8, 9, 10 (7), 12-16 (12),
    # 19-23 (17), 26, 27, 28 (20): Wed 28 Oct.
    assert send_period_reminders(today=d(2026, 10, 23)) == []
    assert kinds(send_period_reminders(today=d(2026, 10, 26))) == [
        (PeriodKind.FEE_PAYMENT, d(2026, 10, 28))
    ]


def test_the_daily_job_run_twice_sends_each_reminder_once(
    register, officer_mail, django_capture_on_commit_callbacks
):
    fax = register(arrived=at(2026, 9, 29, 9), channel="fax").application
    case = register(arrived=at(2026, 9, 21)).application
    with (
        time_machine.travel(at(2026, 9, 29, 7), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("remind", stdout=StringIO())
        call_command("remind", stdout=StringIO())
    stored = PeriodReminder.objects.order_by("application_id", "kind")
    assert sorted((r.application_id, r.kind) for r in stored) == sorted(
        [(case.pk, PeriodKind.CORRECTION_NOTICE), (fax.pk, PeriodKind.RECEIPT_UNCONFIRMED)]
    )
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2 and all(m.to == ["officer@a.example"] for m in mail.outbox)
    assert any(fax.tracking_code in s and "待确认收到" in s for s in subjects)


def test_the_dashboard_lists_the_periods_of_ones_own_agency(client, persona, register):
    fax = register(arrived=at(2026, 9, 21, 9), channel="fax").application
    with time_machine.travel(at(2026, 9, 21, 11), tick=False):
        persona(client, "officer_a")
        page = client.get("/admin/").content.decode()
        assert 'id="application-periods"' in page and fax.tracking_code in page
        persona(client, "officer_b")
        page = client.get("/admin/").content.decode()
        assert fax.tracking_code not in page


def test_the_supervisor_sees_every_agencys_periods(register, users):
    fax = register(arrived=at(2026, 9, 21, 9), channel="fax").application
    alerts = period_alerts(listed_for(users["group_supervisor"]), today=d(2026, 9, 21))
    assert fax.pk in [a.application.pk for a in alerts]
