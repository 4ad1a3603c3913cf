"""Publish-to-file-visible delay of static publishing at demo scale, through the worker.

Loads the demo site group (九江市, ``gongkai demo``) into a fresh PostgreSQL database,
publishes the whole site once (``publish-static --all``), starts ``gongkai worker`` beside
it, then publishes items the way the back office does (a Wagtail revision published, whose
signals queue the rewrite). For every address the item affects
(``publishing.targets.affected_targets``: the item, its columns' listing pages and feeds,
the agency's home, catalog pages and feed, the portal, the statutory pages, the sitemap and
the API's documents) it reads when the file was replaced (its mtime: a file is written under
a temporary name and renamed, so the mtime is when the new content was complete) and prints,
per item and over all, how many addresses, and min / median / max of publish → file. A file
the rewrite left as it was (same content) counts as visible at once and is counted apart.

    PYTHONPATH=src .venv/bin/python bench/publish.py [--items 5] [--keep] [--load 50]

``--load N`` measures "while a load runs": nginx serves the publish root and wrk reads the
portal's published home page with N connections for the whole measurement; wrk's figures
are printed with the delays. Unpaced, wrk and nginx on the same two cores take all of the
CPU (about 57,000 requests/s): ``--load-rate R`` paces wrk at about R requests/s in all
(each connection pauses between requests), a traffic spike rather than a flood.

The worker polls every ``GONGKAI_JOBS_POLL_SECONDS`` (1 s by default), which is part of the
delay. Not part of the test suite; it asserts nothing. The machine's load is printed with
the figures. It runs with DEBUG off and the Redis cache (``GONGKAI_REDIS_URL``, default
``redis://127.0.0.1:6379/11``) as in production.
"""

import argparse
import io
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
from data import PG_SERVER, recreate_database, setup_django  # noqa: E402  (bench/data.py)
from pages import free_port, start_nginx, stop  # noqa: E402  (bench/pages.py)

CHECKOUT = Path(__file__).resolve().parents[1]
DATABASE = "gongkai_bench_publish"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5, help="items to publish one by one")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse a database with the demo loaded"
    )
    parser.add_argument(
        "--load",
        type=int,
        metavar="CONNECTIONS",
        help="wrk reads the published portal home through nginx with this many connections",
    )
    parser.add_argument(
        "--load-rate",
        type=int,
        metavar="REQUESTS_PER_SECOND",
        help="paces the load at about this rate (default: as fast as nginx answers)",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-publish-"))
    root = tmp / "publish"
    os.environ["GONGKAI_PUBLISH_ROOT"] = str(root)
    os.environ.setdefault("GONGKAI_BASE_URL", "http://127.0.0.1:8000")
    # Production's settings: DEBUG off (cached templates) and a cache shared by this process
    # (the back office's side) and the worker.
    os.environ.setdefault("GONGKAI_DEBUG", "0")
    os.environ.setdefault("GONGKAI_REDIS_URL", "redis://127.0.0.1:6379/11")
    url = PG_SERVER + args.database
    if not args.reuse:
        recreate_database(args.database)
    setup_django(url)
    from django.core.management import call_command

    print(f"load average before: {os.getloadavg()}; {os.cpu_count()} cores")
    started = time.perf_counter()
    if not args.reuse:
        call_command("demo", stdout=io.StringIO())
        print(f"demo loaded in {time.perf_counter() - started:.1f} s")
    forget_queue()
    from gongkai.publishing.build import rebuild_all

    started = time.perf_counter()
    result = rebuild_all()
    seconds = time.perf_counter() - started
    print(
        f"full rebuild: {result.written} files in {seconds:.1f} s "
        f"({result.written / seconds:.0f} files/s)"
    )
    env = {**os.environ, "GONGKAI_DATABASE_URL": url, "GONGKAI_LOG_LEVEL": "WARNING"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", "worker"], env=env, cwd=CHECKOUT
    )
    nginx = load = None
    try:
        time.sleep(3)  # the worker's start (its template check finds the site just rebuilt)
        if args.load:
            nginx, port = start_nginx(root, free_port(), tmp, "publish")
            pace = tmp / "pace.lua"  # each connection waits this long before its next request
            pace.write_text(f"function delay() return {delay_ms(args)} end\n", encoding="utf-8")
            load = subprocess.Popen(
                ["wrk", "-t2", f"-c{args.load}", "-d600s", "--timeout", "15s", "--latency"]
                + (["-s", str(pace)] if args.load_rate else [])
                + [f"http://127.0.0.1:{port}/"],
                stdout=subprocess.PIPE,
                text=True,
            )
            time.sleep(2)
        delays, counts = [], []
        for n in range(args.items):
            item_delays, count = publish_and_wait(root, n)
            delays += item_delays
            counts.append(count)
    finally:
        worker.terminate()
        worker.wait(30)
        if load:
            load.send_signal(signal.SIGINT)  # wrk prints its figures on an interrupt
            print("wrk during the measurement:\n" + load.communicate()[0])
        if nginx:
            stop(nginx)
    if delays:
        ordered = sorted(delays)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(
            f"all {len(counts)} items: {sum(counts)} addresses, publish → file "
            f"min {min(delays):.2f} s, median {statistics.median(delays):.2f} s, "
            f"p95 {p95:.2f} s, max {max(delays):.2f} s"
        )
    print(f"load average after: {os.getloadavg()}")
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    if not args.keep:
        from django.db import connections

        connections.close_all()
        recreate_database(args.database)  # leaves an empty database, not the demo's
        print(f"bench database emptied: {args.database}")


def delay_ms(args) -> int:
    """wrk's pause per connection between requests for ``--load-rate`` requests/s in all."""
    return max(0, round(args.load * 1000 / args.load_rate)) if args.load_rate else 0


def forget_queue() -> None:
    """The demo's saves queued rewrites that the full rebuild covers."""
    from gongkai.jobs.models import Job
    from gongkai.publishing.models import PendingFile
    from gongkai.publishing.queue import JOB

    Job.objects.filter(name=JOB).delete()
    PendingFile.objects.all().delete()


def busiest_column():
    """The demo column with the most live items (its listing has several pages), among
    those of a statutory category if any (its items are on the statutory pages too)."""
    from collections import Counter

    from gongkai.catalog.models import ColumnPage, InfoItem

    paths = InfoItem.objects.live().order_by().values_list("path", flat=True)
    parents = Counter(path[: -InfoItem.steplen] for path in paths.iterator())
    columns = ColumnPage.objects.filter(path__in=list(parents))
    with_category = [c for c in columns if c.default_category != "none"] or list(columns)
    return max(with_category, key=lambda c: parents[c.path])


def publish_and_wait(root: Path, n: int):
    from django.utils import timezone

    from gongkai.catalog.models import InfoItem
    from gongkai.publishing.models import PendingFile
    from gongkai.publishing.queue import possible_files
    from gongkai.publishing.targets import affected_targets

    column = busiest_column()
    title = f"基准测试新发布信息{n}-{time.time_ns()}"
    item = InfoItem(
        title=title,
        generated_on=timezone.localdate(),
        category=column.default_category,
        body="<p>基准测试。</p>",
    )
    column.add_child(instance=item)
    revision = item.save_revision()
    before = time.time()
    revision.publish()  # the back office's publish: signals queue the rewrite after commit
    item.refresh_from_db()
    targets = affected_targets(item.specific)
    if n == 0:
        print(f"column {column.url_path}; addresses of an item: {[a for _h, a in targets]}")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if not PendingFile.objects.exists() and not rewriting():
            break
    delays, unchanged, missing = [], 0, 0
    for host, address in targets:
        found = [root.joinpath(*p.parts) for p in possible_files(host, address)]
        found = [p for p in found if p.exists()]
        if not found:
            missing += 1
            continue
        mtime = max(p.stat().st_mtime for p in found)
        if mtime < before:
            unchanged += 1
            delays.append(0.0)
        else:
            delays.append(mtime - before)
    print(
        f"item {n + 1}: {len(targets)} addresses ({unchanged} unchanged, {missing} without a "
        f"file), publish → file min {min(delays):.2f} s, "
        f"median {statistics.median(delays):.2f} s, max {max(delays):.2f} s"
    )
    return delays, len(targets)


def rewriting() -> bool:
    """Whether a rewrite job is queued or running."""
    from gongkai.jobs.models import Job, JobState
    from gongkai.publishing.queue import JOB

    return Job.objects.filter(name=JOB, state__in=[JobState.QUEUED, JobState.RUNNING]).exists()


if __name__ == "__main__":
    main()
