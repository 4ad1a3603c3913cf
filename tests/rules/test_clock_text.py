"""The clock's words: the computation gives codes and parameters, ``clock_text`` words
them in Chinese and English, and every step and problem has both."""

from datetime import date

import pytest

from gongkai.rules import clock_text
from gongkai.rules.calendar import WorkdayCalendar
from gongkai.rules.clock import (
    ClockError,
    ClockEvent,
    ClockProblem,
    EventKind,
    StepKind,
    compute_clock,
)

K = EventKind
D = date.fromisoformat
RECEIVED = D("2026-03-02")


@pytest.fixture(scope="module")
def cal():
    return WorkdayCalendar.builtin()


def test_an_impossible_event_is_a_code_with_parameters_in_both_languages(cal):
    with pytest.raises(ClockError) as caught:
        compute_clock(RECEIVED, [ClockEvent(K.FEE_PAID, D("2026-03-01"))], cal)
    error = caught.value
    assert (error.code, error.params) == (
        "event_before_receipt",
        {"kind": K.FEE_PAID, "on": D("2026-03-01")},
    )
    assert error.zh == "缴纳费用的日期 2026-03-01 早于收到申请的日期"
    assert error.en == "fee_paid on 2026-03-01 is before the application was received"
    assert error.text("en-us") == error.en and error.text("zh-hans") == error.zh
    # Logs and old callers still read both halves.
    assert str(error) == f"{error.zh} / {error.en}"


def test_a_repeated_event_names_the_event_and_the_rule(cal):
    events = [ClockEvent(K.CORRECTION_REQUESTED, D("2026-03-03"))] * 2
    with pytest.raises(ClockError) as caught:
        compute_clock(RECEIVED, events, cal)
    assert caught.value.problem == ClockProblem(
        "event_repeated", kind=K.CORRECTION_REQUESTED, count=2
    )
    assert caught.value.zh == "补正告知只能记录一次，现有2次"
    assert "一次性告知" in caught.value.en


def test_a_case_before_the_regulations_is_refused_with_the_first_version_date(cal):
    with pytest.raises(ClockError) as caught:
        compute_clock(D("2019-05-14"), [], cal)
    assert caught.value.code == "before_statute"
    assert caught.value.params == {"day": D("2019-05-14"), "first": D("2019-05-15")}
    assert "2019-05-15 起施行" in caught.value.zh


def test_warnings_are_problems_whose_chinese_staff_read(cal):
    events = [ClockEvent(K.CORRECTION_REQUESTED, D("2026-03-20"))]
    [warning] = compute_clock(RECEIVED, events, cal).warnings
    assert warning == ClockProblem(
        "correction_request_late", on=D("2026-03-20"), limit=D("2026-03-11")
    )
    assert warning.zh == "补正告知于 2026-03-20 发出，晚于第三十条规定的 2026-03-11"
    assert warning.en == "correction requested on 2026-03-20, after the Art. 30 limit 2026-03-11"
    assert "2026-03-11" in warning and " / " not in warning.zh


def test_steps_are_data_and_their_text_is_the_renderers(cal):
    result = compute_clock(
        RECEIVED, [ClockEvent(K.EXTENSION, D("2026-03-20"), working_days=5)], cal
    )
    [due] = [s for s in result.steps if s.kind is StepKind.DUE]
    assert (due.start, due.working_days) == (D("2026-04-07"), 25)
    assert due.text == "答复期限：2026-04-07（星期二）（共计 25 个工作日）"
    assert due.render("en") == "reply due: 2026-04-07 (Tue) (25 working days in all)"
    assert due.text == clock_text.step_text(due, "zh")


def test_every_step_kind_has_words_in_both_languages():
    from gongkai.rules.clock import ExplanationStep

    assert set(clock_text._STEPS) == {str(k) for k in StepKind}
    for kind in StepKind:
        for note in ("", "day_counts", "late", "awaiting_answer", "late_answer"):
            ends = (
                (None, D("2026-10-08"))
                if kind in (StepKind.FEE, StepKind.CONSULTATION)
                else (D("2026-10-08"),)
            )
            for end in ends:
                step = ExplanationStep(
                    kind,
                    D("2026-10-01"),
                    end=end,
                    working_days=3,
                    name="国庆节",
                    days=7,
                    note=note,
                    years=(2027,),
                )
                zh, en = step.render("zh"), step.render("en")
                assert zh and en and zh != en
                # The English has no Chinese but the holiday's own name.
                assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.replace("国庆节", ""))
    holiday = ExplanationStep(
        StepKind.HOLIDAY, D("2026-10-01"), end=D("2026-10-07"), name="国庆节", days=7
    )
    assert holiday.text == "2026-10-01（星期四） 至 2026-10-07（星期三） 国庆节放假，7 天不计入"
    assert holiday.render("en") == (
        "2026-10-01 (Thu) to 2026-10-07 (Wed) 国庆节 holiday: 7 days not counted"
    )


def test_every_problem_code_renders_in_both_languages():
    samples = {
        "kind": K.EXTENSION,
        "on": D("2026-03-05"),
        "count": 2,
        "total": 40,
        "allowed": 20,
        "citation": "《条例》第三十三条",
        "article": "Art. 33",
        "day": D("2019-05-01"),
        "first": D("2019-05-15"),
        "detail": "x",
        "start": D("2026-03-06"),
        "sent": D("2026-03-07"),
        "limit": D("2026-03-11"),
        "due": D("2026-03-30"),
        "stop": "fee",
        "window": 15,
        "window_end": D("2026-03-26"),
    }
    import inspect

    for code in clock_text.PROBLEM_CODES:
        names = inspect.signature(clock_text._PROBLEMS[code]).parameters
        problem = ClockProblem(code, **{n: samples[n] for n in names})
        assert problem.zh and problem.en and problem.zh != problem.en
    with pytest.raises(ValueError, match="unknown clock problem"):
        ClockProblem("no_such_problem")


@pytest.mark.parametrize(
    ("citation", "english"),
    [
        ("《政府信息公开条例》第三十一条", "Regulations Art. 31"),
        ("《政府信息公开条例》第三十三条第二款", "Regulations Art. 33 ¶2"),
        ("《政府信息公开条例》第三十二条、第三十四条", "Regulations Art. 32, Art. 34"),
        ("《政府信息公开条例》第十条第一项", "Regulations Art. 10(1)"),
        ("《政府信息公开条例》第二十条", "Regulations Art. 20"),
        (
            "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
            "Fee Measures (Guobanhan [2020] No. 109)",
        ),
        ("", ""),
    ],
)
def test_citations_read_in_english_and_stay_chinese_otherwise(citation, english):
    assert clock_text.citation_text(citation, "en") == english
    assert clock_text.citation_text(citation, "zh") == citation
