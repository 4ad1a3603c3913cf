"""服务不实用, 站点无法访问 and the deduction indicators with hand-made histories at T."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency
from gongkai.catalog.models import ColumnPage, GuidePage, InfoItem
from gongkai.monitoring.models import Account, LinkResult, LinkRun, PostCount, Probe
from gongkai.reports.models import AnnualReport
from tests.inspection.helpers import T, days_ago, indicator, item, verdict

pytestmark = pytest.mark.django_db

COMPLETE = "".join(
    f"<p>{name}：……</p>"
    for name in (
        "事项名称",
        "设定依据",
        "申请条件",
        "办理材料",
        "办理地点",
        "办理时间",
        "联系电话",
        "办理流程",
    )
)


def _services_link(href):
    ColumnPage.objects.filter(agency__slug="agency-a", slug="services").update(
        description=f'<p><a href="{href}">网上办事</a></p>'
    )


def test_a_services_column_without_guides_or_a_platform_link_has_no_online_service():
    result = indicator("services_impractical")
    assert result.status == "veto"
    assert "没有在线服务" in result.evidence[0]["label"]


def test_a_link_to_the_provincial_platform_counts_as_online_services():
    _services_link("https://www.jxzwfww.gov.cn/")
    result = indicator("services_impractical")
    assert result.status == "pass"
    assert result.evidence[0]["platform_links"] == ["https://www.jxzwfww.gov.cn/"]


def test_a_link_to_a_commercial_host_does_not():
    _services_link("https://www.example.com/gov.cn/")
    assert indicator("services_impractical").status == "veto"


def test_a_service_guide_missing_an_element_fires_the_veto():
    item("agency-a", "services", "道路运输经营许可办事指南", days_ago(5), body=COMPLETE)
    assert indicator("services_impractical").status == "pass"
    item(
        "agency-a",
        "services",
        "出租车驾驶员资格服务指南",
        days_ago(5),
        body=COMPLETE.replace("办理地点", "地点"),
    )
    result = indicator("services_impractical")
    assert result.status == "veto"
    guide = next(e for e in result.evidence if e["label"] == "出租车驾驶员资格服务指南")
    assert guide["kind"] == "guide" and guide["missing_elements"] == ["办理地点"]


def test_an_item_of_the_services_column_that_is_no_guide_is_not_checked():
    _services_link("https://www.jxzwfww.gov.cn/")
    item("agency-a", "services", "政务服务中心搬迁公告", days_ago(5))
    assert indicator("services_impractical").status == "pass"


def _probes(agency, failed_per_day):
    rows = [
        Probe(
            agency=agency,
            url="http://test/agency-a/",
            started_at=T - timedelta(days=day, minutes=30 * k),
            duration_ms=100,
            ok=k >= failed_per_day,
        )
        for day in range(7)
        for k in range(20)
    ]
    Probe.objects.bulk_create(rows)


def test_site_unreachable_is_not_measured_without_probes_and_the_verdict_incomplete():
    _services_link("https://www.jxzwfww.gov.cn/")
    for slug in ("work-news", "notices", "policies"):
        item("agency-a", slug, f"{slug}新信息", days_ago(1))
    ColumnPage.objects.filter(agency__slug="agency-a", slug__in=["plans", "personnel"]).update(
        closed=True, closed_reason="并入其他栏目"
    )
    ColumnPage.objects.filter(agency__slug="agency-a", slug="disclosure").update(
        closed=True, closed_reason="改版"
    )
    ColumnPage.objects.filter(agency__slug="agency-a", slug__in=["topics", "budget"]).update(
        closed=True, closed_reason="停更"
    )
    result = verdict()
    assert result.indicator("site_unreachable").status == "not_measured"
    assert result.vetoes == []
    assert result.verdict == "未完成"
    assert result.score is not None
    _probes(Agency.objects.get(slug="agency-a"), failed_per_day=0)
    assert verdict().indicator("site_unreachable").status == "pass"


def test_five_percent_failed_probes_fire_the_veto():
    _probes(Agency.objects.get(slug="agency-a"), failed_per_day=1)  # 7 of 140 = 5 %
    result = indicator("site_unreachable")
    assert result.status == "veto" and len(result.evidence) == 7


def test_late_publication_deducts_per_item_in_the_year_before_t():
    late = item("agency-a", "notices", "迟发的通知", days_ago(10))
    InfoItem.objects.filter(pk=late.pk).update(publication_late=True, publication_workdays=25)
    old = item("agency-a", "notices", "去年迟发", days_ago(400))
    InfoItem.objects.filter(pk=old.pk).update(publication_late=True, publication_workdays=30)
    result = indicator("late_publication")
    assert result.status == "deduct" and result.deduction == 1.0
    assert [e["label"] for e in result.evidence] == ["迟发的通知"]
    assert result.evidence[0]["workdays"] == 25


def test_the_annual_report_not_published_by_its_deadline_deducts():
    # A department's report on 2025 was due on 31 January 2026.
    result = indicator("annual_report_late")
    assert result.status == "deduct" and result.deduction == 5.0
    assert result.evidence[0]["year"] == 2025 and result.evidence[0]["deadline"] == "2026-01-31"
    officer = get_user_model().objects.get(username="officer_a")
    report = AnnualReport.objects.create(
        agency=Agency.objects.get(slug="agency-a"),
        year=2025,
        format_id="2021",
        state="published",
        published_at=T.replace(month=1, day=20),
        created_by=officer,
    )
    assert indicator("annual_report_late").status == "pass"
    AnnualReport.objects.filter(pk=report.pk).update(published_at=T.replace(month=2, day=20))
    late = indicator("annual_report_late")
    assert late.status == "deduct" and "逾期发布" in late.evidence[0]["label"]


def test_before_its_deadline_the_previous_years_report_is_the_one_checked():
    result = indicator("annual_report_late", at=T.replace(month=1, day=15))
    assert result.evidence[0]["year"] == 2024


def test_a_guide_not_published_in_the_year_before_t_deducts():
    # The session's guides were published when the site group was built, after T.
    result = indicator("guide_not_updated")
    assert result.status == "deduct" and result.evidence[0]["kind"] == "guide"
    guide = GuidePage.objects.get(agency__slug="agency-a")
    later = guide.last_published_at + timedelta(days=1)
    assert indicator("guide_not_updated", at=later).status == "pass"
    assert indicator("guide_not_updated", at=later + timedelta(days=366)).status == "deduct"


def test_broken_links_are_not_measured_before_a_link_check_then_deduct():
    assert indicator("broken_links").status == "not_measured"
    run = LinkRun.objects.create(
        agency=Agency.objects.get(slug="agency-a"), started_at=days_ago(1), finished_at=days_ago(1)
    )
    assert indicator("broken_links").status == "pass"
    for n in range(12):
        LinkResult.objects.create(
            run=run,
            page_id=1,
            page_title="一条信息",
            page_url="/agency-a/x/",
            target=f"/gone-{n}/",
            external=False,
            status_code=404,
            ok=False,
            checked_at=days_ago(1),
        )
    result = indicator("broken_links")
    assert result.status == "deduct" and result.deduction == 10.0  # capped
    assert len(result.evidence) == 12 and result.evidence[0]["kind"] == "link"


def test_a_new_media_account_silent_for_14_days_deducts():
    account = Account.objects.create(
        agency=Agency.objects.get(slug="agency-a"), platform="weibo", name="交通微博"
    )
    PostCount.objects.create(
        account=account,
        start=T.date() - timedelta(days=30),
        end=T.date() - timedelta(days=20),
        count=12,
        source="entered",
    )
    result = indicator("newmedia_not_updated")
    assert result.status == "deduct" and result.evidence[0]["kind"] == "account"
    PostCount.objects.create(
        account=account,
        start=T.date() - timedelta(days=3),
        end=T.date(),
        count=2,
        source="entered",
    )
    assert indicator("newmedia_not_updated").status == "pass"
