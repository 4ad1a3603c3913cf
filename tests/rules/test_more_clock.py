"""More hand-counted deadlines: the holidays other than 春节/国庆 with their 调休 days, stops
that span a holiday, a restart across Spring Festival, the year without data.

Every expected date below was counted day by day on the calendar of the State Council's
notice for the year (``rules/data/holidays/<year>.json``); the count is in the comments."""

from datetime import date, timedelta

import pytest

from gongkai.rules.calendar import MissingHolidayData, WorkdayCalendar
from gongkai.rules.clock import (
    ClockEvent,
    ClockSettings,
    DeadlineState,
    EventKind,
    StepKind,
    WaitingFor,
    compute_clock,
    deadline_status,
)

K = EventKind
D = date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return WorkdayCalendar.builtin()


def ev(kind, on, **kwargs):
    return ClockEvent(kind, D(on), **kwargs)


def steps_of(result, kind):
    return [s for s in result.steps if s.kind is kind]


# --- the calendar: 清明, 劳动节, 端午, 中秋 and their 调休 days ---------------------------------

HAND_COUNTED = [
    # 2019 劳动节 as amended by 国办发明电〔2019〕3号: 1-4 May off, Sun 28 Apr and Sun 5 May worked.
    ("2019-04-26", 1, "2019-04-28"),  # Sat 27 is a weekend, Sun 28 is worked
    ("2019-04-30", 1, "2019-05-05"),  # 1-4 May off, Sun 5 May worked
    # 2023 端午: 22-24 June off, Sun 25 June worked.
    ("2023-06-21", 1, "2023-06-25"),
    ("2023-06-21", 2, "2023-06-26"),
    # 2024 清明 4-6 April off, Sun 7 April worked: 4/2, 4/3, 4/7, 4/8, 4/9, 4/10, 4/11.
    ("2024-04-01", 7, "2024-04-11"),
    # ... and on to 20, with 劳动节's Sun 28 April worked: 4/12 (8), 4/15-19 (9-13),
    # 4/22-26 (14-18), Sun 4/28 (19), Mon 4/29 (20).
    ("2024-04-01", 20, "2024-04-29"),
    # 2022: Sat 2 April worked for 清明 (3-5 April), Sun 24 April for 劳动节: 4/2 (1), 4/6-8
    # (2-4), 4/11-15 (5-9), 4/18-22 (10-14), Sun 4/24 (15), 4/25-29 (16-20).
    ("2022-04-01", 20, "2022-04-29"),
    # 2021: Sat 18 Sep worked (中秋 19-21), Sun 26 Sep and Sat 9 Oct worked (国庆 1-7 Oct):
    # 9/18 (1), 9/22-24 (2-4), 9/26 (5), 9/27-30 (6-9), 10/8 (10), 10/9 (11), 10/11-15
    # (12-16), 10/18-21 (17-20).
    ("2021-09-17", 20, "2021-10-21"),
    # Across the 2024/2025 year end: 元旦 2025 is 1 January only. 12/23-27 (1-5), 12/30-31
    # (6-7), 1/2-3 (8-9), 1/6-10 (10-14), 1/13-17 (15-19), 1/20 (20).
    ("2024-12-20", 20, "2025-01-20"),
    # Started on a holiday (国庆节、中秋节 2025, 1-8 Oct; Sat 11 Oct worked): 10/9 (1),
    # 10/10 (2), 10/11 (3), 10/13-16 (4-7).
    ("2025-10-01", 7, "2025-10-16"),
]


@pytest.mark.parametrize(("start", "n", "expected"), HAND_COUNTED)
def test_add_workdays_over_the_smaller_holidays(cal, start, n, expected):
    assert cal.add_workdays(D(start), n) == D(expected)
    assert cal.workdays_between(D(start), D(expected)) == n
    # The day before the result is one working day short: the result is the first day.
    assert cal.workdays_between(D(start), D(expected) - timedelta(days=1)) == n - 1


def test_a_holiday_span_counts_nothing_in_either_direction(cal):
    # 2024 劳动节: 1-5 May off; 30 April is a Tuesday and 6 May a Monday.
    assert cal.workdays_between(D("2024-04-30"), D("2024-05-05")) == 0
    assert cal.workdays_between(D("2024-04-30"), D("2024-05-06")) == 1
    assert cal.workdays_between(D("2024-05-06"), D("2024-04-30")) == -1
    # Sat 11 May 2024 was worked: Fri 10 -> Mon 13 is two working days, not one.
    assert cal.workdays_between(D("2024-05-10"), D("2024-05-13")) == 2


def test_missing_year_error_is_said_in_chinese(cal):
    with pytest.raises(MissingHolidayData) as raised:
        cal.add_workdays(D("2026-12-31"), 1)
    assert raised.value.year == 2027
    assert "缺少 2027 年的节假日安排" in str(raised.value)
    assert "无法计算工作日" in str(raised.value)


# --- the clock over 中秋 and 国庆 2024 --------------------------------------------------------


def test_reply_due_over_mid_autumn_and_national_day_2024(cal):
    # Received Fri 13 Sep 2024. Sat 14 Sep (中秋 调休) is day 1; 15-17 Sep off; 9/18-20
    # (2-4); 9/23-27 (5-9); Sun 29 Sep (国庆 调休) 10; Mon 30 Sep 11; 1-7 Oct off; 10/8-11
    # (12-15); Sat 12 Oct 16; 10/14-17 (17-20).
    result = compute_clock(D("2024-09-13"), [], cal)
    assert result.reply_due == D("2024-10-17")
    # 补正 within 7: 9/14, 9/18, 9/19, 9/20, 9/23, 9/24, 9/25.
    assert result.correction_due == D("2024-09-25")
    holidays = [(s.name, s.start, s.end, s.days) for s in steps_of(result, StepKind.HOLIDAY)]
    assert holidays == [
        ("中秋节", D("2024-09-15"), D("2024-09-17"), 3),
        ("国庆节", D("2024-10-01"), D("2024-10-07"), 7),
    ]
    adjusted = [(s.start, s.name) for s in steps_of(result, StepKind.ADJUSTED_WORKDAY)]
    assert adjusted == [
        (D("2024-09-14"), "中秋节"),
        (D("2024-09-29"), "国庆节"),
        (D("2024-10-12"), "国庆节"),
    ]
    # Plain weekends in the span: 9/21, 9/22, 9/28, 10/13.
    assert steps_of(result, StepKind.WEEKENDS)[0].days == 4
    assert steps_of(result, StepKind.HOLIDAY)[0].text == (
        "2024-09-15（星期日） 至 2024-09-17（星期二） 中秋节放假，3 天不计入"
    )


def test_receipt_on_a_holiday_counts_from_the_next_working_day(cal):
    # Received Wed 1 Oct 2025 (国庆节、中秋节 1-8 Oct). 10/9 (1), 10/10 (2), Sat 10/11 (3),
    # 10/13-17 (4-8), 10/20-24 (9-13), 10/27-31 (14-18), 11/3 (19), 11/4 (20).
    plain = compute_clock(D("2025-10-01"), [], cal)
    assert (plain.correction_due, plain.reply_due) == (D("2025-10-16"), D("2025-11-04"))
    # Counting the receipt day changes nothing when it is a holiday.
    counted = compute_clock(
        D("2025-10-01"), [], cal, settings=ClockSettings(receipt_day_counts=True)
    )
    assert counted.reply_due == D("2025-11-04")


def test_receipt_on_an_adjusted_saturday_counts_when_so_configured(cal):
    # Sat 11 Oct 2025 is a working day. Not counted: 10/13 is day 1, ... 11/7 day 20.
    # Counted: it is day 1 and 11/6 is day 20.
    assert compute_clock(D("2025-10-11"), [], cal).reply_due == D("2025-11-07")
    settings = ClockSettings(receipt_day_counts=True)
    assert compute_clock(D("2025-10-11"), [], cal, settings=settings).reply_due == D("2025-11-06")


# --- stops spanning holidays ------------------------------------------------------------------

RECEIVED_2026 = D("2026-09-21")  # plain reply due Mon 26 Oct 2026 (spec §5)


def test_consultation_answered_before_national_day(cal):
    # Letter Tue 22 Sep, answer Wed 30 Sep: 9/22-24 and 9/28-30 = 6 working days paused
    # (中秋 25-27 Sep lies inside the pause). 26 Oct + 6 working days = Tue 3 Nov.
    events = [ev(K.CONSULTATION_STARTED, "2026-09-22"), ev(K.CONSULTATION_ENDED, "2026-09-30")]
    result = compute_clock(RECEIVED_2026, events, cal)
    assert result.reply_due == D("2026-11-03")
    [stop] = steps_of(result, StepKind.CONSULTATION)
    assert (stop.start, stop.end, stop.working_days) == (D("2026-09-22"), D("2026-09-30"), 6)
    # 中秋 was inside the pause; only 国庆 is listed as skipped by the count.
    assert [s.name for s in steps_of(result, StepKind.HOLIDAY)] == ["国庆节"]


def test_unanswered_consultation_window_runs_over_two_holidays(cal):
    # Window: 15 working days after Tue 22 Sep 2026 = 9/23, 9/24, 9/28-30, 10/8, 10/9,
    # Sat 10/10, 10/12-16, 10/19, 10/20 -> Tue 20 Oct. Paused: 16 working days (9/22 too).
    # Nothing was counted before; 20 working days from 21 Oct: 10/21-23 (1-3), 10/26-30
    # (4-8), 11/2-6 (9-13), 11/9-13 (14-18), 11/16-17 (19-20).
    result = compute_clock(RECEIVED_2026, [ev(K.CONSULTATION_STARTED, "2026-09-22")], cal)
    assert result.reply_due == D("2026-11-17")
    assert result.waiting_for is WaitingFor.CONSULTATION
    [stop] = steps_of(result, StepKind.CONSULTATION)
    assert (stop.end, stop.working_days, stop.open) == (D("2026-10-20"), 16, True)


def test_fee_stop_over_national_day(cal):
    # Counted 9/22-24 and 9/28-29 (5). Fee notice Wed 30 Sep, paid Fri 9 Oct: paused 9/30,
    # 10/8, 10/9 = 3 working days (1-7 Oct are holidays anyway). 26 Oct + 3 = Thu 29 Oct.
    events = [ev(K.FEE_NOTICE_SENT, "2026-09-30"), ev(K.FEE_PAID, "2026-10-09")]
    result = compute_clock(RECEIVED_2026, events, cal)
    assert result.reply_due == D("2026-10-29")
    [stop] = steps_of(result, StepKind.FEE)
    assert stop.working_days == 3
    # Payment due 20 working days after 30 Sep: 10/8, 10/9, 10/10, 10/12-16, 10/19-23,
    # 10/26-30, 11/2, 11/3.
    assert result.fee_payment_due == D("2026-11-03")
    assert result.warnings == ()


def test_correction_restarts_the_clock_across_spring_festival(cal):
    # Received Mon 2 Feb 2026; 补正 due 2/11 (2/3-6, 2/9-11); asked on 5 Feb, corrected
    # application received Fri 13 Feb. From 13 Feb: Sat 2/14 (1), 15-23 Feb off, 2/24-27
    # (2-5), Sat 2/28 (6), 3/2-6 (7-11), 3/9-13 (12-16), 3/16-19 (17-20).
    events = [ev(K.CORRECTION_REQUESTED, "2026-02-05"), ev(K.CORRECTION_RECEIVED, "2026-02-13")]
    result = compute_clock(D("2026-02-02"), events, cal)
    assert result.correction_due == D("2026-02-11")
    assert result.correction_request_late is False
    assert (result.start, result.reply_due) == (D("2026-02-13"), D("2026-03-19"))
    adjusted = [s.start for s in steps_of(result, StepKind.ADJUSTED_WORKDAY)]
    assert adjusted == [D("2026-02-14"), D("2026-02-28")]


def test_extension_carries_the_deadline_over_labour_day_2022(cal):
    # Received Fri 1 Apr 2022, due Fri 29 Apr (see HAND_COUNTED). Extended by 10 on 29 Apr:
    # 30 Apr-4 May off, 5/5 (21), 5/6 (22), Sat 5/7 (23), 5/9-13 (24-28), 5/16 (29),
    # 5/17 (30).
    result = compute_clock(D("2022-04-01"), [ev(K.EXTENSION, "2022-04-29", working_days=10)], cal)
    assert result.reply_due == D("2022-05-17")
    assert (result.working_days_allowed, result.working_days_counted) == (30, 30)
    names = [s.name for s in steps_of(result, StepKind.HOLIDAY)]
    assert names == ["清明节", "劳动节"]


# --- the year without data -------------------------------------------------------------------


def test_correction_deadline_already_needs_next_years_data(cal):
    # Received Thu 24 Dec 2026: the 7th working day falls in 2027, which has no schedule.
    with pytest.raises(MissingHolidayData) as raised:
        compute_clock(D("2026-12-24"), [], cal)
    assert raised.value.year == 2027
    # Provisionally: 12/25, 12/28-31 (1-5), Fri 1 Jan 2027 is 元旦 (a fixed holiday of the
    # festival law), Mon 4 Jan (6), Tue 5 (7); and on to 20: 1/6-8 (8-10), 1/11-15 (11-15),
    # 1/18-22 (16-20).
    result = compute_clock(D("2026-12-24"), [], cal, provisional=True)
    assert (result.correction_due, result.reply_due) == (D("2027-01-05"), D("2027-01-22"))
    assert result.missing_years == (2027,)
    assert "2027 年节假日安排尚未发布" in steps_of(result, StepKind.PROVISIONAL)[0].text


# --- due soon over Spring Festival -----------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state", "left"),
    [
        # Due Thu 26 Feb 2026. From Wed 11 Feb: 2/12, 2/13, Sat 2/14, 2/24, 2/25, 2/26 = 6.
        ("2026-02-11", DeadlineState.ON_TRACK, 6),
        ("2026-02-12", DeadlineState.DUE_SOON, 5),
        # Thirteen calendar days away but four working days.
        ("2026-02-13", DeadlineState.DUE_SOON, 4),
        ("2026-02-20", DeadlineState.DUE_SOON, 3),  # inside the holiday
        ("2026-02-27", DeadlineState.OVERDUE, -1),
        # Past due by 2/27 and the worked Saturday 2/28, then Mon 3/2.
        ("2026-03-02", DeadlineState.OVERDUE, -3),
    ],
)
def test_deadline_status_over_spring_festival(cal, today, state, left):
    status = deadline_status(D("2026-02-26"), D(today), cal)
    assert (status.state, status.working_days_left) == (state, left)


# --- the receipt-day setting applies to both periods that run from receipt --------------------


def test_counting_the_receipt_day_moves_the_correction_limit_too(cal):
    # Received Mon 2 Mar 2026, receipt day counted: 3/2 (1), 3/3-6 (2-5), 3/9 (6), 3/10 (7).
    # The reply period already honours the setting: 3/2 is day 1, 3/27 day 20.
    settings = ClockSettings(receipt_day_counts=True)
    result = compute_clock(D("2026-03-02"), [], cal, settings=settings)
    assert result.reply_due == D("2026-03-27")
    assert "当日计入期限" in result.steps[0].text
    assert result.correction_due == D("2026-03-10")
    # A notice on 11 March is then the 8th working day: late.
    late = compute_clock(D("2026-03-02"), [ev(K.CORRECTION_REQUESTED, "2026-03-11")], cal,
                         settings=settings)  # fmt: skip
    assert late.correction_request_late is True
