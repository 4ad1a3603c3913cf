"""``gongkai workdays add|check``: output, exit status and messages, called directly."""

import argparse
import io

import pytest
from django.core.management.base import CommandParser

from gongkai.rules.calendar import WorkdayCalendar
from gongkai.rules.workdays_cli import EXIT_ERROR, EXIT_OK, add_arguments, run


@pytest.fixture(scope="module")
def cal():
    return WorkdayCalendar.builtin()


def invoke(cal, *argv):
    parser = argparse.ArgumentParser(prog="gongkai workdays")
    add_arguments(parser)
    options = vars(parser.parse_args(argv))
    out, err = io.StringIO(), io.StringIO()
    status = run(options, cal, out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("date", "n", "expected"),
    [
        ("2026-09-21", "20", "2026-10-26"),  # 中秋 and 国庆 skipped, Sat 10-10 counted
        ("2026-02-10", "7", "2026-02-26"),
        ("2026-10-01", "1", "2026-10-08"),  # a holiday as DATE: never counted itself
        ("2026-10-09", "1", "2026-10-10"),  # the next day is an adjusted working day
        ("2020-12-28", "20", "2021-01-26"),  # across the year end
    ],
)
def test_add_prints_one_iso_date(cal, date, n, expected):
    assert invoke(cal, "add", date, n) == (EXIT_OK, expected + "\n", "")


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2026-02-13", "workday"),
        ("2026-02-14", "workday 调休"),
        ("2026-02-15", "holiday 春节"),
        ("2025-10-01", "holiday 国庆节、中秋节"),
        ("2026-03-07", "weekend"),
        ("2020-02-01", "holiday 春节"),  # the 调休 Saturday cancelled by the 2020 extension
    ],
)
def test_check_prints_the_kind_of_day(cal, date, expected):
    assert invoke(cal, "check", date) == (EXIT_OK, expected + "\n", "")


def test_missing_year_goes_to_stderr_with_status_2(cal):
    status, out, err = invoke(cal, "check", "2027-01-04")
    assert (status, out) == (EXIT_ERROR, "")
    assert "2027" in err
    status, out, err = invoke(cal, "add", "2026-12-28", "4")
    assert (status, out) == (EXIT_ERROR, "")
    assert "2027" in err
    # One working day fewer stays inside 2026 and succeeds: both sides of the edge.
    assert invoke(cal, "add", "2026-12-28", "3") == (EXIT_OK, "2026-12-31\n", "")


@pytest.mark.parametrize("bad", ["2026-02-30", "26-1-1", "tomorrow", "2026-01-01T08:00"])
def test_bad_date_is_explained_in_both_languages(cal, bad):
    for argv in (("check", bad), ("add", bad, "3")):
        status, out, err = invoke(cal, *argv)
        assert (status, out) == (EXIT_ERROR, "")
        assert "日期无效" in err and "invalid date" in err and bad in err


@pytest.mark.parametrize("bad", ["0", "-3", "1.5", "two", ""])
def test_n_below_one_or_not_a_number_is_refused(cal, bad):
    status, out, err = invoke(cal, "add", "2026-01-05", bad)
    assert (status, out) == (EXIT_ERROR, "")
    assert "工作日数无效" in err and "at least 1" in err


def test_n_of_one_is_accepted(cal):
    assert invoke(cal, "add", "2026-01-05", "1") == (EXIT_OK, "2026-01-06\n", "")


def test_no_subcommand_is_an_error(cal):
    status, out, err = invoke(cal)
    assert (status, out) == (EXIT_ERROR, "")
    assert "add DATE N" in err


def test_options_may_already_be_typed(cal):
    # call_command(..., n=20) may pass an int; the result is the same.
    out, err = io.StringIO(), io.StringIO()
    options = {"subcommand": "add", "date": "2026-09-21", "n": 20}
    assert run(options, cal, out, err) == EXIT_OK
    assert out.getvalue() == "2026-10-26\n"


def test_arguments_fit_a_django_command_parser(cal):
    parser = CommandParser(prog="gongkai workdays", called_from_command_line=False)
    add_arguments(parser)
    options = vars(parser.parse_args(["check", "2026-10-10"]))
    out, err = io.StringIO(), io.StringIO()
    assert run(options, cal, out, err) == EXIT_OK
    assert out.getvalue() == "workday 调休\n"
