"""The website inspection at scale: ``inspect`` of every agency of ``bench/data.py``'s site
group (1,000 agencies × 100 columns × 1,000 items = 10^6 items by default) on PostgreSQL.

Prints the time of the inspection alone (not the data build), its number of queries, the
slowest queries and the verdicts, with one wrong expression on the list (so its search of
every item's text is measured). The generator writes rows with each model field's
default, so the items' ``became_public_at`` (when they became public, issue 18) is filled
here from their first publication before the run, timed apart.

    PYTHONPATH=src .venv/bin/python bench/inspection.py --reuse --keep          # 10^6 items
    PYTHONPATH=src .venv/bin/python bench/inspection.py --small --keep

Not part of the test suite; it asserts nothing. Issue 18's target: under 60 s.
"""

import argparse
import collections
import time

from data import add_arguments, finish, prepare  # noqa: E402

FILL = """
UPDATE {table} AS item SET became_public_at = page.first_published_at
FROM wagtailcore_page AS page
WHERE page.id = item.page_ptr_id AND item.became_public_at IS NULL
  AND page.first_published_at IS NOT NULL
"""


def fill_became_public() -> None:
    from django.db import connection

    started = time.perf_counter()
    rows = 0
    with connection.cursor() as cursor:
        for table in ("catalog_infoitem", "reports_annualreportpage"):
            cursor.execute(FILL.format(table=table))
            rows += cursor.rowcount
        if rows:
            cursor.execute("ANALYZE catalog_infoitem")
    print(f"  became_public_at filled    {rows:>9,} rows {time.perf_counter() - started:8.1f} s")


def measure() -> None:
    from django.db import connection
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from gongkai.inspection.engine import inspect
    from gongkai.inspection.models import WrongExpression

    # One wrong expression: its search reads every public item's title and body.
    WrongExpression.objects.get_or_create(wrong="国务院办公室", defaults={"right": "国务院办公厅"})
    agencies = list(Agency.objects.filter(retired_on__isnull=True).order_by("sort_order", "pk"))
    timings: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((time.perf_counter() - started, sql))

    at = timezone.now()
    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        verdicts = inspect(agencies, at)
    total = time.perf_counter() - started
    print(f"inspection of {len(agencies):,} agencies at {timezone.localtime(at):%Y-%m-%d %H:%M}")
    print(f"  total                      {total:8.1f} s   {len(timings)} queries")
    print(f"  of which in the database   {sum(t for t, _ in timings):8.1f} s")
    for seconds, sql in sorted(timings, reverse=True)[:6]:
        print(f"    {seconds:7.2f} s  {' '.join(sql.split())[:110]}")
    print("  verdicts:", dict(collections.Counter(v.verdict for v in verdicts)))
    vetoes = collections.Counter(veto for v in verdicts for veto in v.vetoes)
    print("  vetoes:  ", dict(vetoes))
    evidence = sum(len(i.evidence) for v in verdicts for i in v.indicators)
    print(f"  evidence entries: {evidence:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    prepare(args)
    fill_became_public()
    measure()
    finish(args)


if __name__ == "__main__":
    main()
