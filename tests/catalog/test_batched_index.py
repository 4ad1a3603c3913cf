"""Wagtail's search index, updated once per batch inside ``batched()``."""

from datetime import date

import pytest
from wagtail.models import Page

from gongkai.catalog.search.batched import batched
from tests.sitegroup import publish_item

pytestmark = pytest.mark.django_db


def found(title):
    return [page.title for page in Page.objects.live().search(title)]


def test_saves_inside_a_batch_are_indexed_once_at_its_end():
    with batched():
        item = publish_item(
            "agency-a", "work-news", "Zyxwvut batched notice", generated_on=date(2026, 3, 2)
        )
        item.title = "Zyxwvut batched notice revised"
        item.save()
        assert found("Zyxwvut") == []  # noted, not yet indexed
    assert found("Zyxwvut") == ["Zyxwvut batched notice revised"]
    # Outside a batch every save indexes at once again.
    publish_item(
        "agency-a", "work-news", "Qwertyuiop unbatched notice", generated_on=date(2026, 3, 2)
    )
    assert found("Qwertyuiop") == ["Qwertyuiop unbatched notice"]


def test_a_failed_batch_indexes_nothing():
    with pytest.raises(RuntimeError), batched():
        publish_item(
            "agency-a", "work-news", "Plokijuh failed batch", generated_on=date(2026, 3, 2)
        )
        raise RuntimeError("import refused")
    assert found("Plokijuh") == []
