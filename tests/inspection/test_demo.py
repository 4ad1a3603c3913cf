"""The demo's agencies inspected at an instant inside their data (the last evening of 2021):
the verdicts its records imply, with their evidence. One module-scoped demo."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, Role, StaffProfile
from gongkai.catalog.models import ColumnPage, InfoItem
from gongkai.demo.load import load_demo, read_demo
from gongkai.inspection.engine import inspect
from gongkai.reports.actions import do_acknowledge_warnings
from gongkai.reports.models import AnnualReport, AnnualReportPage
from tests.reports.path import publish_through_path

pytestmark = pytest.mark.django_db
AT = datetime(2021, 12, 31, 18, tzinfo=ZoneInfo("Asia/Shanghai"))
ITEMS = read_demo("items.json")["items"]


@pytest.fixture(scope="module")
def verdicts(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and rolled back afterwards, inspected at AT."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        agencies = Agency.objects.filter(retired_on__isnull=True).order_by("sort_order")
        yield {v.slug: v for v in inspect(agencies, AT)}, list(agencies)
        transaction.set_rollback(True)


def _newest(agency_slug, column_slug=None):
    dates = [
        (i["published_on"], i["title"])
        for i in ITEMS
        if i["agency"] == agency_slug and column_slug in (None, i["column"])
    ]
    return max(dates)


def test_the_demo_marks_its_items_as_migrated_with_their_original_time(verdicts):
    items = InfoItem.objects.filter(agency__slug__in={i["agency"] for i in ITEMS})
    assert items.count() == len(ITEMS)
    assert set(items.values_list("origin", flat=True)) == {"migrated"}
    for became, shown in items.values_list("became_public_at", "first_published_at"):
        assert became == shown
    # Its 政务服务 columns link to the province's platform.
    demo_agencies = [a["slug"] for a in read_demo("site.json")["agencies"]]
    services = ColumnPage.objects.filter(slug="services", agency__slug__in=demo_agencies)
    assert services.count() == len(demo_agencies)
    # Not the other agencies of the site group.
    assert ColumnPage.objects.get(slug="services", agency__slug="agency-a").description == ""
    assert all("jxzwfww.gov.cn" in c.description for c in services)


def test_the_agencies_with_content_pass_every_veto_that_was_measured(verdicts):
    results, _ = verdicts
    for slug in ("lushan-transport", "lushan-agriculture"):
        verdict = results[slug]
        assert verdict.vetoes == [], slug
        assert verdict.verdict == "未完成"  # no probes in 2021: site_unreachable not measured
        assert verdict.indicator("site_unreachable").status == "not_measured"
        assert verdict.score == 100 - sum(i.deduction for i in verdict.indicators)
        newest_day, newest_title = _newest(slug)
        home = verdict.indicator("homepage_not_updated").evidence[0]
        assert (home["newest_date"], home["newest_title"]) == (newest_day, newest_title)
        assert verdict.indicator("serious_errors").status == "pass"  # migrated dates
        assert verdict.indicator("interaction_poor").status == "pass"
        assert verdict.indicator("services_impractical").status == "pass"


def test_a_stale_news_column_is_listed_with_its_newest_item(verdicts):
    results, _ = verdicts
    for slug in ("lushan-transport", "lushan-agriculture"):
        day, title = _newest(slug, "work-news")
        stale = datetime.fromisoformat(day).date() <= (AT - timedelta(days=14)).date()
        entries = [
            e
            for e in results[slug].indicator("columns_not_updated").evidence
            if e["label"] == "工作动态" and e["rule"] == "news_and_notices"
        ]
        assert bool(entries) == stale, slug
        if entries:
            assert (entries[0]["newest_date"], entries[0]["newest_title"]) == (day, title)


def test_late_items_of_the_year_are_the_ones_recorded_late(verdicts):
    results, agencies = verdicts
    for agency in agencies:
        late = InfoItem.objects.filter(
            agency=agency,
            publication_late=True,
            became_public_at__gt=AT - timedelta(days=365),
            became_public_at__lte=AT,
        )
        result = results[agency.slug].indicator("late_publication")
        assert sorted(e["label"] for e in result.evidence) == sorted(
            late.values_list("title", flat=True)
        )
        assert result.deduction == min(10, late.count())


def test_the_governments_without_content_are_unqualified_with_evidence(verdicts):
    results, _ = verdicts
    for slug in ("jiujiang", "lushan"):
        verdict = results[slug]
        assert verdict.verdict == "不合格" and verdict.score is None
        assert {"homepage_not_updated", "columns_not_updated"} <= set(verdict.vetoes)
        for veto in verdict.vetoes:
            assert verdict.indicator(veto).evidence, veto
    # The 2020 reports were due in 2021 and are drafts in the demo: late everywhere.
    for verdict in results.values():
        [report] = verdict.indicator("annual_report_late").evidence
        assert report["year"] == 2020 and "未发布" in report["label"]


def test_a_published_annual_report_is_an_item_that_became_public_when_published(verdicts):
    transport = Agency.objects.get(slug="lushan-transport")
    officer = StaffProfile.objects.get(
        agency=transport, role_grants__role=Role.DISCLOSURE_OFFICER
    ).user
    report = AnnualReport.objects.get(agency=transport, year=2020)
    before = timezone.now()
    report = publish_through_path(do_acknowledge_warnings(report, acting_user=officer), officer)
    page = AnnualReportPage.objects.get(report=report)
    assert page.origin == "here" and page.became_public_at >= before
    [now] = inspect([transport], timezone.now())
    home = now.indicator("homepage_not_updated")
    assert home.status == "pass" and home.evidence[0]["newest_title"] == page.title
    assert now.indicator("serious_errors").status == "pass"
