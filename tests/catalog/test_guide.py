"""政府信息公开指南: structured data, created with every agency site, printable."""

import pytest

from gongkai.catalog.models import GuidePage

pytestmark = pytest.mark.django_db


def test_every_agency_site_has_a_guide_with_statutory_content():
    guide = GuidePage.objects.get(agency__slug="agency-a")
    assert guide.office_name == "甲市交通运输局政府信息公开工作机构"
    assert guide.phone == "0792-1234567" and guide.office_address == "江西省九江市某路1号"
    assert "20个工作日" in guide.processing_time and "第三十三条" in guide.processing_time
    assert "国办函〔2020〕109号" in guide.fees
    assert "行政复议" in guide.remedies and "第五十一条" in guide.remedies


def test_guide_page_renders_every_part_and_can_be_printed(client):
    guide = GuidePage.objects.get(agency__slug="agency-a")
    response = client.get(guide.url)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "受理机构",
        "办公地址",
        "办公时间",
        "咨询电话",
        "通信地址",
        "申请渠道",
        "办理时限",
        "收费标准",
        "救济方式",
    ):
        assert heading in html, heading
    assert "data-print" in html and "gongkai/site.js" in html
    script = b"".join(client.get("/static/gongkai/site.js").streaming_content).decode()
    assert "window.print()" in script
    css = b"".join(client.get("/static/gongkai/portal.css").streaming_content).decode()
    assert "@media print" in css


def test_guide_is_listed_in_the_disclosure_column(client):
    html = client.get("/agency-a/disclosure/").content.decode()
    assert 'href="/agency-a/disclosure/guide/"' in html


def test_agency_has_only_one_guide():
    from gongkai.catalog.models import ColumnPage

    disclosure = ColumnPage.objects.get(agency__slug="agency-a", slug="disclosure")
    assert GuidePage.objects.child_of(disclosure).count() == 1
    assert not GuidePage.can_create_at(disclosure)
