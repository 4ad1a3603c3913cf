"""《全国年节及纪念日放假办法》's fixed-date days: chosen by the version in force, never
working days, even in a year whose schedule is not yet issued."""

from datetime import date

import pytest

from gongkai.rules.calendar import DayKind, ScheduleError, WorkdayCalendar, parse_schedule
from gongkai.rules.festivals import (
    MissingFestivalLaw,
    fixed_festival,
    law_versions,
    parse_versions,
    version_on,
)


@pytest.fixture(scope="module")
def cal():
    return WorkdayCalendar.builtin()


@pytest.mark.parametrize(
    ("day", "festival"),
    [
        (date(2024, 1, 1), "元旦"),
        (date(2024, 5, 1), "劳动节"),
        (date(2024, 5, 2), None),  # only one day of 劳动节 before the 2024 revision
        (date(2025, 5, 2), "劳动节"),  # 国务院令第795号, from 1 January 2025
        (date(2027, 10, 3), "国庆节"),
        (date(2027, 10, 4), None),
        (date(2027, 2, 5), None),  # 除夕 2027 is a lunar date, never a fixed one
    ],
)
def test_fixed_days_follow_the_version_in_force(day, festival):
    assert fixed_festival(day) == festival


def test_versions_are_dated_and_cited():
    assert version_on(date(2024, 12, 31)).order == "国务院令第644号"
    assert version_on(date(2025, 1, 1)).order == "国务院令第795号"
    assert [v.valid_from for v in law_versions()] == sorted(v.valid_from for v in law_versions())


def test_a_date_before_any_version_is_an_explicit_error():
    with pytest.raises(MissingFestivalLaw):
        fixed_festival(date(2007, 12, 31))


def test_two_versions_on_one_day_are_refused():
    entry = {"valid_from": "2025-01-01", "order": "x", "fixed_days": []}
    with pytest.raises(ValueError):
        parse_versions({"versions": [entry, dict(entry)]})


def test_provisional_deadline_skips_new_year_of_a_year_without_schedule(cal):
    assert not cal.has_year(2027)
    # Thu 31 Dec 2026 (1); Fri 1 Jan 2027 is 元旦 under the law whatever the 2027 notice says;
    # Mon 4 (2), Tue 5 (3), Wed 6 (4), Thu 7 (5).
    result = cal.add_workdays(date(2026, 12, 30), 5, provisional=True)
    assert result.date == date(2027, 1, 7)
    assert result.missing_years == (2027,)
    info = cal.day_kind(date(2027, 1, 1), provisional=True)
    assert (info.kind, info.holiday, info.provisional) == (DayKind.HOLIDAY, "元旦", True)
    assert cal.day_kind(date(2027, 5, 3), provisional=True).kind is DayKind.WORKDAY


def test_a_year_without_schedule_is_still_an_error_when_not_provisional(cal):
    from gongkai.rules.calendar import MissingHolidayData

    with pytest.raises(MissingHolidayData):
        cal.add_workdays(date(2026, 12, 30), 5)


def test_a_schedule_may_not_make_a_fixed_day_a_working_day(cal):
    data = cal.schedule(2026).to_dict()
    period = next(p for p in data["holidays"] if p["name"].startswith("国庆节"))
    period["start"] = "2026-10-04"  # a notice that (wrongly) leaves 1-3 October out
    parse_schedule(data, expected_year=2026)  # a period may start later; that is the notice's
    data["adjusted_workdays"].append(
        {"date": "2026-10-03", "holiday": period["name"], "notice": period["notice"]}
    )  # a Saturday and a fixed day of the law
    with pytest.raises(ScheduleError) as error:
        parse_schedule(data, expected_year=2026)
    assert any("fixed holiday" in problem for problem in error.value.problems)
