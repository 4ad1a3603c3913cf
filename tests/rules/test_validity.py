"""有效性 on a day, from the status and dates the catalog records (gongkai.rules.validity)."""

from datetime import date

import pytest

from gongkai.rules.validity import (
    ABOLISHED,
    EXPIRED,
    NOT_YET_EFFECTIVE,
    REVISED,
    VALID,
    Lifecycle,
    check,
)

FORMED = date(2021, 3, 1)


@pytest.mark.parametrize(
    ("lifecycle", "day", "status"),
    [
        # Not yet formed: no status at all.
        (Lifecycle(VALID, FORMED), date(2021, 2, 28), None),
        (Lifecycle(VALID, FORMED), FORMED, VALID),
        # In force from 1 May: 尚未生效 the day before, 有效 on the day.
        (Lifecycle(VALID, FORMED, date(2021, 5, 1)), date(2021, 4, 30), NOT_YET_EFFECTIVE),
        (Lifecycle(VALID, FORMED, date(2021, 5, 1)), date(2021, 5, 1), VALID),
        (
            Lifecycle(NOT_YET_EFFECTIVE, FORMED, date(2022, 1, 1)),
            date(2021, 12, 31),
            NOT_YET_EFFECTIVE,
        ),
        (Lifecycle(NOT_YET_EFFECTIVE, FORMED, date(2022, 1, 1)), date(2022, 1, 1), VALID),
        (Lifecycle(NOT_YET_EFFECTIVE, FORMED), date(2030, 1, 1), NOT_YET_EFFECTIVE),
        # Repealed on 30 June: 有效 on the 29th, 已废止 from the 30th.
        (Lifecycle(ABOLISHED, FORMED, None, date(2021, 6, 30)), date(2021, 6, 29), VALID),
        (Lifecycle(ABOLISHED, FORMED, None, date(2021, 6, 30)), date(2021, 6, 30), ABOLISHED),
        (Lifecycle(REVISED, FORMED, None, date(2021, 9, 1)), date(2021, 12, 31), REVISED),
        (Lifecycle(EXPIRED, FORMED, None, date(2022, 3, 1)), date(2021, 12, 31), VALID),
        # Ended without a date: taken as ended (and reported as a data problem).
        (Lifecycle(ABOLISHED, FORMED), FORMED, ABOLISHED),
    ],
)
def test_status_on_a_day(lifecycle, day, status):
    assert lifecycle.status_on(day) == status
    assert lifecycle.in_force_on(day) == (status == VALID)


def test_only_a_dated_repeal_counts_as_repealed_in_its_year():
    assert Lifecycle(ABOLISHED, FORMED, None, date(2021, 6, 30)).repealed_in(2021)
    assert not Lifecycle(ABOLISHED, FORMED, None, date(2021, 6, 30)).repealed_in(2022)
    assert not Lifecycle(EXPIRED, FORMED, None, date(2021, 6, 30)).repealed_in(2021)
    assert not Lifecycle(REVISED, FORMED, None, date(2021, 6, 30)).repealed_in(2021)
    assert not Lifecycle(ABOLISHED, FORMED).repealed_in(2021)
    assert Lifecycle(ABOLISHED, FORMED).undated_end
    assert not Lifecycle(VALID, FORMED).undated_end


@pytest.mark.parametrize(
    ("status", "effective", "changed", "errors"),
    [
        (VALID, None, None, set()),
        (VALID, date(2021, 5, 1), None, set()),
        (ABOLISHED, None, date(2021, 6, 30), set()),
        (ABOLISHED, None, None, {"validity_changed_on"}),
        (REVISED, None, None, {"validity_changed_on"}),
        (EXPIRED, None, None, {"validity_changed_on"}),
        (VALID, None, date(2021, 6, 30), {"validity_changed_on"}),
        (NOT_YET_EFFECTIVE, None, None, {"effective_from"}),
        (ABOLISHED, date(2021, 5, 1), date(2021, 4, 30), {"validity_changed_on"}),
        ("", None, None, set()),
    ],
)
def test_check_names_the_field_in_error(status, effective, changed, errors):
    found = check(status, effective, changed)
    assert set(found) == errors
    assert all(not message.isascii() for message in found.values())  # Chinese messages
