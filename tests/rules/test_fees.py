from datetime import date

import pytest

from gongkai.rules.fees import nth_in_month, per_piece_fee, per_volume_fee


@pytest.mark.parametrize(
    ("nth", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_per_piece_bands(nth, fee):
    assert per_piece_fee(nth) == fee


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 × 10
        (101, 720),  # 70 × 10 + 1 × 20
        (150, 1700),  # the spec's example: 70 × 10 + 50 × 20
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),  # 2700 + 1 × 40
        (250, 4700),  # 2700 + 50 × 40
    ],
)
def test_per_volume_bands(pages, fee):
    assert per_volume_fee(pages) == fee


def test_counting_is_per_calendar_month():
    earlier = [date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 15), date(2026, 9, 30)]
    assert nth_in_month(earlier, date(2026, 9, 15)) == 3  # 09-01, 09-15 and this one
    assert nth_in_month(earlier, date(2026, 10, 1)) == 1


def test_invalid_inputs_are_refused():
    with pytest.raises(ValueError):
        per_piece_fee(0)
    with pytest.raises(ValueError):
        per_volume_fee(-1)
