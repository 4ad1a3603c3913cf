import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    # Browser tests use a live server, whose transactional teardown empties the database;
    # run them after every test that relies on the session's site group.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix(request):
    """pytest-django's, for gongkai's own SQLite backend: it recognises SQLite only by
    Django's engine name and would give ours a server-style test database name
    (``test_<path>_gw0``). SQLite's test database lives in each worker's memory already;
    PostgreSQL's gets the worker's suffix as usual."""
    from django.conf import settings

    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if not worker:
        return
    for db in settings.DATABASES.values():
        test_name = db.get("TEST", {}).get("NAME")
        if not test_name and "sqlite" in db["ENGINE"]:
            continue
        test_name = test_name or f"test_{db['NAME']}"
        if test_name != ":memory:":
            db.setdefault("TEST", {})["NAME"] = f"{test_name}_{worker}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from gongkai.catalog.search.batched import batched
    from tests.sitegroup import build_site_group

    # Wagtail's database search backend refreshes its title norms over the whole index on
    # every page save (quadratic on PostgreSQL); the site group is indexed once at the end.
    with django_db_blocker.unblock(), batched():
        build_site_group()
    with django_db_blocker.unblock():
        forget_publishing_queue()


def forget_publishing_queue():
    """Building the site group queued static publishing's rewrites (gongkai.publishing);
    tests start with an empty queue, so that a test running the worker's jobs runs its own,
    and with the templates noted as published, so that a worker starting in a test does
    not queue a full rebuild."""
    from gongkai.jobs.models import Job
    from gongkai.publishing import fingerprint
    from gongkai.publishing.models import PendingFile
    from gongkai.publishing.queue import JOB

    Job.objects.filter(name=JOB).delete()
    PendingFile.objects.all().delete()
    fingerprint.record(fingerprint.compute())


@pytest.fixture
def persona(db):
    """Log a named persona in: ``persona(client, "clerk_a")`` returns the user."""

    from django.contrib.auth import get_user_model

    def login(client, username):
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        return user

    return login


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: what the public pages cache
    (catalog/public_cache.py) was built from data that the previous test rolled back."""
    from django.core.cache import cache

    cache.clear()


# The jobs a request waits for (the privacy gate's scans, the report checks) run at once in
# tests, as the gate ran before it moved to the worker; tests of the waiting itself set
# ``settings.GONGKAI_JOBS_EAGER_JOBS = ()``. The rest of the queue stays queued.
SCAN_JOBS = (
    "catalog.privacy_scan",
    "catalog.privacy_file_scan",
    "supervision.report_check",
    "reports.prepublication_check",
)


@pytest.fixture(autouse=True)
def _scans_run_at_once(settings):
    settings.GONGKAI_JOBS_EAGER_JOBS = SCAN_JOBS
