"""Art. 26: 自该政府信息形成或者变更之日起20个工作日内 — the clock starts at the latest change."""

from datetime import date

from gongkai.rules.proactive import timed_from


def test_formation_when_there_is_no_change():
    assert timed_from(date(2026, 3, 2), None) == date(2026, 3, 2)


def test_the_change_when_it_is_later_than_formation():
    assert timed_from(date(2026, 3, 2), date(2026, 9, 14)) == date(2026, 9, 14)


def test_a_change_dated_before_formation_is_not_a_change():
    assert timed_from(date(2026, 3, 2), date(2026, 3, 1)) == date(2026, 3, 2)
    assert timed_from(date(2026, 3, 2), date(2026, 3, 2)) == date(2026, 3, 2)
