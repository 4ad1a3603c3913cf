"""The register's screens through the HTTP layer: scoped to one's agency, changes only with
newmedia.manage, every change audited, CSV in and out."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Agency
from gongkai.monitoring.accounts import do_save_account
from gongkai.monitoring.models import Account, PostCount

pytestmark = pytest.mark.django_db


def account_of(slug, name):
    admin = get_user_model().objects.get(username="group_supervisor")
    return do_save_account(
        Agency.objects.get(slug=slug), {"platform": "wechat", "name": name}, acting_user=admin
    )


def test_staff_see_only_their_agency_accounts(client, persona):
    mine = account_of("agency-a", "甲局公众号")
    theirs = account_of("agency-b", "乙局公众号")
    persona(client, "officer_a")
    page = client.get(reverse("monitoring_accounts")).content.decode()
    assert "甲局公众号" in page and "乙局公众号" not in page
    assert client.get(reverse("monitoring_account", args=[mine.pk])).status_code == 200
    assert client.get(reverse("monitoring_account", args=[theirs.pk])).status_code == 404
    persona(client, "group_supervisor")
    page = client.get(reverse("monitoring_accounts")).content.decode()
    assert "甲局公众号" in page and "乙局公众号" in page


def test_reading_staff_cannot_change_an_account(client, persona):
    account = account_of("agency-a", "甲局公众号")
    persona(client, "officer_a")
    page = client.get(reverse("monitoring_account", args=[account.pk])).content.decode()
    assert 'method="post"' not in page
    response = client.post(
        reverse("monitoring_account_posts", args=[account.pk]),
        {"start": "2026-01-01", "end": "2026-01-31", "count": "9"},
    )
    assert response.status_code == 404
    assert not PostCount.objects.exists()
    assert client.get(reverse("monitoring_account_add")).status_code == 404
    persona(client, "admin_a")
    other = account_of("agency-b", "乙局公众号")
    response = client.post(
        reverse("monitoring_account_posts", args=[other.pk]),
        {"start": "2026-01-01", "end": "2026-01-31", "count": "9"},
    )
    assert response.status_code == 404


def test_the_agency_admin_registers_an_account_and_its_posts(client, persona):
    persona(client, "admin_a")
    response = client.post(
        reverse("monitoring_account_add"),
        {
            "platform": "weibo",
            "name": "甲局发布",
            "url": "https://weibo.com/jia",
            "department": "办公室",
        },
    )
    account = Account.objects.get(name="甲局发布")
    assert response.status_code == 302 and account.agency.slug == "agency-a"
    url = reverse("monitoring_account", args=[account.pk])
    response = client.post(
        f"{url}posts/", {"start": "2025-01-01", "end": "2025-12-31", "count": "123"}
    )
    assert response.status_code == 302
    assert PostCount.objects.get(account=account).count == 123
    response = client.post(
        f"{url}posts/", {"start": "2025-06-01", "end": "2026-01-31", "count": "1"}
    )
    assert response.status_code == 200 and "重叠" in response.content.decode()
    response = client.post(
        f"{url}save/", {"platform": "weibo", "name": "甲局发布", "closed_on": "2026-03-01"}
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.closed_on == date(2026, 3, 1) and account.url == ""
    actions = set(
        ModelLogEntry.objects.filter(action__startswith="gongkai.monitoring.").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "gongkai.monitoring.create_account",
        "gongkai.monitoring.record_posts",
        "gongkai.monitoring.update_account",
    }


def test_the_supervisor_picks_the_agency(client, persona):
    persona(client, "group_supervisor")
    agency_b = Agency.objects.get(slug="agency-b")
    response = client.post(reverse("monitoring_account_add"), {"platform": "douyin", "name": "乙"})
    assert response.status_code == 200 and not Account.objects.exists()
    response = client.post(
        reverse("monitoring_account_add"),
        {"agency": agency_b.pk, "platform": "douyin", "name": "乙局抖音"},
    )
    assert response.status_code == 302
    assert Account.objects.get(name="乙局抖音").agency == agency_b


def test_csv_upload_imports_good_rows_and_shows_bad_ones(client, persona):
    persona(client, "admin_a")
    text = "平台,账号名称,开设日期\n微博,甲局发布,2019-01-01\n快手,甲局快手,\n"
    upload = SimpleUploadedFile("a.csv", text.encode("gb18030"), content_type="text/csv")
    response = client.post(reverse("monitoring_import"), {"kind": "accounts", "file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "未知的平台“快手”" in page and "unknown platform" in page
    assert list(Account.objects.values_list("name", flat=True)) == ["甲局发布"]
    posts = "平台,账号名称,起始日期,截止日期,发文数\n微博,甲局发布,2025-01-01,2025-12-31,123\n"
    upload = SimpleUploadedFile("p.csv", posts.encode(), content_type="text/csv")
    client.post(reverse("monitoring_import"), {"kind": "posts", "file": upload})
    assert PostCount.objects.get().source == "csv"
    template = client.get(reverse("monitoring_import") + "?template=posts")
    assert template.content.decode("utf-8-sig").startswith("平台,账号名称,起始日期")
    export = client.get(reverse("monitoring_accounts") + "?format=csv").content.decode("utf-8-sig")
    assert "甲局发布" in export and "2019-01-01" in export


def test_each_change_of_an_account_posts_to_its_own_url(client, persona):
    from tests.monitoring.server import local_server

    account = account_of("agency-a", "甲局公众号")
    url = reverse("monitoring_account", args=[account.pk])
    persona(client, "admin_a")
    page = client.get(url).content.decode()
    assert f'action="{url}posts/"' in page and f'action="{url}save/"' in page
    assert 'name="action"' not in page and f'action="{url}feed/"' not in page  # no feed URL
    assert client.post(url, {"action": "posts"}).status_code == 405
    assert client.get(f"{url}save/").status_code == 405
    response = client.post(f"{url}feed/")
    assert response.status_code == 200 and "该账号没有订阅源地址" in response.content.decode()
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><item><title>一</title>'
        "<pubDate>Mon, 01 Jun 2026 09:00:00 +0800</pubDate></item></channel></rss>"
    )
    with local_server() as (base, routes):
        routes.add("/feed.xml", body=rss.encode())
        admin = get_user_model().objects.get(username="admin_a")
        data = {"platform": "wechat", "name": "甲局公众号", "feed_url": f"{base}/feed.xml"}
        do_save_account(account.agency, data, acting_user=admin, account=account)
        assert f'action="{url}feed/"' in client.get(url).content.decode()
        response = client.post(f"{url}feed/", follow=True)
    assert "已读取订阅源：记录 1 天" in response.content.decode()
    assert PostCount.objects.get(account=account).source == "feed"
    assert ModelLogEntry.objects.filter(action="gongkai.monitoring.read_feed").count() == 1
