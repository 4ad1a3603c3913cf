"""Art. 12: the catalog lists each item's 内容概述; the guide sets out the 分类 and 编排体系
from the agency's real columns and its letter channel states the 平常信函 rule (Art. 31(2))."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.catalog.models import AgencyHomePage, ColumnPage, GuidePage
from tests.agencies.test_back_office_access import add_url, item_form
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db


def catalog_url():
    return f"{AgencyHomePage.objects.get(agency__slug='agency-a').url}catalog/"


def test_the_html_catalog_shows_each_items_summary(client):
    publish_item(
        "agency-a",
        "notices",
        "关于调整公交线路的通知",
        generated_on=date(2021, 3, 1),
        published=datetime(2021, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        summary="自4月1日起调整3路、5路公交线路走向。",
    )
    html = client.get(catalog_url()).content.decode()
    assert "<th>内容概述</th>" in html
    assert (
        '<td class="summary" data-label="内容概述">自4月1日起调整3路、5路公交线路走向。</td>'
        in html
    )
    # An item published before the summary was required shows a dash, and stays listed.
    assert "甲市交通运输局召开2020年安全生产工作会议" in html
    assert '<td class="summary" data-label="内容概述">—</td>' in html


def test_a_new_item_needs_a_summary_with_a_chinese_error(client, persona):
    persona(client, "clerk_a")
    response = client.post(
        add_url(column("agency-a", "licensing")),
        item_form("没有概述的信息", summary="", **{"action-submit": "1"}),
    )
    assert response.status_code == 200
    assert "请填写内容概述：政府信息公开目录须列明每条信息的内容概述（《条例》第十二条）" in (
        response.content.decode()
    )


def test_the_guide_sets_out_classification_from_the_real_columns(client):
    guide = GuidePage.objects.get(agency__slug="agency-a")
    licensing = ColumnPage.objects.get(agency__slug="agency-a", slug="licensing")
    html = client.get(guide.url).content.decode()
    assert "政府信息的分类与编排体系" in html
    assert f'<a href="{licensing.url}">{licensing.title}</a>' in html
    assert "<td>行政许可</td>" in html  # the column's statutory category
    # The categories that apply to a department of a city or county, Art. 21's included.
    assert "规章（第二十条）" in html and "市政建设（第二十一条）" in html
    assert "宅基地使用情况审核" not in html
    # 编排体系: the agency's real 索引号 pattern and the catalog's address.
    agency = Agency.objects.get(slug="agency-a")
    assert f"如 {agency.catalog_code}/" in html
    assert f'href="{catalog_url()}"' in html


def test_a_new_column_appears_in_the_guide(client):
    home = AgencyHomePage.objects.get(agency__slug="agency-a")
    disclosure = ColumnPage.objects.get(agency__slug="agency-a", slug="disclosure")
    new = disclosure.add_child(
        instance=ColumnPage(
            title="征地拆迁专栏", slug="land", default_category="land_expropriation"
        )
    )
    new.save_revision().publish()
    html = client.get(GuidePage.objects.get(agency__slug="agency-a").url).content.decode()
    assert "征地拆迁专栏" in html and "<td>土地征收</td><td>第二十一条</td>" in html
    assert home.live


def test_a_townships_guide_lists_the_township_categories(client):
    Agency.objects.filter(slug="agency-a").update(kind=AgencyKind.TOWNSHIP)
    html = client.get(GuidePage.objects.get(agency__slug="agency-a").url).content.decode()
    assert "宅基地使用情况审核（第二十一条）" in html and "市政建设" not in html


def test_the_guide_states_the_ordinary_letter_confirmation_rule(client):
    html = client.get(GuidePage.objects.get(agency__slug="agency-a").url).content.decode()
    assert "收到申请的时间（《条例》第三十一条）" in html
    assert (
        "以平常信函等无需签收的邮寄方式提交申请的，本机关政府信息公开工作机构于收到申请的当日"
        "与申请人确认，确认之日为收到申请之日。" in html
    )
    # A new guide's editable channel text says it too.
    assert "平常信函等无需签收的，本机关于收到当日与申请人确认" in (
        GuidePage.objects.get(agency__slug="agency-a").application_channels
    )
