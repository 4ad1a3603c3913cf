"""``gongkai workdays`` without Django reads the same stored schedules as the ORM does."""

import json
import sqlite3
from datetime import date

import pytest
from django.db import connection

from gongkai.rules.calendar import DayKind
from gongkai.workdays.models import current_calendar
from gongkai.workdays.offline import TABLE, calendar_for, stored_rows

from .test_schedules import SCHEDULE_2027, store

SQLITE = "django.db.backends.sqlite3"


def test_schedules_stored_in_a_sqlite_file_extend_the_calendar(tmp_path):
    path = tmp_path / "gongkai.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, year integer, data text)")
        db.execute(
            f"INSERT INTO {TABLE} (year, data) VALUES (2027, ?)", [json.dumps(SCHEDULE_2027)]
        )
    database = {"ENGINE": SQLITE, "NAME": str(path)}
    assert stored_rows(database) == [(2027, SCHEDULE_2027)]
    calendar = calendar_for(database)
    assert tuple(calendar.day_kind(date(2027, 1, 1))) == (DayKind.HOLIDAY, "元旦")
    assert calendar.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_no_database_file_or_no_table_means_the_shipped_schedules(tmp_path):
    missing = tmp_path / "none.sqlite3"
    assert stored_rows({"ENGINE": SQLITE, "NAME": str(missing)}) == []
    assert not missing.exists()  # asking never creates the database
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    calendar = calendar_for({"ENGINE": SQLITE, "NAME": str(empty)})
    assert calendar.add_workdays(date(2026, 9, 21), 20) == date(2026, 10, 26)
    with pytest.raises(Exception, match="2027"):
        calendar.day_kind(date(2027, 1, 4))


@pytest.mark.django_db(transaction=True)
def test_postgres_rows_match_what_the_orm_reads():
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database is not visible to another connection")
    store(2027, SCHEDULE_2027)
    offline = calendar_for(connection.settings_dict)
    orm = current_calendar()
    for day in (date(2027, 1, 1), date(2027, 5, 8), date(2027, 10, 9)):
        assert offline.day_kind(day) == orm.day_kind(day)
    assert offline.add_workdays(date(2027, 4, 30), 1) == date(2027, 5, 6)
