from datetime import date

from gongkai.rules.calendar import WorkdayCalendar
from gongkai.rules.interaction import needs_alarm, reply_due, reply_workdays

CALENDAR = WorkdayCalendar.builtin()


def test_inquiry_received_before_national_day_2020():
    # Received Mon 2020-09-28; 1-8 Oct off, Sat 10 Oct worked. Working days after receipt:
    # 29 Sep (1), 30 Sep (2), 9 Oct (3), 10 Oct 调休 (4), 12 Oct (5).
    due = reply_due(CALENDAR, date(2020, 9, 28), 5)
    assert due.on == date(2020, 10, 12) and not due.provisional


def test_suggestion_over_spring_festival_2021():
    # Received Tue 2021-02-09; 7 Feb (Sun) and 20 Feb (Sat) were worked, 11-17 Feb off.
    # After 9 Feb: 10 Feb (1), 18 (2), 19 (3), 20 调休 (4), 22 (5), 23 (6), 24 (7), 25 (8),
    # 26 (9), 1 Mar (10).
    assert reply_due(CALENDAR, date(2021, 2, 9), 10).on == date(2021, 3, 1)


def test_deadline_in_a_year_without_data_is_provisional():
    due = reply_due(CALENDAR, date(2026, 12, 28), 10)
    assert due.provisional


def test_alarm_rings_at_sixty_calendar_days_not_before():
    assert not needs_alarm(date(2020, 1, 1), date(2020, 2, 29))  # 59 days
    assert needs_alarm(date(2020, 1, 1), date(2020, 3, 1))  # 60 days


def test_reply_workdays():
    assert reply_workdays(CALENDAR, date(2020, 9, 28), date(2020, 10, 12)) == 5
    assert reply_workdays(CALENDAR, date(2020, 9, 28), date(2020, 9, 28)) == 0
