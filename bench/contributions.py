"""A column listing with reference entries (信息报送) and a mapped column (栏目映射): its
queries and time per page, against the same column with its own items only. Prints the
figures; it asserts nothing about time.

Builds the tests' small site group in a throw-away test database (SQLite by default,
PostgreSQL with GONGKAI_DATABASE_URL), then: agency B's 工作动态 with OWN own items; agency
A's 通知公告 with MAPPED items, mapped into it; ADOPTED items of agency A's 行政许可 adopted
into it. The listing is read as the public reads it (Django's test client).

    PYTHONPATH=src .venv/bin/python bench/contributions.py [--own 100 --mapped 300 --adopted 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests/sitegroup.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")


def measure(client, url, runs=7):
    from django.db import connection

    times, counted = [], []

    def count(execute, sql, params, many, context):
        counted[-1] += 1
        return execute(sql, params, many, context)

    for _ in range(runs):
        counted.append(0)
        with connection.execute_wrapper(count):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, counted[-1]


def build(own: int, mapped: int, adopted: int):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from gongkai.catalog.search.batched import batched
    from gongkai.contributions.actions import do_adopt, do_submit
    from gongkai.contributions.mapping import do_map_column, do_set_intake
    from tests.sitegroup import build_site_group, column, publish_item

    users = get_user_model().objects
    with batched():
        build_site_group()
        target = column("agency-b", "work-news")
        for n in range(own):
            publish_item("agency-b", "work-news", f"乙市资讯{n}", generated_on=date(2026, 1, 5))
        for n in range(mapped):
            publish_item("agency-a", "notices", f"甲市通知{n}", generated_on=date(2026, 1, 5))
        items = [
            publish_item("agency-a", "licensing", f"甲市许可{n}", generated_on=date(2026, 1, 5))
            for n in range(adopted)
        ]
    before = measure(Client(), target.url)
    supervisor = users.get(username="group_supervisor")
    do_set_intake(target, True, acting_user=supervisor)
    do_map_column(column("agency-a", "notices"), target, acting_user=supervisor)
    for item in items:
        contribution = do_submit(item, target, acting_user=users.get(username="clerk_a"))
        do_adopt(contribution, acting_user=users.get(username="clerk_b"))
    return target, before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--own", type=int, default=100)
    parser.add_argument("--mapped", type=int, default=300)
    parser.add_argument("--adopted", type=int, default=60)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        target, before = build(args.own, args.mapped, args.adopted)
        print(f"{connection.vendor}: built in {time.perf_counter() - started:.0f} s")
        client = Client()
        total = args.own + args.mapped + args.adopted + 1
        print(
            f"listing of {total} entries ({args.own} own, {args.mapped} mapped, "
            f"{args.adopted} adopted, 1 of the site group):"
        )
        for page in (1, total // 20 + 1):
            ms, queries = measure(client, f"{target.url}?page={page}")
            print(f"  page {page}: {ms:.1f} ms median, {queries} queries")
        print(
            f"the same column, page 1, with its {args.own} own items only (before): "
            f"{before[0]:.1f} ms, {before[1]} queries"
        )
        home = target.get_parent().get_parent().specific
        ms, queries = measure(client, home.url)
        print(f"agency B's home (newest 12): {ms:.1f} ms, {queries} queries")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
