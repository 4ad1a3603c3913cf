"""Consultations running at the same time (Art. 32 third parties, Art. 34 agencies) and the
Art. 35 date, on the real 2025 and 2026 holiday schedules.

Art. 33 ¶3 takes the time needed to consult out of the reply period; with several
consultations the time taken out is the union of their periods, each day once. Every
expected date below was counted by hand on the calendar, as the comments show. Receipt on
Monday 2026-03-02 gives a plain due date of Monday 2026-03-30 (the receipt day does not
count; 清明节 is Sat 4 – Mon 6 April 2026).
"""

from datetime import date

import pytest

from gongkai.rules.calendar import WorkdayCalendar
from gongkai.rules.clock import (
    ClockError,
    ClockEvent,
    EventKind,
    StepKind,
    WaitingFor,
    compute_clock,
    union_periods,
)

K = EventKind
D = date.fromisoformat
RECEIVED = D("2026-03-02")


@pytest.fixture(scope="module")
def cal():
    return WorkdayCalendar.builtin()


def sent(on, ref):
    return ClockEvent(K.CONSULTATION_STARTED, D(on), ref=ref)


def answered(on, ref):
    return ClockEvent(K.CONSULTATION_ENDED, D(on), ref=ref)


def pauses(result):
    return [
        (s.start, s.end, s.working_days, s.count)
        for s in result.steps
        if s.kind is StepKind.CONSULTATION
    ]


# --- the union, on its own ----------------------------------------------------------------


def test_union_of_overlapping_periods_is_one_period():
    assert union_periods(
        [(D("2026-03-10"), D("2026-03-12")), (D("2026-03-11"), D("2026-03-16"))]
    ) == [(D("2026-03-10"), D("2026-03-16"))]


def test_union_keeps_disjoint_periods_apart_and_sorts_them():
    assert union_periods(
        [(D("2026-03-09"), D("2026-03-10")), (D("2026-03-03"), D("2026-03-04"))]
    ) == [
        (D("2026-03-03"), D("2026-03-04")),
        (D("2026-03-09"), D("2026-03-10")),
    ]


def test_union_joins_periods_that_touch_and_swallows_contained_ones():
    # 12 ends the day before 13 starts: one run of days.
    assert union_periods(
        [(D("2026-03-10"), D("2026-03-12")), (D("2026-03-13"), D("2026-03-13"))]
    ) == [(D("2026-03-10"), D("2026-03-13"))]
    assert union_periods(
        [(D("2026-03-10"), D("2026-03-31")), (D("2026-03-12"), D("2026-03-13"))]
    ) == [(D("2026-03-10"), D("2026-03-31"))]
    assert union_periods([]) == []


def test_union_refuses_a_period_ending_before_it_starts():
    with pytest.raises(ValueError):
        union_periods([(D("2026-03-12"), D("2026-03-10"))])


# --- parallel consultations in the clock ---------------------------------------------------


def test_overlapping_consultations_exclude_their_union_not_their_sum(cal):
    # Third party Tue 10 – Thu 12 March, agency Wed 11 – Mon 16 March: the union is Tue 10 –
    # Mon 16, 5 working days (10, 11, 12, 13, 16); the sum would be 3 + 4 = 7.
    # Counted: 3-6, 9 March (5); 17-20 (9); 23-27 (14); 30 March – 3 April (19); 4-6 April
    # 清明节; Tue 7 April is the 20th.
    result = compute_clock(
        RECEIVED,
        [sent("2026-03-10", 1), answered("2026-03-12", 1), sent("2026-03-11", 2),
         answered("2026-03-16", 2)],
        cal,
    )  # fmt: skip
    assert result.reply_due == D("2026-04-07")
    assert pauses(result) == [(D("2026-03-10"), D("2026-03-16"), 5, 2)]
    assert result.waiting_for is None
    [step] = [s for s in result.steps if s.kind is StepKind.CONSULTATION]
    assert "2 项征求意见" in step.text and "each day excluded once" in step.render("en")


def test_disjoint_consultations_each_pause_the_clock(cal):
    # 3-4 March and 9-10 March: 2 + 2 working days. Counted: 5, 6, 11, 12, 13 March (5);
    # 16-20 (10); 23-27 (15); 30, 31 March, 1, 2, 3 April (20): Friday 3 April.
    result = compute_clock(
        RECEIVED,
        [sent("2026-03-03", "a"), answered("2026-03-04", "a"), sent("2026-03-09", "b"),
         answered("2026-03-10", "b")],
        cal,
    )  # fmt: skip
    assert result.reply_due == D("2026-04-03")
    assert pauses(result) == [
        (D("2026-03-03"), D("2026-03-04"), 2, 1),
        (D("2026-03-09"), D("2026-03-10"), 2, 1),
    ]


def test_consultations_that_touch_merge_into_one_pause(cal):
    # Tue 10 – Thu 12 and Fri 13: 4 working days, one step. Counted 3-9 March (5), then
    # 16 March – 3 April (20): Friday 3 April.
    result = compute_clock(
        RECEIVED,
        [sent("2026-03-10", 1), answered("2026-03-12", 1), sent("2026-03-13", 2),
         answered("2026-03-13", 2)],
        cal,
    )  # fmt: skip
    assert result.reply_due == D("2026-04-03")
    assert pauses(result) == [(D("2026-03-10"), D("2026-03-13"), 4, 2)]


def test_an_unanswered_consultation_keeps_the_union_open_to_its_window(cal):
    # Agency (Art. 34) asked Wed 11 March, no answer: its window is 15 working days from the
    # sending day: 12, 13, 16-20, 23-27, 30, 31 March, 1 April -> Wednesday 1 April. The third
    # party asked Tue 10 answered Thu 12. Union Tue 10 March – Wed 1 April: 17 working days.
    # Counted: 3-9 March (5); 2, 3 April (7); 清明节; 7-10 April (11); 13-17 (16); 20-23
    # (20): Thursday 23 April, the latest possible while the agency's answer is awaited.
    result = compute_clock(
        RECEIVED,
        [sent("2026-03-10", 1), answered("2026-03-12", 1), sent("2026-03-11", 2)],
        cal,
    )
    assert result.reply_due == D("2026-04-23")
    assert result.waiting_for is WaitingFor.CONSULTATION
    assert pauses(result) == [(D("2026-03-10"), D("2026-04-01"), 17, 2)]
    third, agency = result.consultations
    assert (third.window_end, third.answered_on, third.end) == (
        D("2026-03-31"), D("2026-03-12"), D("2026-03-12"),
    )  # fmt: skip
    assert (agency.window_end, agency.awaiting, agency.end) == (
        D("2026-04-01"),
        True,
        D("2026-04-01"),
    )


def test_a_short_consultation_inside_a_long_one_adds_nothing(cal):
    # Tue 10 March unanswered (window to Tue 31 March, 16 working days) contains 12-13 March:
    # the due date is the one of the long consultation alone, Wednesday 22 April.
    alone = compute_clock(RECEIVED, [sent("2026-03-10", 1)], cal)
    both = compute_clock(
        RECEIVED, [sent("2026-03-10", 1), sent("2026-03-12", 2), answered("2026-03-13", 2)], cal
    )
    assert alone.reply_due == both.reply_due == D("2026-04-22")
    assert pauses(both) == [(D("2026-03-10"), D("2026-03-31"), 16, 2)]


def test_parallel_consultations_across_the_2025_national_day(cal):
    # Received Mon 22 Sep 2025. Asked Wed 24 (answered Fri 26) and Thu 25 (answered Tue 30):
    # union 24-30 September = 6 working days (24, 25, 26, Sun 28 调休上班, 29, 30).
    # Counted: Tue 23 (1); 1-8 October 国庆节、中秋节; 9, 10 (3); Sat 11 调休上班 (4);
    # 13-17 (9); 20-24 (14); 27-31 (19); Monday 3 November 2025 is the 20th.
    result = compute_clock(
        D("2025-09-22"),
        [sent("2025-09-24", 1), answered("2025-09-26", 1), sent("2025-09-25", 2),
         answered("2025-09-30", 2)],
        cal,
    )  # fmt: skip
    assert result.reply_due == D("2025-11-03")
    assert pauses(result) == [(D("2025-09-24"), D("2025-09-30"), 6, 2)]
    # The first window: 25, 26, Sun 28, 29, 30 September (5); 9, 10, Sat 11 October (8);
    # 13-17 (13); 20, 21 (15): Tuesday 21 October.
    assert result.consultations[0].window_end == D("2025-10-21")


def test_an_answer_must_belong_to_a_consultation_sent_before_it(cal):
    with pytest.raises(ClockError) as error:
        compute_clock(RECEIVED, [sent("2026-03-10", 1), answered("2026-03-12", 2)], cal)
    assert error.value.code == "consultation_not_started"
    with pytest.raises(ClockError) as error:
        compute_clock(RECEIVED, [answered("2026-03-09", 1), sent("2026-03-10", 1)], cal)
    assert error.value.code == "consultation_not_started"
    with pytest.raises(ClockError):  # one consultation answered twice
        compute_clock(
            RECEIVED,
            [sent("2026-03-10", 1), answered("2026-03-11", 1), answered("2026-03-12", 1)],
            cal,
        )
    with pytest.raises(ClockError):  # the same consultation sent twice
        compute_clock(RECEIVED, [sent("2026-03-10", 1), sent("2026-03-11", 1)], cal)


def test_a_late_answer_in_parallel_still_ends_the_pause_with_its_window(cal):
    # Asked Tue 10 March, answered Wed 1 April, after its window (Tue 31 March): its pause
    # ends on the 31st. With a second one 11-12 March inside it, the due date is Wednesday
    # 22 April as for one consultation paused the whole window.
    result = compute_clock(
        RECEIVED,
        [sent("2026-03-10", 1), answered("2026-04-01", 1), sent("2026-03-11", 2),
         answered("2026-03-12", 2)],
        cal,
    )  # fmt: skip
    assert result.reply_due == D("2026-04-22")
    assert [w.code for w in result.warnings] == ["consultation_answer_late"]
    assert pauses(result)[0][1] == D("2026-03-31")


# --- Art. 35: the agency's later date --------------------------------------------------------


def test_the_art35_date_replaces_the_computed_due_date(cal):
    result = compute_clock(
        RECEIVED, [ClockEvent(K.DEADLINE_SET, D("2026-03-20"), until=D("2026-04-30"))], cal
    )
    assert result.reply_due == D("2026-04-30")
    [step] = [s for s in result.steps if s.kind is StepKind.DEADLINE_SET]
    assert (step.start, step.end) == (D("2026-03-20"), D("2026-04-30"))
    assert "第三十五条" in step.citation
    # The statutory due date is still explained before it.
    assert [s.start for s in result.steps if s.kind is StepKind.DUE] == [D("2026-03-30")]
