"""Time of the supervisor's screens of issue 18 on the configured database (e.g. after
``gongkai migrate && gongkai demo``): the inspection of every agency in service at now (the
dashboard's one inspection per request) and the quarter's evaluation (measures, manual
scores, ranking). Prints seconds and query counts; asserts nothing about time.

    PYTHONPATH=src .venv/bin/python bench/evaluation.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gongkai.evaluation.evaluate import active_agencies, evaluate
    from gongkai.evaluation.periods import Period
    from gongkai.inspection.engine import inspect

    agencies = active_agencies()
    period = Period.of(timezone.localdate())
    print(f"{len(agencies)} agencies in service, period {period}")
    for label, run in (
        ("inspection (dashboard)", lambda: inspect(agencies, timezone.now())),
        ("evaluation of the quarter", lambda: evaluate(agencies, period)),
    ):
        best = None
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                run()
                took = time.perf_counter() - started
            best = took if best is None else min(best, took)
        print(f"{label}: best of {args.repeat} {best:.2f} s, {len(queries)} queries")


if __name__ == "__main__":
    main()
