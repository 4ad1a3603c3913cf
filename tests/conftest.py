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
def django_db_setup(django_db_setup, django_db_blocker):
    from gongkai.catalog.search.batched import batched
    from tests.sitegroup import build_site_group

    # Wagtail's database search backend refreshes its title norms over the whole index on
    # every page save (quadratic on PostgreSQL); the site group is indexed once at the end.
    with django_db_blocker.unblock(), batched():
        build_site_group()


@pytest.fixture
def persona(db):
    """Log a named persona in: ``persona(client, "clerk_a")`` returns the user."""

    from django.contrib.auth import get_user_model

    def login(client, username):
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        return user

    return login
