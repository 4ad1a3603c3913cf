"""The register of 政务新媒体: actions checked against the policy and audited, post counts
that never count a post twice, feeds (RSS and Atom), CSV import of good and bad rows."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Agency
from gongkai.casework import ActionError
from gongkai.monitoring import api
from gongkai.monitoring.accounts import do_record_posts, do_save_account, posts_in
from gongkai.monitoring.feeds import do_read_feed, post_times, posts_per_day
from gongkai.monitoring.models import Account, PostCount, PostSource
from gongkai.monitoring.sheets import import_accounts, import_posts

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>某局微博</title>
<item><title>一</title><pubDate>Mon, 01 Jun 2026 09:00:00 +0800</pubDate></item>
<item><title>二</title><pubDate>Mon, 01 Jun 2026 23:30:00 +0800</pubDate></item>
<item><title>三</title><pubDate>Mon, 01 Jun 2026 17:30:00 GMT</pubDate></item>
<item><title>无日期</title></item>
</channel></rss>""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>某局</title>
<entry><title>甲</title><published>2026-06-03T10:00:00+08:00</published></entry>
<entry><title>乙</title><updated>2026-06-04T01:00:00Z</updated></entry>
</feed>""".encode()

BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2
"&lol;&lol;&lol;&lol;">]><rss version="2.0"><channel><item><title>&lol2;</title></item></channel></rss>"""


def user(name):
    return get_user_model().objects.get(username=name)


def agency(slug="agency-a"):
    return Agency.objects.get(slug=slug)


def new_account(name="某局发布", by="admin_a", slug="agency-a", **values):
    return do_save_account(
        agency(slug), {"platform": "weibo", "name": name, **values}, acting_user=user(by)
    )


def entries(action):
    return ModelLogEntry.objects.filter(action=f"gongkai.monitoring.{action}")


def test_agency_admin_registers_and_changes_an_account_audited():
    account = new_account(url="https://weibo.com/xx", opened_on=date(2020, 1, 1))
    assert account.agency.slug == "agency-a"
    (created,) = entries("create_account")
    assert created.user.username == "admin_a"
    do_save_account(
        agency(), {"closed_on": date(2026, 5, 1)}, acting_user=user("admin_a"), account=account
    )
    (updated,) = entries("update_account")
    assert updated.data["data"]["changes"]["closed_on"] == [None, "2026-05-01"]


@pytest.mark.parametrize("who", ["clerk_a", "officer_a", "admin_a"])
def test_who_may_manage_which_agency(who):
    if who == "admin_a":
        new_account(by=who)
        with pytest.raises(ActionError):
            new_account(by=who, slug="agency-b")
    else:
        with pytest.raises(ActionError):
            new_account(by=who)


def test_the_supervisor_manages_every_agency():
    assert new_account(by="group_supervisor", slug="agency-b").agency.slug == "agency-b"


def test_a_closing_date_before_the_opening_is_refused():
    with pytest.raises(ActionError, match="关停日期"):
        new_account(opened_on=date(2026, 1, 2), closed_on=date(2026, 1, 1))


def test_post_counts_replace_their_period_and_refuse_overlaps():
    account = new_account()
    admin = user("admin_a")
    do_record_posts(account, date(2025, 1, 1), date(2025, 6, 30), 60, acting_user=admin)
    do_record_posts(account, date(2025, 7, 1), date(2025, 12, 31), 63, acting_user=admin)
    with pytest.raises(ActionError, match="重叠"):
        do_record_posts(account, date(2025, 6, 1), date(2025, 7, 31), 5, acting_user=admin)
    with pytest.raises(ActionError):
        do_record_posts(account, date(2025, 2, 1), date(2025, 1, 1), 5, acting_user=admin)
    assert posts_in(account, date(2025, 1, 1), date(2025, 12, 31)) == 123
    assert posts_in(agency(), date(2025, 1, 1), date(2025, 12, 31)) == 123
    do_record_posts(account, date(2025, 7, 1), date(2025, 12, 31), 70, acting_user=admin)
    assert posts_in(account, date(2025, 1, 1), date(2025, 12, 31)) == 130
    assert entries("record_posts").count() == 3
    with pytest.raises(ActionError):
        do_record_posts(account, date(2026, 1, 1), date(2026, 1, 2), 1, acting_user=user("clerk_a"))


def test_rss_and_atom_posts_are_counted_per_china_day():
    days, undated = posts_per_day(RSS)
    # 17:30 GMT is 01:30 the next day in China
    assert days == {date(2026, 6, 1): 2, date(2026, 6, 2): 1} and undated == 1
    days, undated = posts_per_day(ATOM)
    assert days == {date(2026, 6, 3): 1, date(2026, 6, 4): 1} and undated == 0


def test_a_feed_with_a_dtd_or_not_a_feed_is_refused():
    from gongkai.monitoring.feeds import FeedError

    with pytest.raises(FeedError):
        post_times(BOMB)
    with pytest.raises(FeedError):
        post_times(b"<html><body>no</body></html>")
    with pytest.raises(FeedError):
        post_times(b"not xml at all")


def test_reading_a_feed_records_days_and_keeps_entered_periods():
    account = new_account(feed_url="https://example.org/feed.xml")
    admin = user("admin_a")
    do_record_posts(account, date(2026, 6, 2), date(2026, 6, 2), 9, acting_user=admin)
    outcome = do_read_feed(account, acting_user=admin, data=RSS)
    assert outcome["recorded"] == {date(2026, 6, 1): 2}
    assert outcome["kept"] == [date(2026, 6, 2)]
    assert PostCount.objects.get(account=account, start=date(2026, 6, 1)).source == "feed"
    assert entries("read_feed").count() == 1
    # an entered month replaces the feed's days inside it
    do_record_posts(account, date(2026, 6, 1), date(2026, 6, 1), 3, acting_user=admin)
    do_record_posts(account, date(2026, 5, 1), date(2026, 5, 31), 30, acting_user=admin)
    do_read_feed(account, acting_user=admin, data=ATOM)
    do_record_posts(account, date(2026, 6, 3), date(2026, 6, 30), 40, acting_user=admin)
    assert sorted(
        PostCount.objects.filter(account=account).values_list("start", "end", "count", "source")
    ) == [
        (date(2026, 5, 1), date(2026, 5, 31), 30, PostSource.ENTERED),
        (date(2026, 6, 1), date(2026, 6, 1), 3, PostSource.ENTERED),
        (date(2026, 6, 2), date(2026, 6, 2), 9, PostSource.ENTERED),
        (date(2026, 6, 3), date(2026, 6, 30), 40, PostSource.ENTERED),
    ]
    assert api.posts_count([agency().pk], date(2026, 5, 1), date(2026, 6, 30)) == {agency().pk: 82}


ACCOUNTS_CSV = """平台,账号名称,账号ID,网址,主办单位,开设日期,关停日期,订阅源
微博,某局发布,123456,https://weibo.com/123456,办公室,2019-03-01,,
微信公众号,某局公众号,gh_abc,,宣传科,2020年5月6日,,
快手,不认识的平台,,,,,,
抖音,,,,,,,
头条号,日期坏了,,,,2020-13-01,,
"""


def test_accounts_csv_imports_good_rows_and_names_bad_ones():
    outcome = import_accounts(agency(), ACCOUNTS_CSV.encode("gb18030"), acting_user=user("admin_a"))
    assert (outcome.created, outcome.updated) == (2, 0)
    problems = [str(p) for p in outcome.problems]
    assert len(problems) == 3
    assert problems[0].startswith("第 4 行 / line 4: 平台: 未知的平台“快手”")
    assert "unknown platform" in problems[0]
    assert "账号名称" in problems[1] and "line 5" in problems[1]
    assert "2020-13-01" in problems[2] and "unreadable date" in problems[2]
    wechat = Account.objects.get(agency=agency(), name="某局公众号")
    assert (wechat.platform, wechat.opened_on) == ("wechat", date(2020, 5, 6))
    again = import_accounts(
        agency(),
        "\ufeff平台,账号名称,主办单位\n微博,某局发布,新闻科\n".encode(),
        acting_user=user("admin_a"),
    )
    assert (again.created, again.updated, again.problems) == (0, 1, [])
    assert Account.objects.get(name="某局发布").department == "新闻科"
    assert entries("import_accounts").count() == 2
    assert entries("create_account").count() == 2


def test_a_header_with_a_missing_or_unknown_column_imports_nothing():
    outcome = import_accounts(
        agency(), "账号名称,颜色\n某局,红\n".encode(), acting_user=user("admin_a")
    )
    assert outcome.created == 0
    assert {p.column for p in outcome.problems} == {"颜色", "平台"}


def test_posts_csv_imports_counts_and_reports_bad_rows():
    new_account("某局发布")
    text = """平台,账号名称,起始日期,截止日期,发文数
微博,某局发布,2025-01-01,2025-06-30,60
微博,某局发布,2025/07/01,2025/12/31,63
微博,别人的号,2025-01-01,2025-12-31,5
微博,某局发布,2025-06-01,2025-07-31,5
微博,某局发布,2026-01-01,2026-01-31,很多
"""
    outcome = import_posts(agency(), text.encode(), acting_user=user("admin_a"))
    assert outcome.created == 2
    assert [p.line for p in outcome.problems] == [4, 5, 6]
    assert "overlaps" in str(outcome.problems[1])
    assert posts_in(agency(), date(2025, 1, 1), date(2025, 12, 31)) == 123
    assert set(PostCount.objects.values_list("source", flat=True)) == {"csv"}


def test_another_agency_staff_cannot_import():
    with pytest.raises(ActionError):
        import_accounts(agency("agency-b"), ACCOUNTS_CSV.encode(), acting_user=user("admin_a"))
    assert not Account.objects.filter(agency__slug="agency-b").exists()


def test_the_daily_job_fetches_feeds_within_their_size_limit(settings):
    from gongkai.monitoring import feeds, jobs
    from tests.monitoring.server import local_server

    with local_server() as (base, routes):
        routes.add("/feed.xml", body=RSS)
        routes.add("/big.xml", body=b"<rss>" + b" " * (feeds.FEED_MAX_BYTES + 10) + b"</rss>")
        ok = new_account("有订阅源", feed_url=f"{base}/feed.xml")
        big = new_account("订阅源过大", feed_url=f"{base}/big.xml")
        new_account("已关停的", feed_url=f"{base}/feed.xml", closed_on=date(2020, 1, 1))
        assert jobs.read_feeds() == {"read": 1, "failed": 1}
        assert routes.hits["/feed.xml"] == 1
        assert posts_in(ok, date(2026, 6, 1), date(2026, 6, 2)) == 3
        assert not PostCount.objects.filter(account=big).exists()
        with pytest.raises(ActionError, match="2 MB"):
            do_read_feed(big, acting_user=user("admin_a"))
        with pytest.raises(ActionError):
            do_read_feed(ok, acting_user=user("clerk_a"))
