"""The contract the inspection reads: the 20-a-day / 7-day rule at its boundaries, the last
link check, stale accounts, post counts, and a fixed number of queries."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency
from gongkai.monitoring import api
from gongkai.monitoring.models import (
    Account,
    LinkResult,
    LinkRun,
    Platform,
    PostCount,
    PostSource,
    Probe,
)

pytestmark = pytest.mark.django_db

AT = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


def agencies():
    return Agency.objects.get(slug="agency-a"), Agency.objects.get(slug="agency-b")


def probes(agency, day_index, n, failed=0):
    """``n`` probes inside the ``day_index``-th 24-hour span before AT (0: the last one)."""
    end = AT - timedelta(days=day_index)
    rows = [
        Probe(
            agency=agency,
            url="http://test/a/",
            started_at=end - timedelta(minutes=30 * k),
            duration_ms=120,
            status_code=None if k < failed else 200,
            error="超时 / timeout" if k < failed else "",
            ok=k >= failed,
        )
        for k in range(n)
    ]
    Probe.objects.bulk_create(rows)


def test_twenty_probes_every_day_is_measured_and_failures_are_counted():
    a, b = agencies()
    for i in range(7):
        probes(a, i, 20, failed=1 if i == 3 else 0)
    summary = api.probe_summaries([a.pk, b.pk], AT)
    assert summary[a.pk].measured is True
    assert summary[a.pk].probes == 140
    assert summary[a.pk].failures == 1
    assert summary[a.pk].failure_share == 1 / 140
    (failure,) = summary[a.pk].evidence
    assert failure["kind"] == "probe" and failure["error"] == "超时 / timeout"
    assert failure["date"] == "2026-06-12T12:00:00+08:00"
    assert "探测失败" in failure["label"]
    # no probes at all: not measured, never a pass
    assert summary[b.pk] == api.ProbeSummary(False, 0, 0, summary[b.pk].evidence)
    assert len(summary[b.pk].evidence) == 7
    assert all(e["short_day"] for e in summary[b.pk].evidence)
    assert summary[b.pk].failure_share is None


def test_a_day_with_nineteen_probes_is_not_measured_and_named():
    a, _ = agencies()
    for i in range(7):
        probes(a, i, 19 if i == 5 else 20)
    summary = api.probe_summaries([a.pk], AT)[a.pk]
    assert summary.measured is False
    assert summary.probes == 139
    (short,) = summary.evidence
    assert short["probes"] == 19
    assert short["span_end"] == "2026-06-10T12:00:00+08:00"
    assert "19" in short["label"]


def test_window_edges_probe_at_t_counts_probe_seven_days_before_does_not():
    a, _ = agencies()
    for i in range(7):
        probes(a, i, 20)  # each span's newest probe sits exactly at its end
    # exactly 7 days before AT is outside (the window is (AT − 7 d, AT]); after AT too
    Probe.objects.create(
        agency=a, url="u", started_at=AT - timedelta(days=7), duration_ms=1, ok=False
    )
    Probe.objects.create(
        agency=a, url="u", started_at=AT + timedelta(seconds=1), duration_ms=1, ok=False
    )
    summary = api.probe_summaries([a.pk], AT)[a.pk]
    assert (summary.measured, summary.probes, summary.failures) == (True, 140, 0)


def test_broken_links_come_from_the_last_run_finished_by_t():
    a, b = agencies()
    old = LinkRun.objects.create(
        agency=a, started_at=AT - timedelta(days=2), finished_at=AT - timedelta(days=2)
    )
    new = LinkRun.objects.create(
        agency=a, started_at=AT - timedelta(days=1), finished_at=AT - timedelta(days=1)
    )
    later = LinkRun.objects.create(
        agency=a, started_at=AT + timedelta(hours=1), finished_at=AT + timedelta(hours=2)
    )
    for run, target in [(old, "/gone-old/"), (new, "/gone-new/"), (later, "/gone-later/")]:
        LinkResult.objects.create(
            run=run,
            page_id=1,
            page_title="一条信息",
            page_url="http://test/agency-a/x/",
            target=target,
            external=False,
            status_code=404,
            ok=False,
            checked_at=run.finished_at,
        )
    LinkResult.objects.create(
        run=new,
        page_id=1,
        page_title="一条信息",
        page_url="p",
        target="/fine/",
        external=False,
        status_code=200,
        ok=True,
        checked_at=new.finished_at,
    )
    found = api.broken_links([a.pk, b.pk], AT)
    assert found[b.pk] == []
    (link,) = found[a.pk]
    assert link["target"] == "/gone-new/" and link["status"] == 404
    assert link["page_title"] == "一条信息" and link["kind"] == "link"
    assert link["date"] == "2026-06-14T12:00:00+08:00"
    assert api.broken_links([a.pk], AT - timedelta(days=1, seconds=1))[a.pk][0]["target"] == (
        "/gone-old/"
    )


def account(agency, name, **fields):
    return Account.objects.create(agency=agency, platform=Platform.WEIBO, name=name, **fields)


def test_stale_accounts_at_the_fourteen_day_edge():
    a, b = agencies()
    fresh = account(a, "新鲜")
    edge = account(a, "恰好14天")
    stale = account(a, "过期")
    account(a, "已关停", closed_on=date(2026, 6, 1))
    account(a, "新开", opened_on=date(2026, 6, 10))
    silent = account(a, "从未发文")
    PostCount.objects.create(
        account=fresh,
        start=date(2026, 6, 1),
        end=date(2026, 6, 30),
        count=5,
        source=PostSource.ENTERED,
    )
    PostCount.objects.create(
        account=edge, start=date(2026, 6, 1), end=date(2026, 6, 1), count=1, source=PostSource.FEED
    )
    PostCount.objects.create(
        account=stale,
        start=date(2026, 5, 31),
        end=date(2026, 5, 31),
        count=3,
        source=PostSource.FEED,
    )
    PostCount.objects.create(
        account=silent,
        start=date(2026, 6, 5),
        end=date(2026, 6, 14),
        count=0,
        source=PostSource.ENTERED,
    )
    found = api.stale_accounts([a.pk, b.pk], AT)
    assert found[b.pk] == []
    names = [e["name"] for e in found[a.pk]]
    assert sorted(names) == sorted(["过期", "从未发文"])
    by_name = {e["name"]: e for e in found[a.pk]}
    assert by_name["过期"]["last_post"] == "2026-05-31"
    assert by_name["从未发文"]["last_post"] is None
    assert by_name["过期"]["kind"] == "account" and by_name["过期"]["platform"] == "weibo"


def test_posts_count_sums_periods_inside_the_range():
    a, b = agencies()
    one = account(a, "一号")
    two = account(a, "二号")
    for month, n in [(1, 10), (2, 20), (12, 93)]:
        PostCount.objects.create(
            account=one,
            start=date(2025, month, 1),
            end=date(2025, month, 28),
            count=n,
            source=PostSource.CSV,
        )
    PostCount.objects.create(
        account=two, start=date(2025, 12, 31), end=date(2026, 1, 1), count=7, source=PostSource.CSV
    )  # crosses the year: not inside
    assert api.posts_count([a.pk, b.pk], date(2025, 1, 1), date(2025, 12, 31)) == {
        a.pk: 123,
        b.pk: 0,
    }
    assert api.posts_count([a.pk], date(2025, 2, 1), date(2025, 2, 28)) == {a.pk: 20}


def test_a_fixed_number_of_queries_whatever_the_number_of_agencies():
    a, b = agencies()
    for agency in (a, b):
        probes(agency, 0, 3, failed=1)
        account(agency, "账号")

    def count(ids):
        with CaptureQueriesContext(connection) as queries:
            api.probe_summaries(ids, AT)
            api.broken_links(ids, AT)
            api.stale_accounts(ids, AT)
            api.posts_count(ids, date(2026, 1, 1), date(2026, 12, 31))
        return len(queries)

    assert count([a.pk]) == count([a.pk, b.pk]) == 5
