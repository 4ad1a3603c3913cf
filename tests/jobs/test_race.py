"""Several workers at once, each its own process and connection: every job runs once.

The workers are separate interpreters with the project's settings, on a SQLite file (the
test database is in memory, which other processes cannot open) or on the PostgreSQL test
database. They start together and claim from the same queue.
"""

import os
import subprocess
import sys
import textwrap
import time

import pytest
from django.db import connection

SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    import django
    django.setup()
    from gongkai.jobs.models import Job, JobState
    from gongkai.jobs.queue import enqueue, run_pending
    from gongkai.jobs.registry import job

    @job("race.record")
    def record(i):
        time.sleep(0.002)  # long enough for the others to try the same rows
        print(i, flush=True)

    mode, where = sys.argv[1], Path(sys.argv[2])
    if mode == "enqueue":
        for i in range(int(sys.argv[3])):
            enqueue("race.record", i=i)
    elif mode == "work":
        (where / f"ready-{os.getpid()}").touch()
        while not (where / "go").exists():
            time.sleep(0.01)
        run_pending(worker=f"race:{os.getpid()}")
    else:
        print(Job.objects.filter(name="race.record", state=JobState.DONE).count())
    """
)

JOBS = 90
WORKERS = 3


@pytest.fixture
def database_url(request, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(DJANGO_SETTINGS_MODULE="gongkai.settings", GONGKAI_VAR_DIR=str(tmp_path))
    if connection.vendor == "sqlite":
        env["GONGKAI_DATABASE_URL"] = f"sqlite:///{tmp_path / 'race.sqlite3'}"
        migrate = [sys.executable, "-m", "gongkai.cli", "migrate", "jobs", "-v0"]
        subprocess.run(migrate, env=env, check=True, capture_output=True, timeout=300)
    else:
        request.getfixturevalue("transactional_db")  # committed rows the workers can see
        db = connection.settings_dict
        env["GONGKAI_DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    return env


def script(env, *args):
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process):
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out


@pytest.mark.django_db
def test_workers_racing_for_the_same_jobs_run_each_once(database_url, tmp_path):
    finish(script(database_url, "enqueue", str(tmp_path), str(JOBS)))
    workers = [script(database_url, "work", str(tmp_path)) for _ in range(WORKERS)]
    deadline = time.monotonic() + 240
    while len(list(tmp_path.glob("ready-*"))) < WORKERS and time.monotonic() < deadline:
        time.sleep(0.05)
    (tmp_path / "go").touch()
    runs = [finish(worker).split() for worker in workers]
    ran = sorted(int(i) for out in runs for i in out)
    assert ran == list(range(JOBS))  # every job once, none twice
    assert sum(1 for out in runs if out) >= 2  # they did share the queue
    assert finish(script(database_url, "count", str(tmp_path))).strip() == str(JOBS)
