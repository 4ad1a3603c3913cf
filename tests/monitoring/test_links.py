"""The link checker: internal links resolved in-process, external links off by default, and
when on: one request at a time per host, the day's budget, the cache."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents import get_document_model

from gongkai.agencies.models import Agency
from gongkai.catalog.models import InfoItem
from gongkai.monitoring import api
from gongkai.monitoring.links import check_agencies, check_external, links_of_html
from gongkai.monitoring.models import LinkTarget
from tests.sitegroup import column

pytestmark = pytest.mark.django_db


def publish(agency_slug, title, body):
    item = InfoItem(title=title, generated_on=date(2026, 1, 5), body=body)
    column(agency_slug, "notices").add_child(instance=item)
    item.save_revision().publish()
    item.refresh_from_db()
    return item


def agency(slug="agency-a"):
    return Agency.objects.get(slug=slug)


def test_links_of_rich_text_are_classified(settings):
    settings.GONGKAI_BASE_URL = "https://www.example.gov.cn"
    hosts = {"www.example.gov.cn", "jtj.example.gov.cn"}
    html = (
        '<p><a linktype="page" id="7">页</a><a linktype="document" id="3">文</a>'
        '<a href="/agency-a/">站内</a><a href="https://www.example.gov.cn/x/">全址</a>'
        '<a href="rel/">相对</a><a href="https://other.org/p#frag">外</a>'
        '<a href="mailto:a@b.cn">信</a><a href="#top">锚</a>'
        '<a href="http://jtj.example.gov.cn/notices/">本机关域名</a></p>'
    )
    found = list(links_of_html(html, "https://www.example.gov.cn/agency-a/item/", hosts))
    assert [(kind, ref) for kind, ref, _ in found] == [
        ("page", 7),
        ("document", (3, None)),
        ("path", ("/agency-a/", None)),
        ("path", ("/x/", None)),
        ("path", ("/agency-a/item/rel/", None)),
        ("external", "https://other.org/p"),
        ("path", ("/notices/", "jtj.example.gov.cn")),
    ]


def test_internal_links_good_and_bad_and_external_off_by_default(settings):
    settings.GONGKAI_BASE_URL = "http://127.0.0.1:8000"
    assert settings.GONGKAI_LINKCHECK_EXTERNAL is False
    target = publish("agency-a", "链接目标", "<p>目标</p>")
    body = (
        f'<p><a linktype="page" id="{target.pk}">好页</a>'
        '<a linktype="page" id="999999">坏页</a>'
        '<a href="/agency-a/">首页</a>'
        '<a href="/agency-a/no-such-column/">坏路径</a>'
        '<a href="http://127.0.0.1:8000/search/">搜索</a>'
        '<a linktype="document" id="999999">坏文件</a>'
        '<a href="https://external.example.org/page">外链</a></p>'
    )
    page = publish("agency-a", "含链接的信息", body)
    (run,) = check_agencies([agency()])
    assert (run.links, run.broken, run.unchecked) == (7, 3, 1)
    results = {r.target: r for r in run.results.all() if r.page_id == page.pk}
    assert results[target.full_url].ok is True
    assert results["page:999999"].ok is False
    assert results["/agency-a/"].ok is True
    assert results["/agency-a/no-such-column/"].status_code == 404
    assert results["http://127.0.0.1:8000/search/"].ok is True
    assert results["document:999999"].ok is False
    assert results["https://external.example.org/page"].ok is None
    broken = api.broken_links([agency().pk], timezone.now())[agency().pk]
    assert {b["target"] for b in broken} == {
        "page:999999",
        "/agency-a/no-such-column/",
        "document:999999",
    }
    assert all(b["page_title"] == "含链接的信息" and b["page_url"] for b in broken)
    assert LinkTarget.objects.count() == 0  # nothing was fetched


def test_document_links_need_the_document_and_its_file():
    document = get_document_model().objects.create(
        title="附件", file=ContentFile(b"%PDF-1.4", name="a.pdf")
    )
    lost = get_document_model().objects.create(
        title="丢失", file=ContentFile(b"%PDF-1.4", name="b.pdf")
    )
    lost.file.storage.delete(lost.file.name)
    publish(
        "agency-a",
        "含附件",
        f'<p><a linktype="document" id="{document.pk}">a</a>'
        f'<a linktype="document" id="{lost.pk}">b</a>'
        f'<a href="{document.url}">c</a></p>',
    )
    (run,) = check_agencies([agency()])
    by_target = {}
    for r in run.results.all():
        by_target.setdefault(r.target, []).append(r.ok)
    assert by_target[settings_base() + document.url] == [True]
    assert by_target[settings_base() + lost.url] == [False]
    assert by_target[document.url] == [True]
    document.file.storage.delete(document.file.name)


def settings_base():
    from django.conf import settings

    return settings.GONGKAI_BASE_URL


def test_an_unpublished_page_link_becomes_broken():
    target = publish("agency-a", "将撤下", "<p>x</p>")
    publish("agency-a", "引用者", f'<p><a linktype="page" id="{target.pk}">x</a></p>')
    target.unpublish()
    target.refresh_from_db()
    (run,) = check_agencies([agency()])
    assert run.results.get(target=target.full_url).ok is False


@pytest.fixture
def external(settings):
    from tests.monitoring.server import local_server

    with local_server() as (base, routes):
        settings.GONGKAI_LINKCHECK_EXTERNAL = True
        settings.GONGKAI_LINKCHECK_TIMEOUT_SECONDS = 2
        settings.GONGKAI_LINKCHECK_DAILY_BUDGET = 100
        yield base, routes


def test_external_links_are_checked_and_cached(external):
    base, routes = external
    routes.add("/ok")
    publish("agency-a", "外链", f'<p><a href="{base}/ok">好</a><a href="{base}/gone">坏</a></p>')
    (run,) = check_agencies([agency()], pause=0)
    assert (run.broken, run.unchecked) == (1, 0)
    assert run.results.get(target=f"{base}/gone").status_code == 404
    assert LinkTarget.objects.get(url=f"{base}/ok").ok is True
    check_agencies([agency()], pause=0)  # within the re-check period: from the cache
    assert routes.hits["/ok"] == 1 and routes.hits["/gone"] == 1
    LinkTarget.objects.update(checked_at=timezone.now() - timedelta(days=30))
    check_agencies([agency()], pause=0)
    assert routes.hits["/ok"] == 2


def test_one_request_at_a_time_per_host(external):
    base, routes = external
    other = base.replace("127.0.0.1", "localhost")
    for n in range(4):
        routes.add(f"/p{n}", sleep=0.05)
    urls = [f"{host}/p{n}" for host in (base, other) for n in range(4)]
    answers = check_external(urls, pause=0)
    assert all(a.ok for a in answers.values()) and len(answers) == 8
    assert routes.max_active[base.removeprefix("http://")] == 1
    assert routes.max_active[other.removeprefix("http://")] == 1


def test_the_daily_budget_limits_new_checks(external, settings):
    base, routes = external
    settings.GONGKAI_LINKCHECK_DAILY_BUDGET = 2
    links = "".join(f'<a href="{base}/b{n}">{n}</a>' for n in range(3))
    publish("agency-a", "三个外链", f"<p>{links}</p>")
    (run,) = check_agencies([agency()], pause=0)
    assert LinkTarget.objects.count() == 2
    assert run.unchecked == 1
    assert sum(routes.hits.values()) == 2
    (run,) = check_agencies([agency()], pause=0)  # the day's budget is spent
    assert sum(routes.hits.values()) == 2 and run.unchecked == 1


def test_the_command_lists_broken_links():
    publish("agency-b", "坏链", '<p><a href="/agency-b/missing/">x</a></p>')
    out = StringIO()
    call_command("check-links", "--agency", "agency-b", stdout=out)
    assert "agency-b" in out.getvalue() and "/agency-b/missing/" in out.getvalue()


def test_paths_resolve_on_the_group_host_and_on_an_agency_own_host():
    from wagtail.models import Site

    from gongkai.monitoring.internal import check_path

    home = agency().home_page
    Site.objects.create(hostname="jtj.example.gov.cn", port=80, root_page=home)
    assert check_path("/news/notices/", "jtj.example.gov.cn") == (200, "")
    assert check_path("/agency-a/news/notices/") == (200, "")
    assert check_path("/news/notices/")[0] == 404  # not a page of the group's portal
    assert check_path("/nope/", "jtj.example.gov.cn")[0] == 404
    assert check_path("/search/") == (200, "")
    assert check_path("/media/no/such/file.png")[0] == 404
