"""Resident identity card numbers (居民身份证号码), GB 11643-1999.

An 18-character number is: a 6-digit address code (GB/T 2260 region), an 8-digit birth date
(YYYYMMDD), a 3-digit sequence number and one check character computed with ISO 7064
MOD 11-2. The check character is what lets us flag real numbers while leaving random
18-digit strings (order numbers, statistics run together) alone.

The 15-digit form issued before 1999 has a 6-digit birth date (YYMMDD, all 19YY) and no
check character, so only its shape and date can be validated.
"""

from datetime import date

# Province-level codes of GB/T 2260 (first two digits of the address code); 71 is Taiwan,
# 81/82/83 are the codes of the residence permits for Hong Kong, Macao and Taiwan
# residents (港澳台居民居住证, 国办发〔2018〕81号), which use the same 18-character layout.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82", "83",
    }
)  # fmt: skip

# ISO 7064 MOD 11-2 as tabulated in GB 11643-1999 §8.2: weight of position i (1-based from
# the left, 17 digits) is 2^(18-i) mod 11; the check character is indexed by the sum mod 11.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


def check_character(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need exactly 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def region_shape_ok(code: str) -> bool:
    """Whether a 6-digit address code has the shape of a GB/T 2260 region.

    The 2023 foreign permanent residence ID card (外国人永久居留身份证) starts with 9 followed
    by the province code, and otherwise keeps the birth date and check character in place.
    Deeper checks (does this county exist?) would need the full, changing GB/T 2260 list and
    would wrongly reject old numbers of abolished counties, which stay valid for life.
    """
    if len(code) != 6 or not code.isdigit():
        return False
    if code[0] == "9":
        return code[1:3] in PROVINCE_CODES
    return code[:2] in PROVINCE_CODES


def birth_date_ok(year: int, month: int, day: int) -> bool:
    """A real calendar date between 1900 and 2099 (so 19990230 is rejected)."""
    if not 1900 <= year <= 2099:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def is_valid_id18(number: str) -> bool:
    """Region shape, birth date and check character of an 18-character number (X or x)."""
    if len(number) != 18:
        return False
    first17, check = number[:17], number[17].upper()
    if not first17.isascii() or not first17.isdigit():
        return False
    if not region_shape_ok(first17[:6]):
        return False
    if not birth_date_ok(int(first17[6:10]), int(first17[10:12]), int(first17[12:14])):
        return False
    return check_character(first17) == check


def is_plausible_id15(number: str) -> bool:
    """Region shape and 19YYMMDD birth date of a 15-digit pre-1999 number."""
    if len(number) != 15 or not number.isascii() or not number.isdigit():
        return False
    if not region_shape_ok(number[:6]) or number[0] == "9":
        return False
    return birth_date_ok(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
