"""Throughput of the job queue: no-op jobs queued, then claimed and run, per second.

Sets up a fresh SQLite installation in a temporary directory (or uses the database named by
``GONGKAI_DATABASE_URL``, which it migrates first), queues N no-op jobs,
and has W workers (threads, each with its own connection and worker name) claim and run
them through the same functions as ``gongkai worker``. Prints the rates, and how many jobs
ran more or less than once; it asserts nothing.

    PYTHONPATH=src .venv/bin/python bench/jobs.py                 # 1,000 jobs, 1 worker
    PYTHONPATH=src .venv/bin/python bench/jobs.py -n 1000 -w 4
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from collections import Counter


def setup_django(var_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["GONGKAI_VAR_DIR"] = var_dir
    os.environ.setdefault("GONGKAI_LOG_LEVEL", "WARNING")  # not one line per job
    import django

    from gongkai import sqlite3

    sqlite3.allow_creation()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--jobs", type=int, default=1000)
    parser.add_argument("-w", "--workers", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gongkai-bench-jobs-") as var_dir:
        setup_django(var_dir)
        from django.db import connection, connections

        from gongkai.jobs.models import Job
        from gongkai.jobs.queue import enqueue, run_pending
        from gongkai.jobs.registry import job

        runs: Counter[int] = Counter()
        lock = threading.Lock()

        @job("bench.noop")
        def noop(i):
            with lock:
                runs[i] += 1

        Job.objects.filter(name="bench.noop").delete()
        started = time.perf_counter()
        for i in range(args.jobs):
            enqueue("bench.noop", i=i)
        queued_in = time.perf_counter() - started

        ran_by: list[int] = []

        def work(number: int) -> None:
            try:
                ran = run_pending(worker=f"bench:{os.getpid()}:{number}")
                with lock:
                    ran_by.append(len(ran))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work, args=(n,)) for n in range(args.workers)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ran_in = time.perf_counter() - started

        not_once = sum(1 for i in range(args.jobs) if runs[i] != 1)
        print(f"database: {connection.vendor}; jobs: {args.jobs}; workers: {args.workers}")
        print(f"queued:        {args.jobs / queued_in:8.0f} jobs/s ({queued_in:.2f} s)")
        print(f"claimed+run:   {args.jobs / ran_in:8.0f} jobs/s ({ran_in:.2f} s)")
        print(f"per worker:    {sorted(ran_by)}")
        print(f"run other than exactly once: {not_once}")
        Job.objects.filter(name="bench.noop").delete()


if __name__ == "__main__":
    main()
