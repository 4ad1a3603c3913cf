"""栏目映射: a column of one agency listed in another site's column, computed at listing time
— published, edited, unpublished and moved at the source — and who may set it."""

from datetime import date

import pytest
from django.test import Client
from wagtail.models import PageLogEntry

from gongkai.casework import ActionError
from gongkai.catalog.models import AgencyHomePage
from gongkai.contributions.mapping import do_map_column, do_unmap_column
from gongkai.contributions.models import ColumnMapping
from tests.contributions.conftest import user
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapped(changed_pages):
    """Agency A's 通知公告 mapped into agency B's 工作动态 by the site group's admin."""
    source, target = column("agency-a", "notices"), column("agency-b", "work-news")
    with changed_pages() as seen:
        mapping = do_map_column(source, target, acting_user=user("group_supervisor"))
    assert target.pk in {p.pk for p in seen}
    return mapping


def listing(page) -> str:
    return Client().get(page.url).content.decode()


def test_what_is_published_at_the_source_appears_in_the_target(mapped, changed_pages):
    with changed_pages() as seen:
        item = publish_item(
            "agency-a", "notices", "甲市交通运输局关于春运的通知", generated_on=date(2026, 1, 5)
        )
    assert mapped.target_id in {p.pk for p in seen}
    html = listing(mapped.target)
    assert f'<a href="{item.url}">甲市交通运输局关于春运的通知</a>' in html
    assert f'<span class="index-number">{item.index_number}</span>' in html
    # one item, one 索引号, one URL: the page lives at the source only
    assert item.url.startswith(mapped.source.url)
    assert "甲市交通运输局关于春运的通知" in listing(
        AgencyHomePage.objects.get(agency__slug="agency-b")
    )


def test_an_edit_at_the_source_shows_in_the_target(mapped):
    item = publish_item("agency-a", "notices", "原标题的通知", generated_on=date(2026, 1, 5))
    item.title = "改过标题的通知"
    item.save_revision().publish()
    html = listing(mapped.target)
    assert "改过标题的通知" in html and "原标题的通知" not in html


def test_unpublished_at_the_source_it_disappears(mapped, changed_pages):
    item = publish_item("agency-a", "notices", "将撤下的通知", generated_on=date(2026, 1, 5))
    with changed_pages() as seen:
        item.unpublish()
    assert mapped.target_id in {p.pk for p in seen}
    assert "将撤下的通知" not in listing(mapped.target)


def test_moved_out_of_the_source_it_disappears(mapped, changed_pages):
    item = publish_item("agency-a", "notices", "将移走的通知", generated_on=date(2026, 1, 5))
    with changed_pages() as seen:
        item.move(column("agency-a", "licensing"), pos="last-child")
    assert mapped.target_id in {p.pk for p in seen}
    assert "将移走的通知" not in listing(mapped.target)


def test_deleted_at_the_source_it_disappears(mapped):
    item = publish_item("agency-a", "notices", "将删除的通知", generated_on=date(2026, 1, 5))
    item.delete()
    assert "将删除的通知" not in listing(mapped.target)


def test_unmapping_removes_the_entries_and_is_audited(mapped, changed_pages):
    publish_item("agency-a", "notices", "映射中的通知", generated_on=date(2026, 1, 5))
    with changed_pages() as seen:
        do_unmap_column(mapped, acting_user=user("group_supervisor"))
    assert mapped.target_id in {p.pk for p in seen}
    assert "映射中的通知" not in listing(mapped.target)
    actions = list(
        PageLogEntry.objects.filter(page_id=mapped.target_id)
        .filter(action__startswith="gongkai.contributions.")
        .values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "gongkai.contributions.map_column",
        "gongkai.contributions.unmap_column",
    ]


def test_who_may_map(db):
    source, target = column("agency-a", "notices"), column("agency-b", "work-news")
    for username in ("clerk_b", "reviewer_b", "admin_a"):
        with pytest.raises(ActionError) as refused:
            do_map_column(source, target, acting_user=user(username))
        assert refused.value.code == "permission", username
    with pytest.raises(ActionError) as refused:
        do_map_column(
            column("agency-a", "licensing"),
            column("agency-a", "notices"),
            acting_user=user("admin_a"),
        )
    assert refused.value.code == "own_site"
    # the target's owner (agency admin) maps another site's column into their own
    do_map_column(
        column("agency-b", "notices"), column("agency-a", "notices"), acting_user=user("admin_a")
    )
    with pytest.raises(ActionError) as refused:
        do_map_column(
            column("agency-b", "notices"),
            column("agency-a", "notices"),
            acting_user=user("admin_a"),
        )
    assert refused.value.code == "twice"
    assert ColumnMapping.objects.count() == 1
