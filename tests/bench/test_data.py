"""bench/data.py at a small scale: the rows it writes with COPY are a site group that Wagtail
and gongkai read like one made through the back office."""

import importlib.util
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from wagtail.models import Page

from gongkai.agencies.models import Agency
from gongkai.catalog.index_numbers import assign_index_number
from gongkai.catalog.models import ColumnPage, GuidePage, IndexCounter, InfoItem, live_items
from tests.sitegroup import publish_item

pytestmark = pytest.mark.django_db
BENCH_DATA = Path(__file__).resolve().parents[2] / "bench" / "data.py"
END = datetime(2026, 6, 30, 12, tzinfo=ZoneInfo("Asia/Shanghai"))


def load_generator():
    if "bench_data" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_data", BENCH_DATA)
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_data"] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules["bench_data"]


def test_column_plan_follows_the_standard_tree():
    data = load_generator()
    plan = data.column_plan(5)
    assert [c["slug"] for c in plan] == ["news", "work-news", "notices", "disclosure", "rules"]
    assert [c["parent"] for c in plan] == [None, 0, 0, None, 3]
    assert plan[3]["guide"]["slug"] == "guide"
    assert [c["leaf"] for c in plan] == [False, True, True, False, True]
    big = data.column_plan(30)
    assert [c["slug"] for c in big[-4:]] == ["topic-1", "topic-2", "topic-3", "topic-4"]
    assert {big[c["parent"]]["slug"] for c in big[-4:]} == {"topics"}
    assert not any(c["leaf"] for c in big if c["slug"] in {"apply", "interaction"})


def test_tree_steps_are_treebeards():
    data = load_generator()
    assert [data.step(n) for n in (1, 35, 36, 1296)] == ["0001", "000Z", "0010", "0100"]
    assert data.step_number("0010") == 36


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="bench/data.py writes with PostgreSQL's COPY; run with GONGKAI_DATABASE_URL=postgres://…",
)
def test_small_generated_group_is_a_valid_site_group(client):
    data = load_generator()
    before = InfoItem.objects.count()
    timings = data.build(data.Shape(3, 5, 20, end=END), progress=lambda line: None)
    assert timings["total"] >= 0
    assert Page.find_problems() == ([], [], [], [], [])
    agencies = Agency.objects.filter(slug__startswith="bench-").order_by("slug")
    assert [a.slug for a in agencies] == ["bench-0001", "bench-0002", "bench-0003"]
    first = agencies[0]
    assert ColumnPage.objects.filter(agency=first).count() == 5
    assert GuidePage.objects.filter(agency=first).count() == 1
    items = InfoItem.objects.filter(agency=first)
    assert items.count() == 20 and InfoItem.objects.count() == before + 60
    assert live_items().filter(agency=first).count() == 20
    assert all(i.listed_at == i.first_published_at for i in items)
    assert all(i.index_number.startswith(first.catalog_code + "/") for i in items)
    # Spread over the two years before END, items in leaf columns only.
    dates = sorted(items.values_list("first_published_at", flat=True))
    assert END.year - 2 <= dates[0].year and dates[-1] <= END
    assert {i.get_parent().slug for i in items} <= {"work-news", "notices", "rules"}

    newest = items.order_by("-listed_at").first()
    for url in [
        "/bench-0001/",
        "/bench-0001/catalog/",
        newest.url,
        "/bench-0001/disclosure/guide/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert newest.title in client.get("/bench-0001/").content.decode()

    # The back office goes on where the generator stopped: tree, numbers and ids.
    year = newest.first_published_at.year
    counter = IndexCounter.objects.get(agency=first, year=year)
    assert counter.last_serial == items.filter(first_published_at__year=year).count()
    made = publish_item("bench-0001", "notices", "新发布的公告", generated_on="2026-06-30")
    assert made.get_parent().numchild == made.get_parent().get_children().count()
    assert assign_index_number(made).endswith(f"-{counter.last_serial + 1:05d}")
    assert Page.find_problems() == ([], [], [], [], [])
