"""Numbers from a query string: only ASCII digits, only within the bounds asked for."""

import math

import pytest

from gongkai.querystring import MAX_ID, whole_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        (" 42 ", 42),
        ("0", None),  # below the lower bound of 1
        ("-3", None),
        ("+3", None),
        ("3.0", None),
        ("abc", None),
        ("", None),
        ("²", None),  # a digit to str.isdigit, not a number to int()
        ("٣", None),  # Arabic-Indic three: int() reads it, a URL filter should not
        ("３", None),  # full-width
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
    ],
)
def test_whole_number_between_one_and_the_largest_key(raw, expected):
    assert whole_number(raw, 1, MAX_ID) == expected


def test_bounds_may_be_open_or_years():
    assert whole_number("99999999999999999999", 0, math.inf) == 99999999999999999999
    assert whole_number("2026", 1, 9999) == 2026
    assert whole_number("99999", 1, 9999) is None
