"""Static publishing against the database: full rebuilds, the rewrite queue, restrictions.

Every test publishes into its own temporary root (GONGKAI_PUBLISH_ROOT).
"""

from datetime import date
from urllib.parse import unquote

import pytest
from django.test import override_settings
from wagtail.models import PageViewRestriction

from gongkai.jobs.models import Job, JobState
from gongkai.publishing import build, queue
from gongkai.publishing.models import PendingFile, PendingState
from gongkai.publishing.render import PerVisitorContent, render
from gongkai.publishing.targets import affected_targets
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db

ITEM_TITLE = "甲市交通运输局召开2020年安全生产工作会议"


@pytest.fixture
def root(tmp_path):
    path = tmp_path / "publish"
    with override_settings(GONGKAI_PUBLISH_ROOT=path):
        yield path


def item_file(root, item):
    return root / unquote(item.url).strip("/") / "index.html"


def publish_now(page):
    """Write ``page``'s files and those listing it, as the job does after a change."""
    queue.request(affected_targets(page.specific))
    outcome = queue.work_off()
    assert not outcome.failed


@pytest.fixture(scope="module")
def site_tree(tmp_path_factory, django_db_setup, django_db_blocker):
    """The session's site group rebuilt once for the tests that only read the files."""
    path = tmp_path_factory.mktemp("site") / "publish"
    with django_db_blocker.unblock(), override_settings(GONGKAI_PUBLISH_ROOT=path):
        build.rebuild_all()
    return path


def test_full_rebuild_writes_every_public_address(site_tree):
    root = site_tree
    assert "测试网站群" in (root / "index.html").read_text()
    assert ITEM_TITLE in (root / "agency-a/index.html").read_text()
    assert ITEM_TITLE in (root / "agency-a/news/work-news/index.html").read_text()
    assert (root / "agency-a/feed/index.atom").read_text().startswith("<?xml")
    assert (root / "agency-a/catalog/index.html").exists()
    assert (root / "statutory/index.html").exists()
    assert (root / "sitemap.xml").read_text().count("<url>") > 10
    assert "Sitemap:" in (root / "robots.txt").read_text()
    assert '"endpoints"' in (root / "api/v1/index.json").read_text()
    assert ITEM_TITLE in (root / "api/v1/items/index.json").read_text()
    assert (root / "agency-a/disclosure/guide/index.html").exists()
    # Filters, search and forms are the app's: no file.
    assert not (root / "search").exists() and not (root / "applications").exists()
    assert not list(root.rglob(".tmp-*"))


def test_files_are_the_chinese_rendering_without_any_csrf_token(site_tree):
    pages = list(site_tree.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text()
        assert "csrfmiddlewaretoken" not in html, page
        assert '<html lang="zh-hans">' in html, page
    home = (site_tree / "agency-a/index.html").read_text()
    # The language switch is a link to the English version the app serves.
    assert 'href="/en/agency-a/"' in home and "setlang" not in home


def test_a_form_page_is_refused_rather_than_published(root):
    with pytest.raises(PerVisitorContent):
        render("", "/applications/agency-a/new/")


def test_the_english_version_is_served_under_en(client):
    response = client.get("/en/agency-a/")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in html
    assert 'href="/en/agency-a/news/"' in html  # links stay English
    assert 'hreflang="zh-hans" href="/agency-a/"' in html  # back to the Chinese page
    assert 'href="/static/' in html or 'src="/static/' in html
    assert "/en/" not in client.get("/agency-a/").content.decode()


def some_targets():
    return [("", "/"), ("", "/agency-a/"), ("", "/agency-a/feed/"), ("", "/sitemap.xml")]


def test_a_full_rebuild_writes_what_it_rendered_and_removes_stale_files(root, monkeypatch):
    stale = root / "agency-a/news/gone/index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old page")
    (root / "agency-a/index.html").write_text("old home")
    monkeypatch.setattr(build, "all_targets", some_targets)
    result = build.rebuild_all()
    assert not stale.exists() and not (root / "agency-a/news").exists()
    assert ITEM_TITLE in (root / "agency-a/index.html").read_text()
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == [
        "agency-a/feed/index.atom",
        "agency-a/index.html",
        "index.html",
        "sitemap.xml",
    ]
    assert (result.written, result.removed) == (4, 1)


def test_a_failed_rebuild_leaves_the_previous_site(root, monkeypatch):
    monkeypatch.setattr(build, "all_targets", some_targets)
    build.rebuild_all()
    stale = root / "agency-a/stale/index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("kept until a rebuild succeeds")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    real_render = build.render

    def failing(host, address):
        if address == "/sitemap.xml":  # the last: everything else has rendered
            raise RuntimeError("template error")
        return real_render(host, address)

    monkeypatch.setattr(build, "render", failing)
    publish_item("agency-a", "notices", "重建失败前发布的通知", generated_on=date(2020, 5, 1))
    with pytest.raises(build.RebuildFailed):
        build.rebuild_all()
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    assert not list(root.parent.glob(".publish.building-*"))  # the staging tree is gone


def test_rebuilding_one_agency_touches_its_folder_only(root, monkeypatch):
    (root / "agency-a/stale").mkdir(parents=True)
    (root / "agency-a/stale/index.html").write_text("x")
    (root / "agency-b").mkdir()
    (root / "agency-b/index.html").write_text("y")
    monkeypatch.setattr(build, "agency_targets", lambda home: [("", "/agency-a/"), ("", "/")])
    result = build.rebuild_agency("agency-a")
    assert not (root / "agency-a/stale").exists()
    assert (root / "agency-b/index.html").read_text() == "y"
    assert (root / "index.html").exists() and result.written == 2
    with pytest.raises(LookupError):
        build.rebuild_agency("no-such-agency")


def test_publishing_an_item_rewrites_it_and_every_page_listing_it(
    root, django_capture_on_commit_callbacks
):
    published = root
    with django_capture_on_commit_callbacks(execute=True):
        item = publish_item(
            "agency-a", "notices", "关于春运安全的通知", generated_on=date(2020, 5, 1)
        )
    assert PendingFile.objects.filter(address=f"page:{item.pk}").exists()
    assert Job.objects.filter(name=queue.JOB, state=JobState.QUEUED).count() == 1
    outcome = queue.work_off()
    assert not outcome.failed and not PendingFile.objects.exists()
    assert "关于春运安全的通知" in item_file(published, item).read_text()
    for listing in (
        "agency-a/news/notices/index.html",
        "agency-a/news/index.html",
        "agency-a/index.html",
        "agency-a/catalog/index.html",
        "index.html",
    ):
        assert "关于春运安全的通知" in (published / listing).read_text(), listing
    assert "关于春运安全的通知" in (published / "agency-a/news/notices/feed/index.atom").read_text()
    assert item.url in (published / "sitemap.xml").read_text()
    assert (published / f"api/v1/items/{item.index_number}/index.json").exists()


def test_unpublishing_removes_the_file_and_the_listings_drop_it(
    root, django_capture_on_commit_callbacks
):
    published = root
    item = publish_item("agency-a", "notices", "即将撤回的通知", generated_on=date(2020, 5, 1))
    publish_now(item)
    path = item_file(published, item)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        item.unpublish()
    queue.work_off()
    assert not path.exists()
    assert "即将撤回的通知" not in (published / "agency-a/news/notices/index.html").read_text()
    assert "即将撤回的通知" not in (published / "index.html").read_text()


def test_moving_an_item_moves_its_file(root, django_capture_on_commit_callbacks):
    published = root
    item = publish_item("agency-a", "notices", "将移动的通知", generated_on=date(2020, 5, 1))
    publish_now(item)
    old = item_file(published, item)
    assert old.exists()
    with django_capture_on_commit_callbacks(execute=True):
        item.move(column("agency-a", "work-news"), pos="last-child")
    queue.work_off()
    item.refresh_from_db()
    assert not old.exists()
    assert "将移动的通知" in item_file(published, item).read_text()
    assert "将移动的通知" not in (published / "agency-a/news/notices/index.html").read_text()
    assert "将移动的通知" in (published / "agency-a/news/work-news/index.html").read_text()


def test_a_view_restriction_deletes_the_file_and_lifting_it_restores_it(
    root, django_capture_on_commit_callbacks
):
    published = root
    item = publish_item("agency-a", "notices", "仅限内部的通知", generated_on=date(2020, 5, 1))
    publish_now(item)
    path = item_file(published, item)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=item, restriction_type=PageViewRestriction.PASSWORD, password="secret-42"
        )
    queue.work_off()
    assert not path.exists()
    # Nor does rendering it for a rebuild.
    assert render("", item.url).status == 403
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    queue.work_off()
    assert path.exists()


def test_the_queue_deduplicates(root):
    targets = [("", "/agency-a/"), ("", "/agency-a/?page=2"), ("", "/agency-a/")]
    queue.request(targets)
    queue.request(targets[:1])
    assert PendingFile.objects.count() == 2
    assert Job.objects.filter(name=queue.JOB, state=JobState.QUEUED).count() == 1
    # Addresses with no file (filters, deep pages) are not queued.
    queue.request([("", "/agency-a/catalog/?year=2020"), ("", "/agency-a/?page=11")])
    assert PendingFile.objects.count() == 2


def test_a_row_asked_again_while_rendering_stays_for_the_next_round(root, monkeypatch):
    queue.request([("", "/agency-a/")])
    real = queue.publish_one

    def asked_again_meanwhile(host, address, outcome):
        real(host, address, outcome)
        queue.request([(host, address)])

    monkeypatch.setattr(queue, "publish_one", asked_again_meanwhile)
    queue.work_off()
    row = PendingFile.objects.get()
    assert row.state == PendingState.PENDING and row.claimed_by == ""


def test_a_failing_address_is_kept_as_failed_and_shown_to_supervisors(
    root, monkeypatch, client, persona
):
    def broken(host, address):
        raise RuntimeError("模板错误")

    monkeypatch.setattr(queue, "render", broken)
    queue.request([("", "/agency-a/")])
    outcome = queue.work_off()
    assert outcome.failed == ["/agency-a/"]
    row = PendingFile.objects.get()
    assert row.state == PendingState.FAILED and row.attempts == 1
    assert row.last_error.startswith("builtins.RuntimeError") and "模板错误" not in row.last_error
    persona(client, "group_supervisor")
    html = client.get("/admin/publishing/").content.decode()
    assert "/agency-a/" in html and "builtins.RuntimeError" in html
    persona(client, "clerk_a")
    assert client.get("/admin/publishing/").status_code == 404


def test_an_agency_with_its_own_host_name_has_its_own_folder(root):
    from wagtail.models import Site

    from gongkai.agencies.models import Agency
    from gongkai.catalog.models import AgencyHomePage
    from gongkai.publishing.targets import page_targets

    agency = Agency.objects.get(slug="agency-b")
    Agency.objects.filter(pk=agency.pk).update(hostname="nyj.example.gov.cn")
    Site.objects.create(hostname="nyj.example.gov.cn", port=80, root_page=agency.home_page)
    home = AgencyHomePage.objects.get(agency=agency)
    assert ("nyj.example.gov.cn", "/") in page_targets(home)
    queue.request([("nyj.example.gov.cn", "/"), ("nyj.example.gov.cn", "/news/work-news/")])
    assert not queue.work_off().failed
    assert "乙市农业农村局部署春耕生产工作" in (root / "nyj.example.gov.cn/index.html").read_text()
    assert (root / "nyj.example.gov.cn/news/work-news/index.html").exists()
    assert not (root / "agency-b").exists()
