"""GB 11643-1999 validation: check characters worked out by hand, dates, region shapes."""

import pytest

from gongkai.privacy.idcard import (
    check_character,
    is_plausible_id15,
    is_valid_id18,
    region_shape_ok,
)


def test_check_character_of_the_standards_example_is_x():
    # 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2  times  7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    # = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2; "10X98765432"[2] = X
    assert check_character("11010519491231002") == "X"


def test_check_character_of_a_jiujiang_number_is_6():
    # 3 6 0 4 0 2 1 9 9 0 0 1 0 1 1 2 3  times  7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    # = 21+54+0+20+0+8+2+9+54+0+0+9+0+5+8+8+6 = 204; 204 mod 11 = 6; "10X98765432"[6] = 6
    assert check_character("36040219900101123") == "6"


@pytest.mark.parametrize(
    "number", ["11010519491231002X", "11010519491231002x", "360402199001011236"]
)
def test_valid_numbers_pass(number):
    assert is_valid_id18(number)


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # check character should be X
        "360402199001011235",  # check character should be 6
        "36040219900101123X",
    ],
)
def test_wrong_check_character_fails(number):
    assert not is_valid_id18(number)


def test_impossible_birth_date_fails_even_with_a_matching_check_character():
    first17 = "36040219990230123"  # 30 February 1999
    assert not is_valid_id18(first17 + check_character(first17))


def test_leap_day_is_a_real_birth_date():
    first17 = "36040220000229123"
    assert is_valid_id18(first17 + check_character(first17))


def test_nineteenth_century_birth_year_fails():
    first17 = "36040218990101123"
    assert not is_valid_id18(first17 + check_character(first17))


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("360402", True),  # 江西省九江市
        ("110105", True),  # 北京市朝阳区
        ("810000", True),  # 港澳台居民居住证 (Hong Kong)
        ("936000", True),  # 2023 foreign permanent residence card: 9 + province
        ("000014", False),  # the organisation code at the head of an index number
        ("190000", False),  # no province 19
        ("990000", False),
    ],
)
def test_region_shape(code, ok):
    assert region_shape_ok(code) is ok


def test_check_character_refuses_wrong_length():
    with pytest.raises(ValueError):
        check_character("1234")


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("360402710101123", True),  # born 1971-01-01
        ("360402710230123", False),  # 1971-02-30
        ("360402711301123", False),  # month 13
        ("000014349201700", False),  # region 00
    ],
)
def test_old_15_digit_numbers(number, ok):
    assert is_plausible_id15(number) is ok
