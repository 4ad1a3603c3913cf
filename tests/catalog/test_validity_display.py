"""有效性 with its dates on the item page and in the catalog, and checked in the editor."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from gongkai.catalog.models import AgencyHomePage
from tests.agencies.test_back_office_access import add_url, item_form
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def doc(title, **fields):
    return publish_item(
        "agency-a",
        "notices",
        title,
        generated_on=date(2021, 3, 1),
        published=datetime(2021, 3, 2, 10, tzinfo=SHANGHAI),
        category="normative_doc",
        summary=f"{title}的概述",
        **fields,
    )


def catalog(client, query=""):
    home = AgencyHomePage.objects.get(agency__slug="agency-a")
    return client.get(f"{home.url}catalog/{query}").content.decode()


@pytest.fixture
def documents():
    next_month = timezone.localdate() + timedelta(days=30)
    return {
        "valid": doc("现行办法", validity="valid", effective_from=date(2021, 4, 1)),
        "revised": doc("旧版办法", validity="revised", validity_changed_on=date(2022, 5, 1)),
        "pending": doc("新版办法", validity="valid", effective_from=next_month),
        "changed": doc("调整后的办法", validity="valid", changed_on=date(2021, 8, 2)),
    }


def test_the_item_page_shows_validity_and_its_dates(client, documents):
    html = client.get(documents["valid"].url).content.decode()
    assert "<th>有效性</th><td>有效</td>" in html
    assert '<th>施行日期</th><td colspan="3">2021年4月1日</td>' in html
    assert '<th>内容概述</th><td colspan="3">现行办法的概述</td>' in html
    html = client.get(documents["revised"].url).content.decode()
    assert "<th>有效性</th><td>已修订（2022年5月1日）</td>" in html
    assert '<span class="badge">已修订</span>' in html
    # Valid from next month: 尚未生效 today.
    html = client.get(documents["pending"].url).content.decode()
    assert (
        "<th>有效性</th><td>尚未生效</td>" in html and '<span class="badge">尚未生效</span>' in html
    )
    html = client.get(documents["changed"].url).content.decode()
    assert '<th>变更日期</th><td colspan="3">2021年8月2日</td>' in html


def test_the_catalog_marks_what_is_not_in_force_and_filters_current(client, documents):
    html = catalog(client)
    assert '旧版办法</a> <span class="badge">已修订</span>' in html
    assert '新版办法</a> <span class="badge">尚未生效</span>' in html
    assert "现行办法</a><br>" in html
    current = catalog(client, "?validity=current")
    assert "现行办法" in current and "调整后的办法" in current
    assert "旧版办法" not in current and "新版办法" not in current
    revised = catalog(client, "?validity=revised")
    assert "旧版办法" in revised and "现行办法" not in revised


def test_the_json_record_carries_the_dates(client, documents):
    home = AgencyHomePage.objects.get(agency__slug="agency-a")
    records = client.get(f"{home.url}catalog/?format=json").json()["results"]
    by_title = {r["title"]: r for r in records}
    assert by_title["现行办法"]["effective_from"] == "2021-04-01"
    assert by_title["旧版办法"]["validity"] == "revised"
    assert by_title["旧版办法"]["validity_changed_on"] == "2022-05-01"
    assert by_title["调整后的办法"]["changed_on"] == "2021-08-02"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"validity": "abolished"}, "已修订、已废止或已失效的文件须填写修订、废止或失效日期"),
        ({"validity": "not_yet_effective"}, "尚未生效的文件须填写施行日期"),
        (
            {"validity": "valid", "validity_changed_on": "2021-01-01"},
            "只有已修订、已废止或已失效的文件",
        ),
        (
            {
                "validity": "abolished",
                "effective_from": "2021-05-01",
                "validity_changed_on": "2021-04-01",
            },
            "修订、废止或失效日期不能早于施行日期",
        ),
    ],
)
def test_the_editor_checks_the_lifecycle(client, persona, fields, message):
    persona(client, "reviewer_a")
    response = client.post(
        add_url(column("agency-a", "notices")),
        item_form("有效性有误的文件", category="normative_doc", **fields, **{"action-draft": "1"}),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
