"""``gongkai workdays`` without Django: the shipped schedules plus the stored ones.

The command must answer in a fraction of a second and work before the database exists, so
it reads the ``HolidaySchedule`` rows (models.py) with the database driver alone, from the
same settings Django would use, and falls back to the shipped schedules when there is no
database or no table yet, as ``models.current_calendar`` does.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys

from gongkai.rules import workdays_cli
from gongkai.rules.calendar import WorkdayCalendar, parse_schedule

TABLE = "workdays_holidayschedule"
SETTINGS = "gongkai.settings"


def stored_rows(database: dict) -> list[tuple[int, object]]:
    """(year, data) of every stored schedule, or [] when the database cannot be read
    (missing, not migrated yet, unreachable), as ``models.current_calendar`` does."""
    import sqlite3

    engine = database.get("ENGINE", "")
    if engine in ("django.db.backends.sqlite3", "gongkai.sqlite3"):
        try:
            return _sqlite_rows(str(database["NAME"]))
        except (sqlite3.Error, OSError, ValueError):
            return []
    if engine == "django.db.backends.postgresql":
        import psycopg

        try:
            return _postgres_rows(database)
        except (psycopg.Error, OSError, ValueError):
            return []
    return []


def _sqlite_rows(path: str) -> list[tuple[int, object]]:
    import sqlite3

    # Read-only, so that asking for a date never creates an empty database file.
    uri = "file:" + path.replace("?", "%3f").replace("#", "%23") + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=5)
    try:
        rows = connection.execute(f"SELECT year, data FROM {TABLE}").fetchall()  # noqa: S608
    finally:
        connection.close()
    return [(year, json.loads(data)) for year, data in rows]


def _postgres_rows(database: dict) -> list[tuple[int, object]]:
    import psycopg

    options = {
        "dbname": database.get("NAME") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "connect_timeout": 5,
    }
    with psycopg.connect(**{k: v for k, v in options.items() if v is not None}) as connection:
        rows = connection.execute(f"SELECT year, data FROM {TABLE}").fetchall()  # noqa: S608
    # jsonb comes back parsed; a json or text column as a string.
    return [(year, json.loads(data) if isinstance(data, str) else data) for year, data in rows]


def calendar_for(database: dict) -> WorkdayCalendar:
    """The calendar ``models.current_calendar`` gives for ``database`` (a Django
    ``DATABASES`` entry), read without booting Django."""
    stored = {
        year: parse_schedule(data, source=f"database {year}", expected_year=year)
        for year, data in stored_rows(database)
    }
    return WorkdayCalendar.builtin().with_schedules(stored)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="gongkai workdays",
        description="Working-day arithmetic under the official holiday schedules: "
        "add DATE N | check DATE",
    )
    workdays_cli.add_arguments(parser)
    options = vars(parser.parse_args(argv))
    return workdays_cli.run(options, _configured_calendar(), sys.stdout, sys.stderr)


def _configured_calendar() -> WorkdayCalendar:
    # The project's settings (the database of GONGKAI_DATABASE_URL), read without configuring
    # Django; named, not imported, as it is the composition root above every app
    # (docs/architecture.md). DJANGO_SETTINGS_MODULE is Django's to read, not this command's.
    settings = importlib.import_module(SETTINGS)
    return calendar_for(settings.DATABASES["default"])
