"""How long one probe run of many agencies takes against a slow local server: the probes
of a run go out together (GONGKAI_PROBE_CONCURRENCY at a time), so 40 agencies answering in
half a second each take about 40 / concurrency × 0.5 s, not 40 × 0.5 s. Prints the
figures; it asserts nothing about time. Touches no database (the HTTP part of
``probes.probe_agencies``: the same pool and the same GET).

    PYTHONPATH=src .venv/bin/python bench/probes.py [--agencies 40] [--delay 0.5]
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for the test server in tests/monitoring

from gongkai.monitoring.fetching import get  # noqa: E402
from tests.monitoring.server import local_server  # noqa: E402


def run(urls, concurrency, timeout=15):
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        answers = list(pool.map(lambda url: get(url, timeout=timeout), urls))
    return time.monotonic() - started, sum(1 for a in answers if a.ok)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=40)
    parser.add_argument("--delay", type=float, default=0.5)
    args = parser.parse_args()
    with local_server() as (base, routes):
        urls = []
        for n in range(args.agencies):
            routes.add(f"/agency-{n}/", body=b"x" * 100_000, sleep=args.delay)
            urls.append(f"{base}/agency-{n}/")
        for concurrency in (1, 8, 16):
            seconds, ok = run(urls, concurrency)
            print(
                f"{args.agencies} agencies, {args.delay} s each, concurrency {concurrency:2d}: "
                f"{seconds:5.1f} s ({ok} ok)"
            )


if __name__ == "__main__":
    main()
