"""The reply clock (Art. 30-35): both sides of every boundary, every kind of stop, the
extension, the fee stop under both settings, the year end, and the explanation."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import time_machine

from gongkai.rules.calendar import MissingHolidayData, WorkdayCalendar
from gongkai.rules.clock import (
    ClockError,
    ClockEvent,
    ClockSettings,
    DeadlineState,
    EventKind,
    StatutoryPeriod,
    StepKind,
    WaitingFor,
    china_today,
    compute_clock,
    deadline_status,
    statute_for,
)

K = EventKind
D = date.fromisoformat

# A plain stretch of 2026 used by most cases: received Monday 2 March, no holiday until
# 清明节 (4-6 April). Reply due = the 20th working day after = Monday 30 March.
RECEIVED = D("2026-03-02")
PLAIN_DUE = D("2026-03-30")


@pytest.fixture(scope="module")
def cal():
    return WorkdayCalendar.builtin()


def ev(kind, on, **kwargs):
    return ClockEvent(kind, D(on), **kwargs)


def clock(cal, events=(), received=RECEIVED, **kwargs):
    return compute_clock(received, list(events), cal, **kwargs)


def kinds(result):
    return [s.kind for s in result.steps]


def steps_of(result, kind):
    return [s for s in result.steps if s.kind is kind]


# --- the statutory numbers -------------------------------------------------------------


def test_the_clock_reads_its_numbers_from_the_statute(cal):
    short = replace(statute_for(RECEIVED), reply=StatutoryPeriod(10, "test", "test"))
    result = clock(cal, settings=ClockSettings(statute=short))
    assert result.reply_due == D("2026-03-16")
    assert result.working_days_allowed == 10


def test_an_application_received_before_the_2019_regulations_has_no_clock(cal):
    # The 2008 Regulations (15 working days) are not in the statute data: an explicit error,
    # not the 2019 periods applied to a case they never governed.
    with pytest.raises(ClockError, match="2019-05-15"):
        clock(cal, received=D("2019-05-14"))


# --- the plain deadline ----------------------------------------------------------------


def test_reply_due_20_working_days_after_receipt(cal):
    result = clock(cal)
    assert result.reply_due == PLAIN_DUE
    assert result.start == RECEIVED
    assert result.correction_due == D("2026-03-11")
    assert (result.working_days_allowed, result.working_days_counted) == (20, 20)
    assert result.waiting_for is None and result.provisional is False
    assert result.warnings == ()


def test_spec_example_across_mid_autumn_and_national_day(cal):
    result = clock(cal, received=D("2026-09-21"))
    assert result.reply_due == D("2026-10-26")
    assert result.correction_due == D("2026-10-08")
    holidays = [(s.name, s.start, s.end, s.days) for s in steps_of(result, StepKind.HOLIDAY)]
    assert holidays == [
        ("中秋节", D("2026-09-25"), D("2026-09-27"), 3),
        ("国庆节", D("2026-10-01"), D("2026-10-07"), 7),
    ]
    # The 调休 Saturday after the holiday counts; the one before receipt (9-20) is not listed.
    adjusted = [(s.start, s.name) for s in steps_of(result, StepKind.ADJUSTED_WORKDAY)]
    assert adjusted == [(D("2026-10-10"), "国庆节")]
    assert steps_of(result, StepKind.WEEKENDS)[0].days == 5  # 10-11, 10-17/18, 10-24/25


def test_spec_example_around_spring_festival(cal):
    result = clock(cal, received=D("2026-02-10"))
    assert (result.correction_due, result.reply_due) == (D("2026-02-26"), D("2026-03-16"))
    adjusted = [s.start for s in steps_of(result, StepKind.ADJUSTED_WORKDAY)]
    assert adjusted == [D("2026-02-14"), D("2026-02-28")]
    [spring] = steps_of(result, StepKind.HOLIDAY)
    assert (spring.start, spring.end, spring.days) == (D("2026-02-15"), D("2026-02-23"), 9)


def test_receipt_day_does_not_count_by_default_and_can_be_made_to(cal):
    counts = ClockSettings(receipt_day_counts=True)
    assert clock(cal, settings=counts).reply_due == D("2026-03-27")
    # A Saturday receipt is no working day, so the setting changes nothing.
    saturday = D("2026-03-07")
    assert clock(cal, received=saturday).reply_due == D("2026-04-03")
    assert clock(cal, received=saturday, settings=counts).reply_due == D("2026-04-03")
    assert "当日不计入期限" in clock(cal).steps[0].text
    assert "当日计入期限" in clock(cal, settings=counts).steps[0].text


# --- correction (Art. 30) ----------------------------------------------------------------


def test_correction_request_on_the_seventh_working_day_is_on_time(cal):
    result = clock(cal, [ev(K.CORRECTION_REQUESTED, "2026-03-11")])
    assert result.correction_request_late is False
    assert result.warnings == ()


def test_correction_request_on_the_eighth_working_day_is_late(cal):
    result = clock(cal, [ev(K.CORRECTION_REQUESTED, "2026-03-12")])
    assert result.correction_request_late is True
    assert "2026-03-11" in result.warnings[0]
    assert "已超过法定 7 个工作日" in steps_of(result, StepKind.CORRECTION_REQUESTED)[0].text


def test_awaiting_correction_has_no_reply_due(cal):
    result = clock(cal, [ev(K.CORRECTION_REQUESTED, "2026-03-05", until=D("2026-03-20"))])
    assert result.waiting_for is WaitingFor.CORRECTION
    assert (result.start, result.reply_due) == (None, None)
    assert result.correction_reply_due == D("2026-03-20")


def test_corrected_application_restarts_the_clock(cal):
    result = clock(
        cal, [ev(K.CORRECTION_REQUESTED, "2026-03-05"), ev(K.CORRECTION_RECEIVED, "2026-03-20")]
    )
    # 20 working days after Friday 20 March, skipping 清明节 (4-6 April): Monday 20 April.
    assert result.start == D("2026-03-20")
    assert result.reply_due == D("2026-04-20")
    assert result.waiting_for is None
    [restart] = steps_of(result, StepKind.RESTART)
    assert restart.start == D("2026-03-20") and "重新计算" in restart.text
    # Working days before the restart are not in the explanation: 清明节 is the only holiday.
    assert [s.name for s in steps_of(result, StepKind.HOLIDAY)] == ["清明节"]


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([ev(K.CORRECTION_REQUESTED, "2026-03-03"), ev(K.CORRECTION_REQUESTED, "2026-03-04")], "一次性告知"),
        ([ev(K.CORRECTION_RECEIVED, "2026-03-04")], "without a request"),
        ([ev(K.CORRECTION_REQUESTED, "2026-03-05"), ev(K.CORRECTION_RECEIVED, "2026-03-05"),
          ev(K.CORRECTION_RECEIVED, "2026-03-06")], "one correction"),
        ([ev(K.CORRECTION_REQUESTED, "2026-03-05"), ev(K.CONSULTATION_STARTED, "2026-03-06")],
         "awaits correction"),
        ([ev(K.CONSULTATION_STARTED, "2026-03-04"), ev(K.CORRECTION_REQUESTED, "2026-03-05"),
          ev(K.CORRECTION_RECEIVED, "2026-03-09")], "precedes the clock's start"),
        ([ev(K.CONSULTATION_STARTED, "2026-03-01")], "before the application was received"),
    ],
)  # fmt: skip
def test_impossible_correction_sequences_are_refused(cal, events, message):
    with pytest.raises(ClockError, match=message):
        clock(cal, events)


def test_correction_received_before_request_is_refused(cal):
    events = [ev(K.CORRECTION_RECEIVED, "2026-03-04"), ev(K.CORRECTION_REQUESTED, "2026-03-05")]
    with pytest.raises(ClockError, match="before it was requested"):
        # Sorted by date, the receipt comes first; the pair cannot have happened.
        compute_clock(RECEIVED, events, cal)


# --- consultation (Art. 32-34) -----------------------------------------------------------


def test_consultation_time_is_not_counted(cal):
    result = clock(
        cal, [ev(K.CONSULTATION_STARTED, "2026-03-10"), ev(K.CONSULTATION_ENDED, "2026-03-12")]
    )
    # Tuesday to Thursday, both included: 3 working days suspended.
    assert result.reply_due == D("2026-04-02")
    [stop] = steps_of(result, StepKind.CONSULTATION)
    assert (stop.start, stop.end, stop.working_days, stop.open) == (
        D("2026-03-10"), D("2026-03-12"), 3, False,
    )  # fmt: skip
    assert "第三十三条第三款" in stop.citation


def test_consultation_starting_on_the_due_day_extends_it(cal):
    result = clock(
        cal, [ev(K.CONSULTATION_STARTED, "2026-03-30"), ev(K.CONSULTATION_ENDED, "2026-03-31")]
    )
    assert result.reply_due == D("2026-04-01")
    assert result.warnings == ()


def test_consultation_starting_after_the_due_day_does_not(cal):
    result = clock(
        cal, [ev(K.CONSULTATION_STARTED, "2026-03-31"), ev(K.CONSULTATION_ENDED, "2026-04-01")]
    )
    assert result.reply_due == PLAIN_DUE
    assert "does not extend" in result.warnings[0]
    assert steps_of(result, StepKind.CONSULTATION)[0].working_days == 0


def test_unanswered_consultation_pauses_for_the_whole_window_at_most(cal):
    # Window: 15 working days after Tuesday 10 March = Tuesday 31 March; 16 working days
    # (10 March included) are suspended; 5 were counted before (3-9 March), the other 15 run
    # from 1 April, skipping 清明节: Wednesday 22 April.
    result = clock(cal, [ev(K.CONSULTATION_STARTED, "2026-03-10")])
    assert result.reply_due == D("2026-04-22")
    assert result.waiting_for is WaitingFor.CONSULTATION
    [stop] = steps_of(result, StepKind.CONSULTATION)
    assert (stop.end, stop.working_days, stop.open) == (D("2026-03-31"), 16, True)
    assert "尚未收到意见" in stop.text


def test_answer_on_the_last_day_of_the_window_counts_fully(cal):
    result = clock(
        cal, [ev(K.CONSULTATION_STARTED, "2026-03-10"), ev(K.CONSULTATION_ENDED, "2026-03-31")]
    )
    assert (result.reply_due, result.waiting_for, result.warnings) == (D("2026-04-22"), None, ())


def test_answer_after_the_window_does_not_lengthen_the_pause(cal):
    result = clock(
        cal, [ev(K.CONSULTATION_STARTED, "2026-03-10"), ev(K.CONSULTATION_ENDED, "2026-04-01")]
    )
    assert result.reply_due == D("2026-04-22")
    assert "window" in result.warnings[0]
    assert steps_of(result, StepKind.CONSULTATION)[0].end == D("2026-03-31")


def test_two_consultations_in_turn_both_stop_the_clock(cal):
    events = [
        ev(K.CONSULTATION_STARTED, "2026-03-03"), ev(K.CONSULTATION_ENDED, "2026-03-03"),
        ev(K.CONSULTATION_STARTED, "2026-03-10"), ev(K.CONSULTATION_ENDED, "2026-03-11"),
    ]  # fmt: skip
    result = clock(cal, events)
    assert result.reply_due == D("2026-04-02")
    assert [s.working_days for s in steps_of(result, StepKind.CONSULTATION)] == [1, 2]


def test_impossible_consultation_sequences_are_refused(cal):
    with pytest.raises(ClockError, match="without having started"):
        clock(cal, [ev(K.CONSULTATION_ENDED, "2026-03-05")])
    with pytest.raises(ClockError, match="already open"):
        clock(
            cal,
            [ev(K.CONSULTATION_STARTED, "2026-03-05"), ev(K.CONSULTATION_STARTED, "2026-03-06")],
        )


# --- extension (Art. 33 ¶2) -------------------------------------------------------------


def test_extension_notified_on_the_due_day_applies(cal):
    result = clock(cal, [ev(K.EXTENSION, "2026-03-16", working_days=20)], received=D("2026-02-10"))
    assert result.reply_due == D("2026-04-14")  # the spec's example
    assert (result.extension_days, result.working_days_allowed) == (20, 40)
    [step] = steps_of(result, StepKind.EXTENSION)
    assert step.working_days == 20 and "第三十三条第二款" in step.citation


def test_extension_notified_after_the_due_day_does_not_cure_lateness(cal):
    result = clock(cal, [ev(K.EXTENSION, "2026-03-17", working_days=20)], received=D("2026-02-10"))
    assert result.reply_due == D("2026-03-16")
    assert result.extension_days == 0
    assert steps_of(result, StepKind.EXTENSION_LATE)
    assert "not applied" in result.warnings[0]


def test_extension_is_timely_against_the_deadline_as_moved_by_a_stop(cal):
    events = [
        ev(K.CONSULTATION_STARTED, "2026-03-10"),
        ev(K.CONSULTATION_ENDED, "2026-03-12"),
        ev(K.EXTENSION, "2026-04-01", working_days=10),  # after 30 March, before 2 April
    ]
    result = clock(cal, events)
    # 2 April + 10 working days, skipping 清明节: 17 April.
    assert result.reply_due == D("2026-04-17")


def test_extensions_may_not_exceed_20_working_days(cal):
    ok = [
        ev(K.EXTENSION, "2026-03-10", working_days=5),
        ev(K.EXTENSION, "2026-03-20", working_days=15),
    ]
    assert clock(cal, ok).extension_days == 20
    with pytest.raises(ClockError, match="at most 20"):
        clock(cal, [ev(K.EXTENSION, "2026-03-10", working_days=21)])
    with pytest.raises(ClockError, match="positive integer"):
        clock(cal, [ev(K.EXTENSION, "2026-03-10", working_days=0)])
    with pytest.raises(ClockError, match="positive integer"):
        clock(cal, [ev(K.EXTENSION, "2026-03-10")])


# --- fee notice (国办函〔2020〕109号) ----------------------------------------------------


FEE_PAID_EVENTS = [ev(K.FEE_NOTICE_SENT, "2026-03-10"), ev(K.FEE_PAID, "2026-03-12")]


def test_fee_notice_stops_the_clock_until_payment_by_default(cal):
    result = clock(cal, FEE_PAID_EVENTS)
    assert result.reply_due == D("2026-04-02")
    [stop] = steps_of(result, StepKind.FEE)
    assert (stop.start, stop.end, stop.working_days) == (D("2026-03-10"), D("2026-03-12"), 3)
    assert result.fee_payment_due == D("2026-04-08")


def test_fee_notice_does_not_stop_the_clock_when_so_configured(cal):
    result = clock(cal, FEE_PAID_EVENTS, settings=ClockSettings(fee_notice_stops_clock=False))
    assert result.reply_due == PLAIN_DUE
    assert not steps_of(result, StepKind.FEE)
    assert "不停止计时" in steps_of(result, StepKind.FEE_NOT_STOPPING)[0].text


def test_unpaid_fee_stands_the_clock_still(cal):
    result = clock(cal, [ev(K.FEE_NOTICE_SENT, "2026-03-10")])
    assert result.waiting_for is WaitingFor.FEE_PAYMENT
    assert result.reply_due is None
    assert result.working_days_counted == 5  # 3-9 March
    assert result.fee_payment_due == D("2026-04-08")
    [stop] = steps_of(result, StepKind.FEE)
    assert stop.open is True and stop.end is None
    assert StepKind.DUE not in kinds(result)


def test_unpaid_fee_does_not_stop_the_clock_when_so_configured(cal):
    settings = ClockSettings(fee_notice_stops_clock=False)
    result = clock(cal, [ev(K.FEE_NOTICE_SENT, "2026-03-10")], settings=settings)
    assert (result.reply_due, result.waiting_for) == (PLAIN_DUE, None)


def test_fee_payment_period_runs_from_receipt_of_the_notice_when_recorded(cal):
    events = [ev(K.FEE_NOTICE_SENT, "2026-03-10"), ev(K.FEE_NOTICE_RECEIVED, "2026-03-12")]
    assert clock(cal, events).fee_payment_due == D("2026-04-10")


def test_payment_on_the_last_day_is_on_time_and_the_day_after_is_late(cal):
    on_time = clock(cal, [ev(K.FEE_NOTICE_SENT, "2026-03-10"), ev(K.FEE_PAID, "2026-04-08")])
    assert on_time.warnings == ()
    late = clock(cal, [ev(K.FEE_NOTICE_SENT, "2026-03-10"), ev(K.FEE_PAID, "2026-04-09")])
    assert "after the payment deadline 2026-04-08" in late.warnings[0]


def test_extension_recorded_while_waiting_for_payment_is_kept(cal):
    events = [ev(K.EXTENSION, "2026-03-09", working_days=10), ev(K.FEE_NOTICE_SENT, "2026-03-10")]
    result = clock(cal, events)
    assert (result.extension_days, result.working_days_allowed) == (10, 30)


def test_impossible_fee_sequences_are_refused(cal):
    with pytest.raises(ClockError, match="without a fee notice"):
        clock(cal, [ev(K.FEE_PAID, "2026-03-10")])
    with pytest.raises(ClockError, match="one fee notice"):
        clock(cal, [ev(K.FEE_NOTICE_SENT, "2026-03-10"), ev(K.FEE_NOTICE_SENT, "2026-03-11")])


# --- Art. 35, validation -----------------------------------------------------------------


def test_agency_set_date_replaces_the_computed_one(cal):
    result = clock(cal, [ev(K.DEADLINE_SET, "2026-03-20", until=D("2026-06-30"))])
    assert result.reply_due == D("2026-06-30")
    [step] = steps_of(result, StepKind.DEADLINE_SET)
    assert "第三十五条" in step.citation and step.end == D("2026-06-30")
    with pytest.raises(ClockError, match="later 'until'"):
        clock(cal, [ev(K.DEADLINE_SET, "2026-03-20", until=D("2026-03-20"))])


def test_datetimes_are_refused(cal):
    with pytest.raises(TypeError, match="Art. 31"):
        compute_clock(datetime(2026, 3, 2, tzinfo=UTC), [], cal)
    with pytest.raises(TypeError, match="'on'"):
        compute_clock(RECEIVED, [ClockEvent(K.FEE_PAID, datetime(2026, 3, 3, tzinfo=UTC))], cal)


# --- year end and missing years ------------------------------------------------------------


def test_carry_over_across_the_year_end(cal):
    result = clock(cal, received=D("2020-12-28"))
    assert result.reply_due == D("2021-01-26")
    assert result.correction_due == D("2021-01-07")
    [new_year] = steps_of(result, StepKind.HOLIDAY)
    assert (new_year.name, new_year.start, new_year.end) == (
        "元旦",
        D("2021-01-01"),
        D("2021-01-03"),
    )


def test_deadline_inside_the_last_year_with_data_is_final(cal):
    result = clock(cal, received=D("2026-12-01"))
    assert (result.reply_due, result.provisional) == (D("2026-12-29"), False)


def test_deadline_in_a_year_without_data_raises_unless_provisional(cal):
    with pytest.raises(MissingHolidayData) as exc:
        clock(cal, received=D("2026-12-10"))
    assert exc.value.year == 2027
    result = clock(cal, received=D("2026-12-10"), provisional=True)
    # No 2027 schedule exists yet: weekends only, but 1 January (元旦) is a fixed holiday of
    # the festival law and never counts.
    assert result.reply_due == D("2027-01-08")
    assert (result.provisional, result.missing_years) == (True, (2027,))
    [step] = steps_of(result, StepKind.PROVISIONAL)
    assert "2027" in step.text
    assert result.steps[-1] is step


def test_provisional_result_becomes_final_once_the_year_is_added(cal):
    from gongkai.rules.calendar import parse_schedule

    schedule = parse_schedule(
        {
            "year": 2027,
            "notices": [
                {"number": "N1", "title": "关于2027年部分节假日安排的通知", "date": "2026-11-30"}
            ],
            "holidays": [
                {"name": "元旦", "start": "2027-01-01", "end": "2027-01-03", "notice": "N1"}
            ],
            "adjusted_workdays": [],
        }
    )
    result = clock(cal.with_schedules({2027: schedule}), received=D("2026-12-10"))
    assert (result.reply_due, result.provisional) == (D("2027-01-08"), False)


# --- the explanation as a whole -----------------------------------------------------------


def test_explanation_is_a_timeline_from_receipt_to_due(cal):
    events = [
        ev(K.CONSULTATION_STARTED, "2026-09-22"),
        ev(K.CONSULTATION_ENDED, "2026-09-24"),
        ev(K.FEE_NOTICE_SENT, "2026-10-12"),
        ev(K.FEE_PAID, "2026-10-13"),
        ev(K.EXTENSION, "2026-10-20", working_days=5),
    ]
    result = clock(cal, events, received=D("2026-09-21"))
    # 20 + 5 working days, 3 + 2 suspended: 2026-10-26 moved by 10 working days.
    assert result.reply_due == D("2026-11-09")
    assert kinds(result)[0] is StepKind.RECEIPT
    assert kinds(result)[-1] is StepKind.DUE
    dated = [s.start for s in result.steps[:-2]]
    assert dated == sorted(dated)
    for kind in (StepKind.CONSULTATION, StepKind.FEE, StepKind.HOLIDAY, StepKind.ADJUSTED_WORKDAY,
                 StepKind.EXTENSION, StepKind.CORRECTION_DUE, StepKind.WEEKENDS):  # fmt: skip
        assert kind in kinds(result)
    due = result.steps[-1]
    assert due.text == "答复期限：2026-11-09（星期一）（共计 25 个工作日）"
    assert all(s.text for s in result.steps)


# --- due soon / overdue ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state", "left"),
    [
        ("2026-10-16", DeadlineState.ON_TRACK, 6),
        ("2026-10-19", DeadlineState.DUE_SOON, 5),
        ("2026-10-26", DeadlineState.DUE_SOON, 0),
        ("2026-10-27", DeadlineState.OVERDUE, -1),
    ],
)
def test_deadline_status_on_both_sides_of_each_edge(cal, today, state, left):
    status = deadline_status(D("2026-10-26"), D(today), cal)
    assert (status.state, status.working_days_left, status.provisional) == (state, left, False)


def test_due_soon_counts_working_days_not_calendar_days(cal):
    # Twelve calendar days but four working days away (10-8, 10-9, 10-10 调休, 10-12).
    status = deadline_status(D("2026-10-12"), D("2026-09-30"), cal)
    assert (status.state, status.working_days_left) == (DeadlineState.DUE_SOON, 4)


def test_deadline_status_in_provisional_mode(cal):
    status = deadline_status(D("2027-01-07"), D("2026-12-31"), cal, provisional=True)
    # 1 January 2027 (元旦) is not a working day even before the 2027 notice.
    assert (status.state, status.working_days_left) == (DeadlineState.DUE_SOON, 4)
    assert status.missing_years == (2027,)
    with pytest.raises(MissingHolidayData):
        deadline_status(D("2027-01-07"), D("2026-12-31"), cal)


def test_china_today_follows_shanghai_not_utc(cal):
    # 16:30 UTC on 30 September is already 1 October in China.
    with time_machine.travel(datetime(2026, 9, 30, 16, 30, tzinfo=UTC), tick=False):
        assert china_today() == D("2026-10-01")
        status = deadline_status(D("2026-10-08"), china_today(), cal)
        assert (status.state, status.working_days_left) == (DeadlineState.DUE_SOON, 1)
    with time_machine.travel(datetime(2026, 9, 30, 15, 59, tzinfo=UTC), tick=False):
        assert china_today() == D("2026-09-30")
