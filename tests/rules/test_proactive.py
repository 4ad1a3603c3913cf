from datetime import date

from gongkai.rules.calendar import WorkdayCalendar
from gongkai.rules.proactive import publication_timeliness

CALENDAR = WorkdayCalendar.builtin()


def test_twenty_working_days_is_on_time_and_twenty_one_is_late():
    # Formed Mon 2020-06-01; 20 working days later is Mon 2020-06-29 (no holiday: 端午节 25-27
    # June with 28 June, a Sunday, worked): count by hand: June 2-5 (4), 8-12 (5), 15-19 (5),
    # 22-24 (3), 28 (调休, 1), 29 (1), 30 (1) → 29 June is the 19th, 30 June the 20th.
    on_time = publication_timeliness(CALENDAR, date(2020, 6, 1), date(2020, 6, 30))
    assert on_time.workdays == 20 and not on_time.late and not on_time.provisional
    late = publication_timeliness(CALENDAR, date(2020, 6, 1), date(2020, 7, 1))
    assert late.workdays == 21 and late.late


def test_spring_festival_2020_extension_is_not_counted():
    # Formed Thu 2020-01-23; the extended holiday ran to 2 February, so 3 February is the
    # first working day after it.
    result = publication_timeliness(CALENDAR, date(2020, 1, 23), date(2020, 2, 3))
    assert result.workdays == 1


def test_same_day_publication_is_zero():
    assert publication_timeliness(CALENDAR, date(2021, 3, 1), date(2021, 3, 1)).workdays == 0


def test_year_without_data_is_provisional():
    result = publication_timeliness(CALENDAR, date(2026, 12, 20), date(2027, 1, 20))
    assert result.provisional
