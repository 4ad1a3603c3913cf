"""The benchmarks' site group: N agencies × C columns × I items written straight into PostgreSQL.

One generator for every bench that needs a large site group (the inspection of issue 18,
``bench/inspection.py``; the page speed of issue 20, ``bench/pages.py``). It writes with COPY
(psycopg's ``cursor.copy``), never through Wagtail's saves, rows that Wagtail and gongkai
read as if the back office had made them:

- the portal (made with ``catalog.tree.ensure_portal`` when the database has none, so the
  default Site exists), then for each agency an ``agencies_agency`` row (a valid 统一社会信用代码,
  so 索引号 come from it), three departments, the ``AgencyHomePage``, its columns and, when
  the 政府信息公开 column is among them, the 政府信息公开指南;
- the columns follow the standard column tree (``catalog/data/columns.json``) in pre-order,
  cut at C; beyond its 26 columns, numbered 专题 columns go under 专题专栏. Items go to the
  leaf columns except 依申请公开, 年报 and 政民互动, more to 动态 and 通知公告 columns;
- valid ``wagtailcore_page`` tree rows: materialised path (steplen 4, base 36), depth,
  numchild, url_path, the content types, the default locale, a translation key each;
  every page live, published, without revisions (Wagtail renders live pages from their
  rows; the back office shows no history for them);
- each ``InfoItem`` with its catalog fields: 索引号 from the agency's pattern and serials per
  year (the ``IndexCounter`` rows follow, so the next publication continues the series),
  成文日期 0–10 days before a first publication spread over the two years before ``--end``,
  category from the column, topic, genre, summary, body;
- every other column of these tables gets the model field's default, so fields that other
  branches add to these models are filled without a change here.

Not written: staff users and roles, revisions, messages, applications, reports, probes. The
search index (``catalog_search*``) is left empty unless ``--search`` is given, which builds
it with the app's own ``reindex_all`` (about 45 minutes per million items on two cores, see
``bench/search.py``); a search then finds nothing in the generated items.

    PYTHONPATH=src .venv/bin/python bench/data.py --keep                # 1,000 × 100 × 1,000
    PYTHONPATH=src .venv/bin/python bench/data.py --agencies 3 --columns 5 --items 20
    PYTHONPATH=src .venv/bin/python bench/data.py --small --keep --search
    PYTHONPATH=src .venv/bin/python bench/data.py --reuse --keep        # no rebuild if it fits

The database is ``--database`` (default ``gongkai_bench``) on ``GONGKAI_BENCH_PG``
(default ``postgres://postgres@127.0.0.1:5432/``); it is dropped at the end unless ``--keep``.
Other benches use it as a library::

    from data import add_arguments, prepare, finish   # bench/ is on sys.path
    add_arguments(parser); args = parser.parse_args()
    url = prepare(args)      # creates or reuses the database, sets up Django, prints timings
    ...
    finish(args)             # drops it unless --keep

Not part of the test suite (``tests/bench/test_data.py`` runs ``build`` at a small scale).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data_rows import (  # noqa: E402  (re-exported: the benches use them from here)
    AGENCY_NAMES,
    PLACES,
    STEPLEN,
    Pages,
    Table,
    credit_code,
    item_text,
    step,
    step_number,
)

PG_SERVER = os.environ.get("GONGKAI_BENCH_PG", "postgres://postgres@127.0.0.1:5432/")
PG_DATABASE = "gongkai_bench"
PREFIX = "bench"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NO_ITEMS = {"apply", "annual-reports", "interaction"}
COLUMN_WEIGHTS = {"dynamic_news": 5, "notice_policy": 3}
DEPARTMENTS = [("office", "办公室"), ("business", "业务股"), ("projects", "建设股")]


@dataclass
class Shape:
    agencies: int
    columns: int
    items: int
    seed: int = 1
    end: datetime = field(default_factory=lambda: datetime.now(SHANGHAI))

    @property
    def total_items(self) -> int:
        return self.agencies * self.items


# --- the tree --------------------------------------------------------------------------------


def column_plan(count: int) -> list[dict]:
    """The agency's columns in pre-order: dicts with slug, title, class, category, parent
    (index in the list or None for the home) and guide (the guide page goes under it)."""
    from gongkai.catalog.tree import standard_columns

    plan: list[dict] = []

    def walk(specs, parent):
        for spec in specs:
            if spec.get("type") == "guide":
                if parent is not None:
                    plan[parent]["guide"] = spec
                continue
            if len(plan) >= count:
                return
            plan.append(
                {
                    "slug": spec["slug"],
                    "title": spec["title"],
                    "class": spec.get("class", "other"),
                    "category": spec.get("category", "none"),
                    "article": spec.get("article", ""),
                    "parent": parent,
                }
            )
            walk(spec.get("children", []), len(plan) - 1)

    walk(standard_columns(), None)
    topics = next((i for i, c in enumerate(plan) if c["slug"] == "topics"), None)
    classes = ["dynamic_news", "notice_policy", "personnel_plan", "other"]
    for k in range(1, count - len(plan) + 1):
        plan.append(
            {
                "slug": f"topic-{k}",
                "title": f"专题{k}",
                "class": classes[k % len(classes)],
                "category": "none",
                "article": "",
                "parent": topics,
            }
        )
    parents = {c["parent"] for c in plan}
    for i, column in enumerate(plan):
        column["leaf"] = i not in parents and column["slug"] not in NO_ITEMS
    if not any(c["leaf"] for c in plan):
        raise SystemExit(f"{count} columns hold no column that can carry items")
    return plan


# --- rows ------------------------------------------------------------------------------------


@dataclass
class Context:
    cursor: object
    shape: Shape
    rng: random.Random
    pages: Pages
    portal: object
    content_types: dict
    timings: dict = field(default_factory=dict)


def build(shape: Shape, *, prefix: str = PREFIX, progress=print) -> dict:
    """Write the site group of ``shape`` into Django's default database (PostgreSQL) inside
    the caller's transaction, next to whatever is there. Returns timings in seconds."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from wagtail.models import Locale, Page

    from gongkai.catalog.models import AgencyHomePage, ColumnPage, GuidePage, InfoItem
    from gongkai.catalog.tree import ensure_portal

    if connection.vendor != "postgresql":
        raise RuntimeError("bench/data.py writes with PostgreSQL's COPY")
    started = time.perf_counter()
    with transaction.atomic():
        portal = ensure_portal("基准测试网站群")
        last = Page.objects.order_by("-id").values_list("id", flat=True).first() or 0
        locale = Locale.get_default().pk
        content_types = {
            model: ContentType.objects.get_for_model(model).pk
            for model in (AgencyHomePage, ColumnPage, GuidePage, InfoItem)
        }
        with connection.cursor() as cursor:
            ctx = Context(
                cursor=cursor,
                shape=shape,
                rng=random.Random(shape.seed),
                pages=Pages(last + 1, locale),
                portal=portal,
                content_types=content_types,
            )
            random.seed(shape.seed)
            _write_all(ctx, prefix, progress)
            for table in ("wagtailcore_page", "agencies_agency", "agencies_department"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    ctx.timings["total"] = time.perf_counter() - started
    return ctx.timings


def _write_all(ctx: Context, prefix: str, progress) -> None:
    from gongkai.agencies.models import Agency, Department
    from gongkai.catalog.models import AgencyHomePage, ColumnPage, GuidePage, IndexCounter, InfoItem

    shape, cursor = ctx.shape, ctx.cursor
    t = time.perf_counter()
    agencies = _agencies(ctx, prefix, Table(Agency), Table(Department))
    ctx.timings["agencies"] = time.perf_counter() - t
    t = time.perf_counter()
    portal = ctx.portal
    last_child = portal.get_children().order_by("-path").values_list("path", flat=True).first()
    first_step = step_number(last_child[-STEPLEN:]) + 1 if last_child else 1
    plan = column_plan(shape.columns)
    tables = {
        "homes": Table(AgencyHomePage),
        "columns": Table(ColumnPage),
        "guides": Table(GuidePage),
        "items": Table(InfoItem),
    }
    counters = Table(IndexCounter, exclude=["id"])
    for n, agency in enumerate(agencies):
        agency["path"] = portal.path + step(first_step + n)
        for year, last_serial in _agency(ctx, agency, plan, tables).items():
            counters.add(agency_id=agency["id"], year=year, last_serial=last_serial)
        if len(ctx.pages.table.rows) >= 50_000:
            _flush(ctx, tables)
        if (n + 1) % max(1, shape.agencies // 10) == 0 or n + 1 == shape.agencies:
            progress(
                f"  {n + 1:>6} agencies, {(n + 1) * shape.items:>9} items, "
                f"{time.perf_counter() - t:6.1f} s"
            )
    _flush(ctx, tables)
    counters.write(cursor)
    type(portal).objects.filter(pk=portal.pk).update(numchild=first_step - 1 + shape.agencies)
    ctx.timings["pages and items"] = time.perf_counter() - t


def _agencies(ctx: Context, prefix: str, agencies: Table, departments: Table) -> list[dict]:
    from django.db.models import Max

    first = (agencies.model.objects.aggregate(n=Max("id"))["n"] or 0) + 1
    first_dept = (departments.model.objects.aggregate(n=Max("id"))["n"] or 0) + 1
    made = []
    for n in range(ctx.shape.agencies):
        agency = {
            "id": first + n,
            "name": f"{PLACES[n % len(PLACES)]}{AGENCY_NAMES[n % len(AGENCY_NAMES)]}（{n + 1}）",
            "slug": f"{prefix}-{n + 1:04d}",
            "departments": [],
        }
        agencies.add(
            id=agency["id"],
            name=agency["name"],
            slug=agency["slug"],
            sort_order=1000 + n,
            credit_code=credit_code(agency["id"]),
            phone="0792-1234567",
            address="江西省九江市某路1号",
        )
        for k, (slug, dept_name) in enumerate(DEPARTMENTS):
            dept_id = first_dept + n * len(DEPARTMENTS) + k
            agency["departments"].append(dept_id)
            departments.add(
                id=dept_id, agency_id=agency["id"], slug=slug, name=dept_name, sort_order=k
            )
        made.append(agency)
    agencies.write(ctx.cursor)
    departments.write(ctx.cursor)
    return made


def _agency(ctx: Context, agency: dict, plan: list[dict], tables: dict) -> dict:
    """One agency's home, columns, guide and items; returns the last 索引号 serial per year."""
    from gongkai.catalog.models import AgencyHomePage

    rng, end = ctx.rng, ctx.shape.end
    leaves = [i for i, c in enumerate(plan) if c["leaf"]]
    weights = [COLUMN_WEIGHTS.get(plan[i]["class"], 1) for i in leaves]
    span = 2 * 365 * 86400
    times = sorted(end - timedelta(seconds=rng.randrange(span)) for _ in range(ctx.shape.items))
    where = rng.choices(leaves, weights, k=len(times))
    held = {i: 0 for i in leaves}
    for i in where:
        held[i] += 1
    opened = end - timedelta(days=800)
    base_url = f"{ctx.portal.url_path}{agency['slug']}/"
    home_id = ctx.pages.add(
        path=agency["path"],
        title=agency["name"],
        slug=agency["slug"],
        url_path=base_url,
        content_type=ctx.content_types[AgencyHomePage],
        published=opened,
        numchild=sum(1 for c in plan if c["parent"] is None),
    )
    tables["homes"].add(page_ptr_id=home_id, agency_id=agency["id"])
    placed = _columns(ctx, agency, plan, tables, held, opened, base_url)
    return _items(ctx, agency, plan, tables["items"], placed, times, where)


def _columns(ctx, agency, plan, tables, held, opened, base_url) -> list[dict]:
    """The column pages (and the guide) of one agency, each with its path and the step its
    first item takes."""
    from gongkai.catalog.models import ColumnPage

    placed: list[dict] = []
    steps: dict[int | None, int] = {}
    for i, spec in enumerate(plan):
        parent = spec["parent"]
        steps[parent] = steps.get(parent, 0) + 1
        above = {"path": agency["path"], "url_path": base_url} if parent is None else placed[parent]
        column = {
            "path": above["path"] + step(steps[parent]),
            "url_path": f"{above['url_path']}{spec['slug']}/",
            "department": agency["departments"][i % len(agency["departments"])],
        }
        below = sum(1 for c in plan if c["parent"] == i) + ("guide" in spec)
        column["first_item_step"] = below + 1
        column["id"] = ctx.pages.add(
            path=column["path"],
            title=spec["title"],
            slug=spec["slug"],
            url_path=column["url_path"],
            content_type=ctx.content_types[ColumnPage],
            published=opened,
            numchild=below + held.get(i, 0),
            show_in_menus=parent is None,
        )
        tables["columns"].add(
            page_ptr_id=column["id"],
            agency_id=agency["id"],
            department_id=column["department"],
            column_class=spec["class"],
            default_category=spec["category"],
            article=spec["article"],
        )
        if "guide" in spec:
            _guide(ctx, agency, spec["guide"], column, below, tables["guides"], opened)
        placed.append(column)
    return placed


def _guide(ctx, agency, spec, column, position, guides, opened) -> None:
    from gongkai.agencies.models import Agency
    from gongkai.catalog.models import GuidePage
    from gongkai.catalog.tree import new_guide

    guide = new_guide(
        Agency(name=agency["name"], address="江西省九江市某路1号", phone="0792-1234567"),
        spec["title"],
        spec["slug"],
    )
    page_id = ctx.pages.add(
        path=column["path"] + step(position),
        title=spec["title"],
        slug=spec["slug"],
        url_path=f"{column['url_path']}{spec['slug']}/",
        content_type=ctx.content_types[GuidePage],
        published=opened,
    )
    own = {"page_ptr_id", "agency_id", "department_id"}
    guides.add(
        page_ptr_id=page_id,
        agency_id=agency["id"],
        **{
            f.attname: getattr(guide, f.attname)
            for f in GuidePage._meta.local_concrete_fields
            if f.attname not in own
        },
    )


def _items(ctx, agency, plan, items: Table, placed, times, where) -> dict:
    from gongkai.agencies.models import DEFAULT_INDEX_PATTERN
    from gongkai.catalog.models import InfoItem

    rng = ctx.rng
    code = credit_code(agency["id"])[8:17]
    serials: dict[int, int] = {}
    listed_at = items.has("listed_at")
    next_step = {i: placed[i]["first_item_step"] for i in set(where)}
    item_type = ctx.content_types[InfoItem]
    for published, i in zip(times, where, strict=True):
        column, spec = placed[i], plan[i]
        number = next_step[i]
        next_step[i] += 1
        local = published.astimezone(SHANGHAI)
        serials[local.year] = serials.get(local.year, 0) + 1
        title, summary, body, topic = item_text(rng, agency["name"], local.year)
        slug = f"item-{number}"
        page_id = ctx.pages.add(
            path=column["path"] + step(number),
            title=title,
            slug=slug,
            url_path=f"{column['url_path']}{slug}/",
            content_type=item_type,
            published=published,
        )
        extra = {"listed_at": published} if listed_at else {}
        items.add(
            page_ptr_id=page_id,
            agency_id=agency["id"],
            department_id=column["department"],
            index_number=DEFAULT_INDEX_PATTERN.format(
                code=code, year=local.year, serial=serials[local.year]
            ),
            summary=summary,
            generated_on=(local - timedelta(days=rng.randint(0, 10))).date(),
            category=spec["category"],
            topic=topic,
            genre=title[-2:],
            body=body,
            **extra,
        )
    return serials


def _flush(ctx: Context, tables: dict) -> None:
    ctx.pages.table.write(ctx.cursor)
    for table in tables.values():
        table.write(ctx.cursor)


# --- the database ----------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("bench data (bench/data.py)")
    group.add_argument("--agencies", type=int, default=1000, help="N agencies (1000)")
    group.add_argument("--columns", type=int, default=100, help="C columns each (100)")
    group.add_argument("--items", type=int, default=1000, help="I items each (1000)")
    group.add_argument("--small", action="store_true", help="10 agencies × 30 columns × 100 items")
    group.add_argument("--seed", type=int, default=1)
    group.add_argument("--database", default=PG_DATABASE, help=f"name ({PG_DATABASE})")
    group.add_argument("--keep", action="store_true", help="leave the database at the end")
    group.add_argument(
        "--reuse", action="store_true", help="use the database as it is if its shape matches"
    )
    group.add_argument(
        "--search", action="store_true", help="also build the search index (slow, see above)"
    )


def shape_of(args) -> Shape:
    if args.small:
        args.agencies, args.columns, args.items = 10, 30, 100
    return Shape(args.agencies, args.columns, args.items, seed=args.seed)


def setup_django(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["GONGKAI_DATABASE_URL"] = url
    os.environ.setdefault("GONGKAI_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def matches(shape: Shape, prefix: str = PREFIX) -> bool:
    """Whether the database holds a generated group of this shape."""
    from django.db.utils import DatabaseError

    from gongkai.agencies.models import Agency
    from gongkai.catalog.models import ColumnPage, InfoItem

    try:
        bench = Agency.objects.filter(slug__startswith=f"{prefix}-")
        first = bench.order_by("id").first()
        return (
            bench.count() == shape.agencies
            and first is not None
            and ColumnPage.objects.filter(agency=first).count() == shape.columns
            and InfoItem.objects.filter(agency__slug__startswith=f"{prefix}-").count()
            == shape.total_items
        )
    except DatabaseError:
        return False


def prepare(args) -> str:
    """The database of ``args`` ready to read (built, or reused with ``--reuse``), with
    Django set up on it; prints what it did and how long it took. Returns its URL."""
    shape = shape_of(args)
    url = PG_SERVER + args.database
    fresh = not (args.reuse and database_exists(args.database))
    if fresh:
        recreate_database(args.database)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    print(
        f"bench data: {shape.agencies} agencies × {shape.columns} columns × {shape.items} "
        f"items = {shape.total_items:,} items in {args.database}"
    )
    if not fresh and matches(shape):
        # Apps added since the data were written get their tables; the data stay.
        call_command("migrate", verbosity=0)
        print("  reused: the database already holds this shape")
        return url
    if not fresh:
        recreate_database(args.database)
        connection.close()
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrate                   {time.perf_counter() - t:8.1f} s")
    timings = build(shape)
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["analyze"] = time.perf_counter() - t
    if args.search:
        from gongkai.catalog.search.indexing import reindex_all

        t = time.perf_counter()
        reindex_all()
        timings["search index"] = time.perf_counter() - t
    for name, seconds in timings.items():
        print(f"  {name:<25} {seconds:8.1f} s")
    rate = shape.total_items / max(timings["total"], 1e-9)
    print(f"  {rate:,.0f} items/s written (COPY, no Wagtail saves)")
    return url


def finish(args) -> None:
    if args.keep:
        print(f"bench data kept: {PG_SERVER}{args.database}")
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    print(f"bench data dropped: {args.database}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    prepare(args)
    finish(args)


if __name__ == "__main__":
    main()
