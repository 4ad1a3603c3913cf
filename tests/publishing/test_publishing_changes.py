"""What rewrites published files besides a page's own change: a new release's templates, an
agency's footer, a column's title, entries of other sites (信息报送, 栏目映射) in feeds and
``/statutory/``; and the documents every host of the site group publishes (sitemap,
robots.txt, the API's)."""

import json
import re
from datetime import date
from io import StringIO
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from wagtail.models import Site

from gongkai.agencies.models import Agency
from gongkai.catalog.addresses import page_path
from gongkai.catalog.models import AgencyHomePage
from gongkai.jobs.models import Job, JobState
from gongkai.jobs.queue import run_pending
from gongkai.jobs.worker import Worker
from gongkai.publishing import build, fingerprint, queue
from gongkai.publishing.models import PendingFile, PublishState
from gongkai.publishing.targets import affected_targets, all_targets, group_targets
from tests.contributions.conftest import user
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db

HOST = "nyj.example.gov.cn"


@pytest.fixture
def root(tmp_path):
    path = tmp_path / "publish"
    with override_settings(GONGKAI_PUBLISH_ROOT=path):
        yield path


@pytest.fixture
def extra_templates(tmp_path):
    """A template folder of the project's, first in DIRS, that a test may edit."""
    from django.conf import settings

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "release_note.html").write_text("版本一")
    engine = {**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}
    with override_settings(TEMPLATES=[engine]):
        yield folder


def few_targets():
    return [("", "/"), ("", "/agency-a/")]


def start_worker():
    """A worker starting and stopping before its first round (its start-up only)."""
    worker = Worker(poll_seconds=0.01)
    worker.stopping.set()
    worker.serve()


def rebuild_jobs():
    return Job.objects.filter(name=fingerprint.REBUILD_JOB)


# --- templates -------------------------------------------------------------------------


def test_the_fingerprint_follows_the_templates_content(extra_templates):
    first = fingerprint.compute()
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert fingerprint.compute() == first  # nothing changed, same fingerprint
    (extra_templates / "release_note.html").write_text("版本二")
    second = fingerprint.compute()
    assert second != first
    (extra_templates / "release_note.html").write_text("版本一")
    assert fingerprint.compute() == first
    (extra_templates / "new.html").write_text("")  # a template added
    assert fingerprint.compute() not in (first, second)


def test_the_fingerprint_follows_the_static_manifest(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path):
        without = fingerprint.compute()
        (tmp_path / "staticfiles.json").write_text('{"paths": {"site.css": "site.1.css"}}')
        first = fingerprint.compute()
        (tmp_path / "staticfiles.json").write_text('{"paths": {"site.css": "site.2.css"}}')
        assert len({without, first, fingerprint.compute()}) == 3


def test_a_worker_starting_after_a_template_change_queues_one_full_rebuild(
    root, extra_templates, monkeypatch
):
    monkeypatch.setattr(build, "all_targets", few_targets)
    fingerprint.record(fingerprint.compute())
    start_worker()
    assert not rebuild_jobs().exists()  # same templates: nothing to do

    (extra_templates / "release_note.html").write_text("版本二")
    start_worker()
    start_worker()  # a second worker (or a restart) does not queue a second rebuild
    assert rebuild_jobs().filter(state=JobState.QUEUED).count() == 1
    ran = [job for job in run_pending() if job.name == fingerprint.REBUILD_JOB]
    assert [job.state for job in ran] == [JobState.DONE]
    assert (root / "index.html").exists() and (root / "agency-a/index.html").exists()
    state = PublishState.objects.get(key=fingerprint.STATE_KEY)
    assert state.fingerprint == fingerprint.compute() and state.rebuilt_at is not None

    start_worker()  # rebuilt with these templates: no further rebuild
    assert not rebuild_jobs().filter(state=JobState.QUEUED).exists()


def test_a_failed_rebuild_leaves_the_fingerprint_so_the_next_start_tries_again(
    root, extra_templates, monkeypatch
):
    old = fingerprint.stored()
    (extra_templates / "release_note.html").write_text("版本二")

    def failing(host, address):
        raise RuntimeError("template error")

    monkeypatch.setattr(build, "all_targets", few_targets)
    monkeypatch.setattr(build, "render", failing)
    with pytest.raises(build.RebuildFailed):
        build.rebuild_all()
    assert fingerprint.stored() == old and fingerprint.changed()


def test_publish_static_rebuilds_everything_when_the_templates_changed(
    root, extra_templates, monkeypatch
):
    monkeypatch.setattr(build, "all_targets", few_targets)
    fingerprint.record(fingerprint.compute())
    queue.request([("", "/agency-b/")])
    out = StringIO()
    call_command("publish-static", stdout=out)
    assert "rebuilding all" not in out.getvalue()
    assert (root / "agency-b/index.html").exists() and not (root / "index.html").exists()

    (extra_templates / "release_note.html").write_text("版本二")
    out = StringIO()
    call_command("publish-static", stdout=out)
    assert "templates changed since the last full rebuild: rebuilding all" in out.getvalue()
    assert (root / "index.html").exists() and (root / "agency-a/index.html").exists()
    assert not fingerprint.changed()


def test_the_back_office_shows_the_last_full_rebuild(root, client, persona, monkeypatch):
    monkeypatch.setattr(build, "all_targets", few_targets)
    build.rebuild_all()
    persona(client, "group_supervisor")
    html = client.get("/admin/publishing/").content.decode()
    assert "最近一次全部重建：" in html


# --- an agency's footer, a column ------------------------------------------------------


def queued_addresses():
    queue.expand("test")
    return set(PendingFile.objects.values_list("host", "address"))


def test_an_agencys_footer_rewrites_every_page_of_its_site(
    root, django_capture_on_commit_callbacks
):
    item = publish_item("agency-a", "notices", "页脚变更前的通知", generated_on=date(2020, 5, 1))
    agency = Agency.objects.get(slug="agency-a")
    with django_capture_on_commit_callbacks(execute=True):
        agency.phone = "0791-88886666"
        agency.save()
    queued = queued_addresses()
    # The item, its column, another column of the agency, its home: all show the footer.
    for address in (item.url, column("agency-a", "notices").url, "/agency-a/"):
        assert ("", address) in queued, address
    assert ("", column("agency-a", "work-news").url) in queued
    assert not any(address.startswith("/agency-b/") for _host, address in queued)
    outcome = queue.Outcome()
    queue.publish_one("", item.url, outcome)  # one of them, as the job renders each
    page = root / unquote(item.url).strip("/") / "index.html"
    assert "0791-88886666" in page.read_text()


def test_a_column_renamed_rewrites_the_pages_of_its_agency(
    root, django_capture_on_commit_callbacks
):
    item = publish_item("agency-a", "work-news", "栏目改名前的动态", generated_on=date(2020, 5, 1))
    notices = column("agency-a", "notices")
    with django_capture_on_commit_callbacks(execute=True):
        notices.title = "通知公告（新）"
        notices.save_revision().publish()
    queued = queued_addresses()
    assert ("", item.url) in queued and ("", "/agency-a/") in queued
    assert ("", notices.url) in queued and ("", f"{notices.url}feed/") in queued


# --- entries of other sites in feeds and /statutory/ ----------------------------------


@pytest.fixture
def mapped():
    """Agency A's 通知公告 mapped into agency B's 工作动态."""
    from gongkai.contributions.mapping import do_map_column

    return do_map_column(
        column("agency-a", "notices"),
        column("agency-b", "work-news"),
        acting_user=user("group_supervisor"),
    )


def statutory_row(html, label):
    match = re.search(rf">{label}</a></td>\s*((?:<td>\d+</td>)+)</tr>", html)
    assert match, label
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", match.group(1))]


def test_feeds_list_the_mapped_entries_like_the_listings(mapped):
    item = publish_item(
        "agency-a", "notices", "映射到乙市的通知", generated_on=date(2021, 1, 4), category="budget"
    )
    client = Client()
    for address in (
        f"{mapped.target.url}feed/",
        "/agency-b/feed/",
        f"{mapped.source.url}feed/",
    ):
        feed = client.get(address).content.decode()
        assert "映射到乙市的通知" in feed, address
        assert f"{item.index_number}</id>" in feed  # one item, one guid on every feed
    # Another column of agency B does not list it.
    assert "映射到乙市的通知" not in client.get(f"{column('agency-b', 'notices').url}feed/")


def test_feeds_list_the_adopted_reference_entries():
    from gongkai.catalog.models import InfoItem
    from gongkai.contributions.actions import do_adopt, do_submit
    from gongkai.contributions.mapping import do_set_intake

    target = column("agency-b", "notices")
    do_set_intake(target, True, acting_user=user("group_supervisor"))
    # Agency A's item of 运输管理股, the department of clerk_a.
    item = InfoItem.objects.get(title="甲市交通运输局召开2020年安全生产工作会议")
    contribution = do_submit(item, target, acting_user=user("clerk_a"))
    feed = Client().get(f"{target.url}feed/").content.decode()
    assert item.title not in feed  # submitted, not yet adopted
    do_adopt(contribution, acting_user=user("clerk_b"))
    for address in (f"{target.url}feed/", "/agency-b/feed/"):
        feed = Client().get(address).content.decode()
        assert item.title in feed and "<name>甲市交通运输局</name>" in feed, address


def test_statutory_counts_what_each_agencys_site_lists(mapped):
    publish_item(
        "agency-a", "notices", "映射的预算公开", generated_on=date(2021, 1, 4), category="budget"
    )
    publish_item(
        "agency-a", "budget", "未映射的预算公开", generated_on=date(2021, 1, 4), category="budget"
    )
    html = Client().get("/statutory/").content.decode()
    # Columns: 甲市交通运输局, 乙市农业农村局 (which lists the mapped one), 合计 (each once).
    assert statutory_row(html, "财政预决算") == [2, 1, 2]
    category = Client().get("/statutory/budget/").content.decode()
    assert category.count(">映射的预算公开<") == 1 and ">未映射的预算公开<" in category


def test_a_mapped_entry_published_rewrites_the_target_feed_and_statutory(
    root, mapped, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = publish_item(
            "agency-a",
            "notices",
            "静态映射的通知",
            generated_on=date(2021, 1, 4),
            category="budget",
        )
    queued = queued_addresses()
    target_feed = f"{mapped.target.url}feed/"
    for address in (target_feed, "/agency-b/feed/", "/agency-b/", "/statutory/"):
        assert ("", address) in queued, address
    assert not queue.work_off().failed
    assert "静态映射的通知" in (root / target_feed.strip("/") / "index.atom").read_text()
    assert "静态映射的通知" in (root / "agency-b/feed/index.atom").read_text()
    assert statutory_row((root / "statutory/index.html").read_text(), "财政预决算")[1] == 1

    # Unmapping takes it out of agency B's static files again.
    from gongkai.contributions.mapping import do_unmap_column

    with django_capture_on_commit_callbacks(execute=True):
        do_unmap_column(mapped, acting_user=user("group_supervisor"))
    assert not queue.work_off().failed
    assert "静态映射的通知" not in (root / target_feed.strip("/") / "index.atom").read_text()
    assert statutory_row((root / "statutory/index.html").read_text(), "财政预决算")[1] == 0
    assert item.url in (root / "sitemap.xml").read_text()


# --- every host of the site group ------------------------------------------------------


@pytest.fixture
def own_host():
    """Agency B served on its own host name."""
    agency = Agency.objects.get(slug="agency-b")
    Agency.objects.filter(pk=agency.pk).update(hostname=HOST)
    Site.objects.create(hostname=HOST, port=80, root_page=agency.home_page)
    Site.clear_site_root_paths_cache()
    yield AgencyHomePage.objects.get(agency=agency)
    Site.clear_site_root_paths_cache()


def test_every_host_gets_its_sitemap_robots_and_api_documents(own_host):
    targets = set(group_targets())
    for host in ("", HOST):
        for address in ("/sitemap.xml", "/robots.txt", "/api/v1/", "/api/v1/agencies/"):
            assert (host, address) in targets
        assert (host, "/api/v1/items/") in targets
    assert {host for host, _a in all_targets()} == {"", HOST}


def test_each_hosts_documents_carry_that_hosts_addresses(root, own_host):
    from gongkai.catalog.models import InfoItem

    item_b = InfoItem.objects.live().filter(agency__slug="agency-b").first()
    item_a = InfoItem.objects.live().filter(agency__slug="agency-a").first()
    hosts_targets = [t for t in group_targets() if t[1] != "/api/v1/items/"]
    queue.request([*hosts_targets, ("", "/api/v1/items/"), (HOST, "/api/v1/items/")])
    assert not queue.work_off().failed

    robots = (root / HOST / "robots.txt").read_text()
    assert f"Sitemap: http://{HOST}/sitemap.xml" in robots
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in (root / "robots.txt").read_text()

    own = (root / HOST / "sitemap.xml").read_text()
    default = (root / "sitemap.xml").read_text()
    locations = re.findall(r"<loc>([^<]+)</loc>", own)
    assert locations and all(loc.startswith(f"http://{HOST}/") for loc in locations)
    assert f"http://{HOST}{page_path(item_b)}" in own  # its pages, at its own address
    assert f"http://{HOST}/" in locations
    default_locations = re.findall(r"<loc>([^<]+)</loc>", default)
    assert all(loc.startswith("http://127.0.0.1:8000/") for loc in default_locations)
    assert f"http://127.0.0.1:8000{page_path(item_a)}" in default_locations
    assert not any(HOST in loc for loc in default_locations)

    index = json.loads((root / HOST / "api/v1/index.json").read_text())
    assert index["endpoints"]["items"] == f"http://{HOST}/api/v1/items/"
    default_index = json.loads((root / "api/v1/index.json").read_text())
    assert default_index["endpoints"]["items"] == "http://127.0.0.1:8000/api/v1/items/"
    agencies = json.loads((root / HOST / "api/v1/agencies/index.json").read_text())
    by_slug = {a["slug"]: a for a in agencies["results"]}
    assert by_slug["agency-a"]["items"] == f"http://{HOST}/api/v1/items/?agency=agency-a"
    assert by_slug["agency-b"]["url"] == f"http://{HOST}/"
    listing = json.loads((root / HOST / "api/v1/items/index.json").read_text())
    assert {r["index_number"] for r in listing["results"]} >= {item_a.index_number}


def test_an_item_of_an_own_host_agency_rewrites_both_hosts_documents(root, own_host):
    item = publish_item("agency-b", "notices", "乙市自有域名的通知", generated_on=date(2020, 5, 1))
    targets = set(affected_targets(item))
    api = f"/api/v1/items/{item.index_number}/"
    assert ("", api) in targets and (HOST, api) in targets
    for host in ("", HOST):
        assert (host, "/sitemap.xml") in targets and (host, "/api/v1/items/") in targets
    path = page_path(item)
    assert (HOST, path) in targets and ("", path) not in targets
    queue.request(targets)
    assert not queue.work_off().failed
    assert f"http://{HOST}{path}" in (root / HOST / "sitemap.xml").read_text()
    assert (root / HOST / api.strip("/") / "index.json").exists()
    assert (root / api.strip("/") / "index.json").exists()


# --- the order and the reads of a rewrite ----------------------------------------------


def test_first_listing_pages_are_queued_before_further_pages(root):
    queue.request(
        [("", "/agency-a/catalog/?page=2"), ("", "/agency-a/catalog/"), ("", "/agency-a/")]
    )
    order = list(PendingFile.objects.order_by("pk").values_list("address", flat=True))
    assert order == ["/agency-a/catalog/", "/agency-a/", "/agency-a/catalog/?page=2"]


def test_a_rewrite_reads_what_another_process_changed(root):
    """Without a shared cache (the tests' and ``make run``'s per-process memory), the worker
    never hears of a change made in the web process; its rewrite must not render what it
    kept from before."""
    from gongkai.catalog.models import PortalHomePage

    queue.request([("", "/")])
    assert not queue.work_off().failed
    assert "测试网站群" in (root / "index.html").read_text()  # now kept in this process
    # Another process renames the group (the test group has no SiteGroup record: its name is
    # the portal's title); its cache bump reaches only its own memory.
    PortalHomePage.objects.update(title="改名后的网站群")
    queue.request([("", "/")])
    outcome = queue.work_off()
    assert outcome.written == ["index.html"]
    # The masthead's name is read through the public cache (catalog/site_group.py).
    assert '<p class="group-name">改名后的网站群</p>' in (root / "index.html").read_text()
    queue.request([("", "/")])
    assert queue.work_off().unchanged == ["index.html"]
