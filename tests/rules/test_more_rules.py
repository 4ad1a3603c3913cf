"""Fee thresholds worked out band by band, the interaction and proactive clocks over 调休
days, and the report format chosen by report year."""

from datetime import date

import pytest

from gongkai.rules.calendar import WorkdayCalendar
from gongkai.rules.fees import nth_in_month, per_piece_fee, per_volume_fee
from gongkai.rules.formats import format_for_year, format_id_for_year, load_format
from gongkai.rules.interaction import needs_alarm, reply_due, reply_workdays
from gongkai.rules.proactive import publication_timeliness

D = date.fromisoformat
CALENDAR = WorkdayCalendar.builtin()


# --- 按件 (Art. 4): per applicant per calendar month --------------------------------------------


@pytest.mark.parametrize(
    ("nth", "fee"),
    [
        (60, 400),  # 51-60 -> 100 + 4 × 100
        (61, 500),
        (100, 800),  # 91-100 -> 100 + 7 × 100
        (101, 900),
    ],
)
def test_per_piece_fee_keeps_climbing_by_band_of_ten(nth, fee):
    assert per_piece_fee(nth) == fee


def test_a_months_requests_cost_the_sum_of_their_bands():
    # 35 requests in one month: 10 free, 20 at 100, 5 at 200 = 2000 + 1000.
    assert sum(per_piece_fee(n) for n in range(1, 36)) == 3000


def test_the_count_restarts_each_calendar_month_and_ignores_other_years():
    earlier = [
        D("2025-09-03"),  # same month, another year
        D("2026-08-31"),  # the month before
        D("2026-09-01"),
        D("2026-09-01"),  # two on the same day both count
        D("2026-09-20"),  # later in the month: not yet
    ]
    assert nth_in_month(earlier, D("2026-09-10")) == 3
    assert nth_in_month(earlier, D("2026-09-20")) == 4
    assert nth_in_month([], D("2026-09-10")) == 1


def test_the_eleventh_request_of_a_month_is_the_first_to_cost():
    days = [D(f"2026-03-{n:02d}") for n in range(2, 12)]  # ten requests, 2-11 March
    assert nth_in_month(days, D("2026-03-12")) == 11
    assert per_piece_fee(nth_in_month(days, D("2026-03-12"))) == 100
    assert per_piece_fee(nth_in_month(days[:9], D("2026-03-12"))) == 0
    assert per_piece_fee(nth_in_month(days, D("2026-04-01"))) == 0


# --- 按量 (Art. 5): only the pages in each band ---------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (1, 0),
        (32, 20),  # pages 31-32 at 10
        (99, 690),  # 69 × 10
        (199, 2680),  # 700 + 99 × 20
        (1000, 34700),  # 700 + 2000 + 800 × 40
    ],
)
def test_per_volume_fee_by_band(pages, fee):
    assert per_volume_fee(pages) == fee


# --- 政民互动 and proactive disclosure over 调休 days ------------------------------------------


def test_inquiry_and_suggestion_over_spring_festival_2024():
    # Received Fri 2 Feb 2024; Sun 4 Feb and Sun 18 Feb were worked, 10-17 Feb off.
    # Sun 2/4 (1), 2/5-8 (2-5) -> inquiry due Thu 8 Feb.
    due = reply_due(CALENDAR, D("2024-02-02"), 5)
    assert (due.on, due.provisional) == (D("2024-02-08"), False)
    # 2/9 (6), Sun 2/18 (7), 2/19-21 (8-10) -> suggestion due Wed 21 Feb.
    assert reply_due(CALENDAR, D("2024-02-02"), 10).on == D("2024-02-21")
    assert reply_workdays(CALENDAR, D("2024-02-02"), D("2024-02-21")) == 10


def test_a_reply_dated_before_the_message_counts_zero_not_negative():
    assert reply_workdays(CALENDAR, D("2024-02-21"), D("2024-02-02")) == 0


def test_the_alarm_counts_calendar_days_across_a_leap_february():
    # 31 (January) + 29 (February 2024) = 60 days; in 2023 only 59.
    assert needs_alarm(D("2024-01-01"), D("2024-03-01"))
    assert not needs_alarm(D("2023-01-01"), D("2023-03-01"))
    assert needs_alarm(D("2023-01-01"), D("2023-03-02"))


def test_publication_over_mid_autumn_and_national_day_2024():
    # Formed Fri 13 Sep 2024: published Thu 17 Oct is the 20th working day (see the clock
    # test of the same span), Fri 18 Oct the 21st.
    on_time = publication_timeliness(CALENDAR, D("2024-09-13"), D("2024-10-17"))
    assert (on_time.workdays, on_time.late, on_time.provisional) == (20, False, False)
    late = publication_timeliness(CALENDAR, D("2024-09-13"), D("2024-10-18"))
    assert (late.workdays, late.late) == (21, True)
    # Published on the worked Saturday 14 September: one working day.
    assert publication_timeliness(CALENDAR, D("2024-09-13"), D("2024-09-14")).workdays == 1


# --- the format is chosen by report year --------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt_id", "year", "applies"),
    [
        ("gb2019", 2018, False),
        ("gb2019", 2019, True),
        ("gb2019", 2020, True),
        ("gb2019", 2021, False),
        ("gb2021", 2020, False),
        ("gb2021", 2021, True),
        ("gb2021", 2099, True),  # open-ended until a revision is added
    ],
)
def test_each_format_applies_to_its_report_years_only(fmt_id, year, applies):
    assert load_format(fmt_id).applies_to(year) is applies


def test_the_2020_report_published_in_2021_still_uses_gb2019():
    # The choice depends on the year reported on; there is no publication date to pass.
    assert format_for_year(2020).document_number == "国办公开办函〔2019〕60号"
    assert format_for_year(2021).document_number == "国办公开办函〔2021〕30号"
    assert format_id_for_year(2019) == "gb2019"
    assert load_format("gb2021").last_year is None
    assert load_format("gb2019").last_year == 2020
