"""Latency of the long lists at scale: a catalog page by number, a column's listing, the
newest items of an agency home and of the portal, and the catalog CSV, on PostgreSQL with
``bench/data.py``'s site group (10^6 items by default).

Each figure is the whole answer of the app in this process (Django's test client: routing,
queries, template), p50/p95 over random agencies and page numbers, with the public cache
warm (``catalog/public_cache.py``; the first request of a list after a change also reads the
list's keys once — printed apart as "cold"). The baseline is the same page read the way the
catalog read it before (Django's paginator: ``COUNT(*)`` and ``OFFSET`` over the list), in the
same process, as queries only, next to the new page's queries only.

    PYTHONPATH=src .venv/bin/python bench/lists.py --reuse --keep           # 10^6 items
    PYTHONPATH=src .venv/bin/python bench/lists.py --small --keep

Not part of the test suite; it asserts nothing.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data import add_arguments, finish, prepare  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def line(name: str, values: list[float], baseline: list[float] | None = None) -> None:
    p50, p95 = statistics.median(values), percentile(values, 0.95)
    ratio = ""
    if baseline:
        ratio = f"   baseline p95 {percentile(baseline, 0.95):8.1f} ms ({percentile(baseline, 0.95) / p95:5.1f}×)"
    print(f"  {name:<34} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  n={len(values)}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--samples", type=int, default=100)
    args = parser.parse_args()
    prepare(args)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    measure(args.samples)
    finish(args)


def measure(samples: int) -> None:
    from django.core.paginator import Paginator
    from django.test import Client

    from gongkai.catalog.models import AgencyHomePage, ColumnPage, InfoItem
    from gongkai.catalog.paging import keyset_page

    rng = random.Random(7)
    client = Client()
    homes = list(AgencyHomePage.objects.filter(agency__slug__startswith="bench-"))
    per_agency = InfoItem.objects.filter(agency=homes[0].agency).count()
    pages = max(1, -(-per_agency // 20))
    print(f"{len(homes)} agencies, {per_agency} items and {pages} catalog pages each")

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        b"".join(response) if response.streaming else response.content  # noqa: B018

    cold, warm, baseline, keyset = [], [], [], []
    for home in rng.sample(homes, min(samples, len(homes))):
        number = rng.randint(1, pages)
        url = f"{home.url}catalog/?page={number}"
        cold.append(timed(lambda url=url: get(url)))
        other = rng.randint(1, pages)
        warm.append(timed(lambda home=home, n=other: get(f"{home.url}catalog/?page={n}")))
        items = home.items().order_by("-first_published_at", "-pk")
        baseline.append(
            timed(lambda items=items, n=other: list(Paginator(items, 20).get_page(n).object_list))
        )
        keyset.append(
            timed(lambda home=home, n=other: keyset_page(home.items(), n, 20, f"catalog:{home.pk}"))
        )
    print("catalog page by number (whole answer):")
    line("cold (reads the list's keys once)", cold)
    line("warm", warm)
    line("its queries only (keyset, warm)", keyset, baseline)

    columns = list(
        ColumnPage.objects.filter(agency__slug__startswith="bench-", numchild__gt=5).only("pk")
    )
    listing = []
    for column in rng.sample(columns, min(samples, len(columns))):
        column = ColumnPage.objects.get(pk=column.pk)
        get(column.url)
        listing.append(timed(lambda column=column: get(column.url)))
    print("a column's listing, page 1:")
    line("warm", listing)

    agency_home, portal = [], []
    for home in rng.sample(homes, min(samples, len(homes))):
        agency_home.append(timed(lambda home=home: get(home.url)))
        portal.append(timed(lambda: get("/")))
    print("newest items:")
    line("agency home (12 newest)", agency_home)
    line("portal (15 newest of all)", portal)

    home = homes[0]
    csv_ms = timed(lambda: get(f"{home.url}catalog/?format=csv"))
    print(f"catalog CSV of one agency ({per_agency} rows, streamed): {csv_ms:.0f} ms")


if __name__ == "__main__":
    main()
