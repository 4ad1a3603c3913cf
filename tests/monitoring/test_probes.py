"""Probes against a local server only: a good answer, a 500, one slower than the timeout,
an agency's own host name, concurrency within a run, the command and the periodic job."""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.agencies.models import Agency
from gongkai.jobs import registry
from gongkai.monitoring.fetching import get
from gongkai.monitoring.models import Probe
from gongkai.monitoring.probes import agencies_to_probe, home_url, probe_agencies
from tests.monitoring.server import local_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(settings):
    with local_server() as (base, routes):
        settings.GONGKAI_BASE_URL = base
        settings.GONGKAI_PROBE_TIMEOUT_SECONDS = 10
        yield base, routes


def test_home_url_is_the_group_address_or_the_agency_host(settings):
    settings.GONGKAI_BASE_URL = "https://www.example.gov.cn"
    agency = Agency.objects.get(slug="agency-a")
    assert home_url(agency) == "https://www.example.gov.cn/agency-a/"
    agency.hostname = "jtj.example.gov.cn"
    assert home_url(agency) == "https://jtj.example.gov.cn/"


def test_a_probe_stores_success_a_500_and_a_timeout(server):
    base, routes = server
    routes.add("/agency-a/", body=b"x" * 200_000)
    routes.add("/agency-b/", status=500)
    a, b = Agency.objects.get(slug="agency-a"), Agency.objects.get(slug="agency-b")
    good, bad = probe_agencies([a, b])
    assert (good.ok, good.status_code, good.error, good.url) == (True, 200, "", f"{base}/agency-a/")
    assert (bad.ok, bad.status_code, bad.error) == (False, 500, "HTTP 500")
    assert good.started_at is not None and good.duration_ms >= 0
    routes.add("/agency-a/", sleep=1.5)
    (slow,) = probe_agencies([a], timeout=0.3)
    assert slow.ok is False and slow.status_code is None
    assert "timeout" in slow.error
    assert Probe.objects.filter(agency=a).count() == 2


def test_a_redirect_is_a_complete_answer_and_is_not_followed(server):
    base, routes = server
    routes.add("/r/", status=302, body=b"")
    answer = get(f"{base}/r/", timeout=2)
    assert (answer.ok, answer.status) == (True, 302)
    assert routes.hits["/r/"] == 1


def test_a_refused_connection_fails_with_its_reason():
    answer = get("http://127.0.0.1:9/", timeout=2)  # discard port: nothing listens
    assert answer.ok is False and answer.status is None and answer.error


def test_the_agency_own_host_is_probed_at_its_root(server):
    base, routes = server
    routes.add("/")
    agency = Agency.objects.get(slug="agency-a")
    agency.hostname = base.removeprefix("http://").replace("127.0.0.1", "localhost")
    (probe,) = probe_agencies([agency])
    assert probe.ok and probe.url == f"http://{agency.hostname}/"
    assert routes.max_active[agency.hostname] == 1


def test_the_probes_of_a_run_go_out_together(server):
    _, routes = server
    # Each answer waits until the other request arrived: sequential probes would break the
    # barrier (599, a failed probe), concurrent ones both succeed.
    barrier = threading.Barrier(2, timeout=5)
    routes.add("/agency-a/", barrier=barrier)
    routes.add("/agency-b/", barrier=barrier)
    agencies = list(Agency.objects.filter(slug__in=["agency-a", "agency-b"]))
    probes = probe_agencies(agencies, concurrency=2)
    assert [p.ok for p in probes] == [True, True]


def test_probes_one_at_a_time_do_not_meet(server):
    _, routes = server
    barrier = threading.Barrier(2, timeout=0.5)
    routes.add("/agency-a/", barrier=barrier)
    routes.add("/agency-b/", barrier=barrier)
    agencies = list(Agency.objects.filter(slug__in=["agency-a", "agency-b"]))
    probes = probe_agencies(agencies, concurrency=1)
    assert [p.status_code for p in probes] == [599, 599]


def test_the_command_probes_every_agency_not_retired_or_the_ones_named(server):
    _, routes = server
    routes.add("/agency-a/")
    out = StringIO()
    call_command("probe", "--agency", "agency-a", stdout=out)
    assert "agency-a" in out.getvalue() and "正常" in out.getvalue()
    assert Probe.objects.filter(agency__slug="agency-a", ok=True).count() == 1
    Agency.objects.filter(slug="agency-b").update(retired_on="2026-01-01")
    every = agencies_to_probe()
    assert "agency-b" not in {a.slug for a in every} and "agency-a" in {a.slug for a in every}
    with pytest.raises(CommandError, match="agency-b"):
        call_command("probe", "--agency", "agency-b", stdout=StringIO())
    with pytest.raises(CommandError, match="nope"):
        call_command("probe", "--agency", "nope", stdout=StringIO())


def test_the_worker_probes_every_thirty_minutes_and_checks_links_daily():
    periodic = {p.job: p for p in registry.periodic_jobs()}
    assert periodic["monitoring.probe"].every.total_seconds() == 30 * 60
    assert periodic["monitoring.check_links"].daily_at is not None
    assert registry.get("monitoring.probe").func.__module__ == "gongkai.monitoring.jobs"
