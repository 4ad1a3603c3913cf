"""Concurrent writers on a SQLite file wait for each other instead of failing.

Each writer is a separate interpreter with the project's own settings against one database
file, doing what a request does: read, then write, in one transaction. Before the fix a
deferred transaction that read first could not wait for the lock another writer held and
answered "database is locked" at once, whatever the busy timeout.
"""

import os
import sqlite3
import subprocess
import sys
import textwrap

WRITER = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from django.db import OperationalError, connection, transaction

    failures = 0
    for n in range(int(sys.argv[1])):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM submission")
                    (count,) = cursor.fetchone()
                    time.sleep(0.005)  # the work a request does between its read and write
                    cursor.execute("INSERT INTO submission (seen) VALUES (%s)", [count])
        except OperationalError as exc:
            failures += 1
            print(exc, file=sys.stderr)
    print(failures)
    """
)


def run_writers(db_path, *, writers, each):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        GONGKAI_DATABASE_URL=f"sqlite:///{db_path}",
        GONGKAI_VAR_DIR=str(db_path.parent),
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(each)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(writers)
    ]
    results = [p.communicate(timeout=120) for p in processes]
    for process, (_, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
    return sum(int(out.strip()) for out, _ in results), "".join(err for _, err in results)


def test_concurrent_read_then_write_transactions_all_succeed(tmp_path):
    db_path = tmp_path / "writers.sqlite3"
    with sqlite3.connect(db_path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE submission (id INTEGER PRIMARY KEY, seen INTEGER)")
    failures, errors = run_writers(db_path, writers=4, each=40)
    assert failures == 0, errors
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM submission").fetchone() == (160,)
