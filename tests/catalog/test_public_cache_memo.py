"""Within one GET request the public cache is read once per entry (each read from Redis is
a round trip), a change inside the request forgets what it kept, and nothing is kept across
requests or outside one."""

import pytest
from django.test import RequestFactory
from wagtail.models import Site

from gongkai.catalog import public_cache
from gongkai.catalog.addresses import page_full_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_reads(monkeypatch):
    """The keys read from the cache, in order."""
    reads = []
    real_get = public_cache.cache.get

    def get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(public_cache.cache, "get", get)
    return reads


def in_request(view, method="GET"):
    request = getattr(RequestFactory(), method.lower())("/")
    return public_cache.CachedSiteMiddleware(view)(request)


def test_a_get_request_reads_each_entry_once(counted_reads):
    built = []

    def build():
        built.append(1)
        return "值"

    def view(request):
        counted_reads.clear()  # the middleware's own site lookup aside
        return [public_cache.cached("entry", build) for _ in range(5)]

    assert in_request(view) == ["值"] * 5
    assert len(built) == 1
    # The generation once, the entry once.
    assert len(counted_reads) == 2 and counted_reads[0] == public_cache.GENERATION_KEY


def test_a_change_inside_the_request_forgets_what_it_kept():
    values = iter(["旧", "新"])

    def view(request):
        first = public_cache.cached("entry", lambda: next(values))
        public_cache.bump()
        return first, public_cache.cached("entry", lambda: next(values))

    assert in_request(view) == ("旧", "新")


def test_outside_a_get_request_the_generation_is_read_each_time(counted_reads):
    public_cache.cached("entry", lambda: 1)
    counted_reads.clear()
    public_cache.cached("entry", lambda: 1)
    public_cache.cached("entry", lambda: 1)
    # Each time the generation (another process may have changed something); the entry of
    # this generation from this process's memory.
    assert counted_reads == [public_cache.GENERATION_KEY] * 2

    def view(request):
        counted_reads.clear()
        public_cache.cached("entry", lambda: 1)
        public_cache.cached("entry", lambda: 1)
        return len(counted_reads)

    assert in_request(view, "POST") == 2
    assert public_cache.url_memo() is None and public_cache._request_memo.get() is None


def test_a_change_in_another_process_is_seen_by_this_ones_memory():
    values = iter(["旧", "新"])
    assert public_cache.cached("entry", lambda: next(values)) == "旧"
    assert public_cache.cached("entry", lambda: next(values)) == "旧"
    # Another process's bump: the shared generation moves, this process never ran bump().
    public_cache.cache.incr(public_cache.GENERATION_KEY)
    assert public_cache.cached("entry", lambda: next(values)) == "新"


def test_addresses_in_a_request_stay_those_of_the_host_serving_the_page():
    """The URL memo is not the request: a page that two sites serve keeps the address of
    the one that serves it (its agency's own host), whatever host asked."""
    from gongkai.agencies.models import Agency

    agency = Agency.objects.get(slug="agency-b")
    Agency.objects.filter(pk=agency.pk).update(hostname="nyj.example.gov.cn")
    Site.objects.create(hostname="nyj.example.gov.cn", port=80, root_page=agency.home_page)
    Site.clear_site_root_paths_cache()
    try:
        home = agency.home_page
        outside = page_full_url(home)
        assert outside == "http://nyj.example.gov.cn/"
        assert in_request(lambda request: page_full_url(home)) == outside
    finally:
        Site.clear_site_root_paths_cache()
