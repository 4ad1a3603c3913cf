"""Provisional deadlines in a year without a holiday schedule, and their recomputation."""

import pytest
from wagtail.models import ModelLogEntry

from gongkai.applications.actions import do_reply
from gongkai.applications.models import Outcome
from gongkai.workdays.models import HolidaySchedule
from tests.applications.conftest import at, d, on_day
from tests.test_workdays_app import schedule_2027

pytestmark = pytest.mark.django_db


def test_deadline_inside_2026_is_final(register):
    # Received Thu 2026-12-03: 20 working days end on Thu 12-31, all inside 2026.
    app = register(arrived=at(2026, 12, 3)).application
    assert (app.reply_due, app.provisional) == (d(2026, 12, 31), False)


def test_deadline_in_2027_is_provisional_and_recomputed_when_2027_is_stored(register, users):
    # Received Thu 2026-12-10: counting weekends only, and 元旦 (Fri 2027-01-01) as the
    # festival law's fixed holiday, 20 working days end Fri 2027-01-08 — never on 1 January.
    app = register(arrived=at(2026, 12, 10)).application
    assert (app.reply_due, app.provisional) == (d(2027, 1, 8), True)
    done = register(arrived=at(2026, 12, 10)).application
    with on_day(2026, 12, 20):
        do_reply(
            done,
            outcome=Outcome.DISCLOSED,
            text="公开",
            replied_on=d(2026, 12, 20),
            acting_user=users["officer_a"],
            obtain_how="随本告知书提供",
        )

    HolidaySchedule.objects.create(year=2027, data=schedule_2027())

    # The notice confirms 元旦 and adds nothing before 01-08: the date stands, now final.
    app.refresh_from_db()
    assert (app.reply_due, app.provisional) == (d(2027, 1, 8), False)
    change = app.deadline_changes.get()
    assert (change.old_due, change.new_due) == (d(2027, 1, 8), d(2027, 1, 8))
    assert (change.old_provisional, change.new_provisional) == (True, False)
    assert "2027" in change.reason
    entry = ModelLogEntry.objects.get(
        object_id=str(app.pk), action="gongkai.applications.deadline_recomputed"
    )
    assert entry.data["data"]["new_due"] == "2027-01-08"
    # Concluded cases keep their history untouched.
    done.refresh_from_db()
    assert not done.deadline_changes.exists()


def test_a_schedule_that_changes_nothing_records_nothing(register):
    app = register(arrived=at(2026, 9, 21)).application
    HolidaySchedule.objects.create(year=2027, data=schedule_2027())
    assert not app.deadline_changes.exists()


def test_deleting_a_schedule_makes_the_deadline_provisional_again(register):
    row = HolidaySchedule.objects.create(year=2027, data=schedule_2027())
    app = register(arrived=at(2026, 12, 10)).application
    assert (app.reply_due, app.provisional) == (d(2027, 1, 8), False)
    row.delete()
    app.refresh_from_db()
    # Provisional again, and still not on 1 January: the law fixes 元旦 without the notice.
    assert (app.reply_due, app.provisional) == (d(2027, 1, 8), True)


def test_an_open_consultations_window_follows_a_stored_schedule(register, users):
    from gongkai.applications.actions import do_start_consultation

    app = register(arrived=at(2026, 12, 18)).application
    with on_day(2026, 12, 21):
        do_start_consultation(
            app, on=d(2026, 12, 21), acting_user=users["officer_a"], party_name="某公司",
            matter="是否同意公开",
        )  # fmt: skip
    consultation = app.consultations.get()
    # 15 working days from Mon 21 Dec 2026: 22-25 (4), 28-31 (8); 2027 is provisional,
    # 元旦 (Fri 1 Jan) fixed by law; 4-8 Jan (13), 11, 12 (15): Tue 12 Jan 2027.
    assert consultation.window_ends_on == d(2027, 1, 12)
    # A (test-made) 2027 notice giving 元旦 through Tue 5 Jan: 6-8 Jan (11), 11-14 (15).
    data = schedule_2027()
    data["holidays"][0]["end"] = "2027-01-05"
    HolidaySchedule.objects.create(year=2027, data=data)
    consultation.refresh_from_db()
    assert consultation.window_ends_on == d(2027, 1, 14)
