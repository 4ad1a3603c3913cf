import pytest


@pytest.fixture(autouse=True)
def index_once_per_test(db):
    """Agencies' tests create whole sites (a column tree of some 25 pages per agency, the
    demo's hundreds of items); Wagtail's own search index is written once at the end of
    each test instead of once per page save, which on PostgreSQL refreshes the title norms
    of the whole index every time. The project's Chinese index, which the back office's
    searches read, is written as before. (It asks for ``db`` so that the index is written
    inside the test's transaction, before it rolls back.)"""
    from gongkai.catalog.search.batched import batched

    with batched():
        yield


@pytest.fixture
def migrated_only(db):
    """The database as ``migrate`` leaves it: the session's site group is removed inside the
    test's transaction (and comes back when it rolls back)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, Page, Site, Task, Workflow

    from gongkai.agencies.models import Agency, Department, SiteGroup, StaffProfile

    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    Site.objects.all().delete()
    welcome = root.add_child(title="Welcome to your new Wagtail site!", slug="home")
    Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)
    Workflow.objects.all().delete()
    Task.objects.all().delete()
    for collection in Collection.get_first_root_node().get_children():
        collection.delete()
    StaffProfile.objects.all().delete()
    get_user_model().objects.all().delete()
    Group.objects.all().delete()
    SiteGroup.objects.all().delete()
    Department.objects.all().delete()
    Agency.objects.all().delete()
