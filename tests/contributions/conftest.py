from datetime import date

import pytest
from django.contrib.auth import get_user_model

from gongkai.catalog.changes import public_pages_changed
from gongkai.catalog.models import InfoItem
from gongkai.contributions.mapping import do_set_intake
from tests.sitegroup import column


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def item_a(db):
    """Agency A's published item (运输管理股's 工作动态)."""
    return InfoItem.objects.get(title="甲市交通运输局召开2020年安全生产工作会议")


@pytest.fixture
def target_b(db):
    """Agency B's 工作动态 column, opened to submissions by the site group's admin."""
    target = column("agency-b", "work-news")
    do_set_intake(target, True, acting_user=user("group_supervisor"))
    return target


@pytest.fixture
def changed_pages(django_capture_on_commit_callbacks):
    """The pages announced by ``public_pages_changed`` while the test's block commits:
    ``with changed_pages() as seen: ...`` then ``seen`` lists them."""
    from contextlib import contextmanager

    @contextmanager
    def capture():
        seen = []

        def receiver(sender, pages, **kwargs):
            seen.extend(pages)

        public_pages_changed.connect(receiver)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                yield seen
        finally:
            public_pages_changed.disconnect(receiver)

    return capture


GENERATED = date(2020, 3, 2)
