"""The working-day calendar: transcribed schedules against an independent oracle, hand-checked
cases around every Spring Festival and National Day, missing years, schedule validation."""

import copy
import json
from datetime import UTC, date, datetime, timedelta
from importlib import resources

import chinese_calendar
import pytest

from gongkai.rules.calendar import (
    DayInfo,
    DayKind,
    MissingHolidayData,
    ScheduleError,
    WorkdayCalendar,
    builtin_schedules,
    load_schedule_file,
    parse_schedule,
    shanghai_date,
)

YEARS = range(2019, 2027)


@pytest.fixture(scope="module")
def cal():
    return WorkdayCalendar.builtin()


def every_day(year):
    d = date(year, 1, 1)
    while d.year == year:
        yield d
        d += timedelta(days=1)


# --- the transcribed data against chinese_calendar (PyPI chinesecalendar) -----------------

# Our Chinese period names → the oracle's English names. A merged period may be filed under
# either festival by the oracle.
ORACLE_NAMES = {
    "元旦": {"New Year's Day"},
    "春节": {"Spring Festival"},
    "清明节": {"Tomb-sweeping Day"},
    "劳动节": {"Labour Day"},
    "端午节": {"Dragon Boat Festival"},
    "中秋节": {"Mid-autumn Festival"},
    "国庆节": {"National Day"},
    "国庆节、中秋节": {"National Day", "Mid-autumn Festival"},
    "中秋节、国庆节": {"National Day", "Mid-autumn Festival"},
}


def test_builtin_data_covers_exactly_2019_to_2026(cal):
    assert cal.years == tuple(YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_every_day_of_year_agrees_with_chinese_calendar(cal, year):
    disagreements = []
    for d in every_day(year):
        kind, holiday = cal.day_kind(d)
        oracle_working = chinese_calendar.is_workday(d)
        oracle_adjusted = d in chinese_calendar.workdays
        if (
            kind.is_working != oracle_working
            or (kind is DayKind.ADJUSTED_WORKDAY) != oracle_adjusted
        ):
            disagreements.append((d, kind, holiday, oracle_working, oracle_adjusted))
    assert disagreements == []


@pytest.mark.parametrize("year", YEARS)
def test_holiday_names_agree_with_chinese_calendar(cal, year):
    # Weekend days inside or next to a period are off either way, and the oracle names some
    # of them after the festival; the name is compared where it decides something: weekday
    # holidays and adjusted working days.
    disagreements = []
    for d in every_day(year):
        kind, holiday = cal.day_kind(d)
        if kind is DayKind.HOLIDAY and d.weekday() < 5:
            oracle = chinese_calendar.get_holiday_detail(d)[1]
        elif kind is DayKind.ADJUSTED_WORKDAY:
            oracle = chinese_calendar.workdays[d]
        else:
            continue
        if oracle not in ORACLE_NAMES[holiday]:
            disagreements.append((d, holiday, oracle))
    assert disagreements == []


@pytest.mark.parametrize("year", YEARS)
def test_each_file_names_its_notices_and_validates(year):
    path = resources.files("gongkai.rules") / "data" / "holidays" / f"{year}.json"
    schedule = load_schedule_file(str(path))
    assert schedule.year == year
    assert schedule.notices
    for notice in schedule.notices:
        assert notice.number.startswith("国办发明电〔")
        assert f"{year}年" in notice.title
    numbers = {n.number for n in schedule.notices}
    assert {p.notice for p in schedule.holidays} <= numbers
    assert {a.notice for a in schedule.adjusted_workdays} <= numbers


def test_amended_years_name_both_notices():
    schedules = builtin_schedules()
    assert [n.number for n in schedules[2019].notices] == [
        "国办发明电〔2018〕15号",
        "国办发明电〔2019〕3号",
    ]
    assert [n.number for n in schedules[2020].notices] == [
        "国办发明电〔2019〕16号",
        "国办发明电〔2020〕1号",
    ]
    spring_2020 = next(p for p in schedules[2020].holidays if p.name == "春节")
    assert (spring_2020.start, spring_2020.end) == (date(2020, 1, 24), date(2020, 2, 2))
    assert spring_2020.notice == "国办发明电〔2020〕1号"


@pytest.mark.parametrize("year", YEARS)
def test_schedule_round_trips_through_the_file_format(year):
    schedule = builtin_schedules()[year]
    assert parse_schedule(json.loads(json.dumps(schedule.to_dict()))) == schedule


def test_2026_has_248_working_days(cal):
    # Stated with the 2026 schedule in the spec (§11).
    assert sum(cal.is_workday(d) for d in every_day(2026)) == 248


# --- hand-checked days around every Spring Festival and National Day ------------------------

H, A, W, E = DayKind.HOLIDAY, DayKind.ADJUSTED_WORKDAY, DayKind.WORKDAY, DayKind.WEEKEND

HAND_CHECKED_DAYS = [
    # Spring Festival
    ("2019-02-01", W, None), ("2019-02-02", A, "春节"), ("2019-02-03", A, "春节"),
    ("2019-02-04", H, "春节"), ("2019-02-10", H, "春节"), ("2019-02-11", W, None),
    ("2020-01-19", A, "春节"), ("2020-01-23", W, None), ("2020-01-24", H, "春节"),
    ("2020-01-31", H, "春节"),  # added by the extension notice 国办发明电〔2020〕1号
    ("2020-02-01", H, "春节"),  # planned 调休 Saturday, cancelled by the extension
    ("2020-02-02", H, "春节"), ("2020-02-03", W, None),
    ("2021-02-07", A, "春节"), ("2021-02-10", W, None), ("2021-02-11", H, "春节"),
    ("2021-02-17", H, "春节"), ("2021-02-18", W, None), ("2021-02-20", A, "春节"),
    ("2022-01-28", W, None), ("2022-01-29", A, "春节"), ("2022-01-30", A, "春节"),
    ("2022-01-31", H, "春节"), ("2022-02-06", H, "春节"), ("2022-02-07", W, None),
    ("2023-01-20", W, None), ("2023-01-21", H, "春节"), ("2023-01-27", H, "春节"),
    ("2023-01-28", A, "春节"), ("2023-01-29", A, "春节"), ("2023-01-30", W, None),
    ("2024-02-04", A, "春节"),
    ("2024-02-09", W, None),  # 除夕: the notice only encourages leave, it is not a holiday
    ("2024-02-10", H, "春节"), ("2024-02-17", H, "春节"), ("2024-02-18", A, "春节"),
    ("2024-02-19", W, None),
    ("2025-01-26", A, "春节"), ("2025-01-27", W, None), ("2025-01-28", H, "春节"),
    ("2025-02-04", H, "春节"), ("2025-02-05", W, None), ("2025-02-08", A, "春节"),
    ("2026-02-13", W, None), ("2026-02-14", A, "春节"), ("2026-02-15", H, "春节"),
    ("2026-02-23", H, "春节"), ("2026-02-24", W, None), ("2026-02-28", A, "春节"),
    # National Day (with 中秋节 where merged)
    ("2019-09-29", A, "国庆节"), ("2019-09-30", W, None), ("2019-10-01", H, "国庆节"),
    ("2019-10-07", H, "国庆节"), ("2019-10-08", W, None), ("2019-10-12", A, "国庆节"),
    ("2020-09-27", A, "国庆节、中秋节"), ("2020-09-30", W, None),
    ("2020-10-01", H, "国庆节、中秋节"), ("2020-10-08", H, "国庆节、中秋节"),
    ("2020-10-09", W, None), ("2020-10-10", A, "国庆节、中秋节"),
    ("2021-09-26", A, "国庆节"), ("2021-09-30", W, None), ("2021-10-01", H, "国庆节"),
    ("2021-10-07", H, "国庆节"), ("2021-10-08", W, None), ("2021-10-09", A, "国庆节"),
    ("2022-09-30", W, None), ("2022-10-01", H, "国庆节"), ("2022-10-07", H, "国庆节"),
    ("2022-10-08", A, "国庆节"), ("2022-10-09", A, "国庆节"), ("2022-10-10", W, None),
    ("2023-09-28", W, None), ("2023-09-29", H, "中秋节、国庆节"),
    ("2023-10-06", H, "中秋节、国庆节"), ("2023-10-07", A, "中秋节、国庆节"),
    ("2023-10-08", A, "中秋节、国庆节"), ("2023-10-09", W, None),
    ("2024-09-28", E, None), ("2024-09-29", A, "国庆节"), ("2024-09-30", W, None),
    ("2024-10-01", H, "国庆节"), ("2024-10-07", H, "国庆节"), ("2024-10-08", W, None),
    ("2024-10-12", A, "国庆节"),
    ("2025-09-28", A, "国庆节、中秋节"), ("2025-09-30", W, None),
    ("2025-10-01", H, "国庆节、中秋节"), ("2025-10-08", H, "国庆节、中秋节"),
    ("2025-10-09", W, None), ("2025-10-11", A, "国庆节、中秋节"),
    ("2026-09-20", A, "国庆节"), ("2026-09-25", H, "中秋节"), ("2026-09-30", W, None),
    ("2026-10-01", H, "国庆节"), ("2026-10-07", H, "国庆节"), ("2026-10-08", W, None),
    ("2026-10-10", A, "国庆节"), ("2026-10-11", E, None),
    # Other periods whose notices say "与周末连休": the weekend stays a plain weekend
    ("2019-04-05", H, "清明节"), ("2019-04-06", E, None), ("2024-06-10", H, "端午节"),
    ("2024-06-08", E, None), ("2019-05-01", H, "劳动节"), ("2019-05-04", H, "劳动节"),
    ("2019-05-05", A, "劳动节"),  # 2019 劳动节 as amended by 国办发明电〔2019〕3号
    ("2023-01-01", H, "元旦"), ("2026-01-04", A, "元旦"),
]  # fmt: skip


@pytest.mark.parametrize(("day", "kind", "holiday"), HAND_CHECKED_DAYS)
def test_day_kind_around_spring_festival_and_national_day(cal, day, kind, holiday):
    info = cal.day_kind(date.fromisoformat(day))
    assert (info.kind, info.holiday) == (kind, holiday)
    assert cal.is_workday(date.fromisoformat(day)) is kind.is_working
    assert info.provisional is False


HAND_CHECKED_SUMS = [
    # start, n, expected: the Nth working day after start
    ("2019-02-01", 1, "2019-02-02"), ("2019-02-03", 1, "2019-02-11"),
    ("2020-01-23", 1, "2020-02-03"), ("2020-01-18", 1, "2020-01-19"),
    ("2021-02-10", 1, "2021-02-18"), ("2021-02-18", 2, "2021-02-20"),
    ("2022-01-28", 2, "2022-01-30"), ("2022-01-28", 3, "2022-02-07"),
    ("2023-01-20", 1, "2023-01-28"), ("2023-01-20", 3, "2023-01-30"),
    ("2024-02-08", 1, "2024-02-09"), ("2024-02-09", 1, "2024-02-18"),
    ("2025-01-27", 1, "2025-02-05"), ("2025-01-24", 2, "2025-01-27"),
    ("2026-02-13", 1, "2026-02-14"), ("2026-02-14", 1, "2026-02-24"),
    ("2019-09-30", 1, "2019-10-08"), ("2020-09-30", 2, "2020-10-10"),
    ("2021-09-30", 2, "2021-10-09"), ("2022-09-30", 1, "2022-10-08"),
    ("2023-09-28", 1, "2023-10-07"), ("2024-09-27", 1, "2024-09-29"),
    ("2025-09-30", 1, "2025-10-09"), ("2026-09-30", 1, "2026-10-08"),
    # The spec's worked examples (§5): reply due, correction notice due, with extension.
    ("2026-09-21", 20, "2026-10-26"), ("2026-02-10", 7, "2026-02-26"),
    ("2026-02-10", 20, "2026-03-16"), ("2026-02-10", 40, "2026-04-14"),
    # Start on a holiday or weekend: the start never counts, whatever kind of day it is.
    ("2026-10-01", 1, "2026-10-08"), ("2026-10-10", 1, "2026-10-12"),
    ("2026-10-09", 1, "2026-10-10"),
    # Across a year end: received 2020-12-28, 元旦 2021 (1-3 January) skipped.
    ("2020-12-28", 20, "2021-01-26"), ("2022-12-30", 1, "2023-01-03"),
]  # fmt: skip


@pytest.mark.parametrize(("start", "n", "expected"), HAND_CHECKED_SUMS)
def test_add_workdays_hand_checked(cal, start, n, expected):
    start_d = date.fromisoformat(start)
    assert cal.add_workdays(start_d, n) == date.fromisoformat(expected)
    assert cal.workdays_between(start_d, date.fromisoformat(expected)) == n


def test_add_workdays_result_is_first_day_reaching_n(cal):
    # The day before the result has only n-1 working days elapsed: both sides of the edge.
    start = date(2026, 9, 21)
    due = cal.add_workdays(start, 20)
    assert cal.workdays_between(start, due - timedelta(days=1)) == 19
    assert cal.workdays_between(start, due) == 20


def test_workdays_between_is_signed_and_zero_on_same_day(cal):
    a, b = date(2026, 9, 21), date(2026, 10, 26)
    assert cal.workdays_between(a, a) == 0
    assert cal.workdays_between(b, a) == -20
    # A holiday after the start adds nothing.
    assert cal.workdays_between(date(2026, 9, 30), date(2026, 10, 7)) == 0


def test_add_workdays_rejects_bad_n(cal):
    for bad in (0, -1, True, 1.5, "3"):
        with pytest.raises(ValueError, match="n must be an integer"):
            cal.add_workdays(date(2026, 1, 5), bad)


def test_datetimes_are_refused(cal):
    moment = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with pytest.raises(TypeError, match="datetime.date"):
        cal.is_workday(moment)
    with pytest.raises(TypeError):
        cal.add_workdays(moment, 1)


def test_shanghai_date_converts_aware_moments():
    # 17:00 UTC on 30 September is already 1 October in China.
    assert shanghai_date(datetime(2026, 9, 30, 15, 59, tzinfo=UTC)) == date(2026, 9, 30)
    assert shanghai_date(datetime(2026, 9, 30, 16, 0, tzinfo=UTC)) == date(2026, 10, 1)
    with pytest.raises(ValueError, match="naive"):
        shanghai_date(datetime(2026, 9, 30, 16, 0))  # noqa: DTZ001 - the case under test


def test_day_info_unpacks_to_kind_and_holiday():
    kind, holiday = DayInfo(DayKind.HOLIDAY, "春节")
    assert (kind, holiday) == ("holiday", "春节")


# --- years without data ------------------------------------------------------------------


def test_missing_year_raises_naming_the_year(cal):
    with pytest.raises(MissingHolidayData) as exc:
        cal.day_kind(date(2027, 1, 4))
    assert exc.value.year == 2027
    assert "2027" in str(exc.value)
    with pytest.raises(MissingHolidayData, match="2018"):
        cal.is_workday(date(2018, 6, 1))


def test_add_workdays_raises_only_when_it_reaches_a_missing_year(cal):
    # 28 December 2026 + 3 working days = Thursday 31 December: 2027 is never touched.
    assert cal.add_workdays(date(2026, 12, 28), 3) == date(2026, 12, 31)
    with pytest.raises(MissingHolidayData) as exc:
        cal.add_workdays(date(2026, 12, 28), 4)
    assert exc.value.year == 2027
    with pytest.raises(MissingHolidayData, match="2018"):
        cal.add_workdays(date(2018, 12, 27), 1)
    with pytest.raises(MissingHolidayData):
        cal.workdays_between(date(2026, 12, 1), date(2027, 1, 5))


def test_start_day_is_not_touched_so_its_year_may_lack_data(cal):
    # 元旦 2019 began on 30 December 2018 (2019 notice); the start day is never classified.
    assert cal.add_workdays(date(2018, 12, 31), 1) == date(2019, 1, 2)


def test_provisional_mode_counts_weekends_only_and_says_so(cal):
    result = cal.add_workdays(date(2026, 12, 30), 5, provisional=True)
    # Thu 31 Dec (1); Fri 1 Jan 2027 is 元旦, a fixed day of the festival law whatever the
    # 2027 notice will say; Mon 4 (2), Tue 5 (3), Wed 6 (4), Thu 7 (5).
    assert result.date == date(2027, 1, 7)
    assert result.provisional is True
    assert result.missing_years == (2027,)
    info = cal.day_kind(date(2027, 1, 1), provisional=True)
    assert (info.kind, info.holiday, info.provisional) == (DayKind.HOLIDAY, "元旦", True)
    info = cal.day_kind(date(2027, 1, 4), provisional=True)
    assert (info.kind, info.holiday, info.provisional) == (DayKind.WORKDAY, None, True)
    assert cal.day_kind(date(2027, 1, 2), provisional=True).kind is DayKind.WEEKEND


def test_provisional_mode_is_final_when_every_year_has_data(cal):
    result = cal.add_workdays(date(2026, 12, 28), 3, provisional=True)
    assert (result.date, result.provisional, result.missing_years) == (
        date(2026, 12, 31),
        False,
        (),
    )
    count = cal.workdays_between(date(2026, 12, 28), date(2027, 1, 4), provisional=True)
    assert (count.count, count.provisional, count.missing_years) == (4, True, (2027,))
    assert cal.day_kind(date(2026, 10, 1), provisional=True).provisional is False


def test_adding_a_schedule_replaces_provisional_with_final(cal):
    data = minimal_schedule(2027)
    data["holidays"] = [
        {"name": "元旦", "start": "2027-01-01", "end": "2027-01-03", "notice": "N1"}
    ]
    extended = cal.with_schedules({2027: parse_schedule(data)})
    assert extended.years[-1] == 2027
    assert extended.add_workdays(date(2026, 12, 30), 5) == date(2027, 1, 7)
    assert 2027 not in cal.years  # the original calendar is unchanged


def test_a_database_schedule_replaces_the_builtin_one_for_its_year(cal):
    data = builtin_schedules()[2026].to_dict()
    data["adjusted_workdays"] = [a for a in data["adjusted_workdays"] if a["date"] != "2026-10-10"]
    corrected = cal.with_schedules({2026: parse_schedule(data)})
    assert corrected.day_kind(date(2026, 10, 10)).kind is DayKind.WEEKEND
    assert cal.day_kind(date(2026, 10, 10)).kind is DayKind.ADJUSTED_WORKDAY


def test_next_years_schedule_decides_the_december_days_it_covers():
    # The 2019 notice fixed 30-31 December 2018 as 元旦 and 29 December 2018 as worked.
    cal = WorkdayCalendar({2018: parse_schedule(minimal_schedule(2018)), **builtin_schedules()})
    assert tuple(cal.day_kind(date(2018, 12, 29))) == (DayKind.ADJUSTED_WORKDAY, "元旦")
    assert tuple(cal.day_kind(date(2018, 12, 31))) == (DayKind.HOLIDAY, "元旦")
    assert cal.add_workdays(date(2018, 12, 28), 2) == date(2019, 1, 2)


def test_schedules_that_disagree_about_a_day_are_refused():
    data = minimal_schedule(2018)
    data["holidays"] = [
        {"name": "国庆节", "start": "2018-10-01", "end": "2018-10-07", "notice": "N1"}
    ]
    data["adjusted_workdays"] = [{"date": "2018-12-30", "holiday": "国庆节", "notice": "N1"}]
    with pytest.raises(ScheduleError, match="2018-12-30"):
        WorkdayCalendar({2018: parse_schedule(data), 2019: builtin_schedules()[2019]})


def test_calendar_refuses_a_schedule_under_the_wrong_year():
    with pytest.raises(ValueError, match="2026"):
        WorkdayCalendar({2025: builtin_schedules()[2026]})


# --- schedule validation -----------------------------------------------------------------


def minimal_schedule(year):
    return {
        "year": year,
        "notices": [
            {
                "number": "N1",
                "title": f"国务院办公厅关于{year}年部分节假日安排的通知",
                "date": f"{year - 1}-11-01",
            }
        ],
        "holidays": [],
        "adjusted_workdays": [],
    }


def base_2026():
    return copy.deepcopy(builtin_schedules()[2026].to_dict())


def problems_of(data, **kwargs):
    with pytest.raises(ScheduleError) as exc:
        parse_schedule(data, **kwargs)
    return exc.value.problems


def test_adjusted_working_day_on_a_weekday_is_refused():
    data = base_2026()
    data["adjusted_workdays"].append(
        {"date": "2026-10-09", "holiday": "国庆节", "notice": "国办发明电〔2025〕7号"}
    )
    [problem] = problems_of(data)
    assert "2026-10-09" in problem and "Saturday or Sunday" in problem


def test_overlapping_periods_are_refused():
    data = base_2026()
    data["holidays"][5]["end"] = "2026-10-02"  # 中秋节 running into 国庆节
    problems = problems_of(data)
    assert any("overlap" in p and "中秋节" in p and "国庆节" in p for p in problems)


def test_wrong_year_is_refused():
    assert any(
        "given as the schedule for 2027" in p for p in problems_of(base_2026(), expected_year=2027)
    )
    data = base_2026()
    data["year"] = 2025
    problems = problems_of(data)
    assert any("does not name the year 2025年" in p for p in problems)
    assert any("outside 2025" in p for p in problems)


def test_period_in_the_previous_december_only_if_it_ends_in_the_year():
    data = minimal_schedule(2026)
    data["holidays"] = [
        {"name": "元旦", "start": "2025-12-30", "end": "2025-12-31", "notice": "N1"}
    ]
    assert any("outside 2026" in p for p in problems_of(data))
    data["holidays"] = [
        {"name": "元旦", "start": "2025-12-31", "end": "2026-01-01", "notice": "N1"}
    ]
    assert parse_schedule(data).holidays[0].start == date(2025, 12, 31)


def test_each_kind_of_defect_is_named():
    data = base_2026()
    data["holidays"][0]["name"] = "元宵节"
    data["holidays"][1]["end"] = "2026-02-01"  # before its start
    data["holidays"][2]["notice"] = "国办发明电〔2099〕1号"
    data["holidays"][3]["start"] = "2026-05-32"
    data["holidays"][4]["end"] = "2026-12-19"  # a month-long typo
    data["adjusted_workdays"].append(dict(data["adjusted_workdays"][1]))  # duplicate
    data["adjusted_workdays"].append(
        {"date": "2026-10-03", "holiday": "国庆节", "notice": "国办发明电〔2025〕7号"}
    )
    data["adjusted_workdays"].append(
        {"date": "2026-11-07", "holiday": "重阳节", "notice": "国办发明电〔2025〕7号"}
    )
    data["extra"] = 1
    text = "\n".join(problems_of(data))
    for expected in [
        "'元宵节' is not a festival",
        "ends on 2026-02-01, before it starts",
        "'国办发明电〔2099〕1号' is not among",
        "'2026-05-32' is not a valid date",
        "longer than 31 days",
        "2026-02-14 is listed twice",
        "(2026-10-03): lies inside the holiday period 国庆节",
        "belongs to '重阳节', which is not a holiday period",
        "unknown key 'extra'",
    ]:
        assert expected in text


def test_notices_are_required():
    data = base_2026()
    data["notices"] = []
    assert any("at least one" in p for p in problems_of(data))
    data = base_2026()
    del data["notices"][0]["title"]
    assert any("missing 'title'" in p for p in problems_of(data))


def test_non_object_and_bad_year_are_refused():
    with pytest.raises(ScheduleError, match="JSON object"):
        parse_schedule([])
    with pytest.raises(ScheduleError, match="'year' must be a year number"):
        parse_schedule({**base_2026(), "year": "2026"})


def test_schedule_file_name_must_match_its_year(tmp_path):
    path = tmp_path / "2025.json"
    path.write_text(json.dumps(base_2026()), encoding="utf-8")
    with pytest.raises(ScheduleError) as exc:
        load_schedule_file(path)
    assert "2025.json" in str(exc.value) and "for 2026" in str(exc.value)
    good = tmp_path / "2026.json"
    good.write_text(json.dumps(base_2026()), encoding="utf-8")
    assert load_schedule_file(good) == builtin_schedules()[2026]
    broken = tmp_path / "2024.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ScheduleError, match="not valid JSON"):
        load_schedule_file(broken)
