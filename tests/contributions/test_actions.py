"""信息报送's actions: submit, adopt, return, adopt with edits — their refusals, audit entries
and the reference entry in the target column's public listing."""

from datetime import date

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry, PageLogEntry

from gongkai.casework import ActionError
from gongkai.catalog.models import AgencyHomePage, InfoItem
from gongkai.contributions.actions import (
    do_adopt,
    do_adopt_with_edits,
    do_return,
    do_submit,
)
from gongkai.contributions.mapping import do_set_intake
from gongkai.contributions.models import Contribution, ContributionState
from tests.contributions.conftest import user
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db


def entries(contribution, action):
    return ModelLogEntry.objects.filter(
        object_id=str(contribution.pk), action=f"gongkai.contributions.{action}"
    )


def test_submit_records_the_contribution_and_its_audit_entry(item_a, target_b):
    contribution = do_submit(item_a, target_b, note="请采用", acting_user=user("clerk_a"))
    contribution.refresh_from_db()
    assert contribution.state == ContributionState.SUBMITTED
    assert contribution.agency.slug == "agency-a"
    assert contribution.department.slug == "transport"
    assert contribution.target_agency.slug == "agency-b"
    assert contribution.title == item_a.title
    entry = entries(contribution, "submit").get()
    assert entry.user.username == "clerk_a"
    assert entry.data["new_state"] == "submitted"
    assert entry.data["data"]["index_number"] == item_a.index_number


def test_a_column_that_does_not_accept_submissions_refuses(item_a):
    closed = column("agency-b", "notices")
    with pytest.raises(ActionError) as refused:
        do_submit(item_a, closed, acting_user=user("clerk_a"))
    assert refused.value.code == "closed"
    assert str(refused.value) == "该栏目不接受报送"
    assert not Contribution.objects.exists()


def test_a_closed_column_refuses_again(item_a, target_b):
    do_set_intake(target_b, False, acting_user=user("group_supervisor"))
    with pytest.raises(ActionError, match="不接受报送"):
        do_submit(item_a, target_b, acting_user=user("clerk_a"))


def test_refusals_of_submit(item_a, target_b):
    own = column("agency-a", "notices")
    do_set_intake(own, True, acting_user=user("admin_a"))
    with pytest.raises(ActionError) as refused:
        do_submit(item_a, own, acting_user=user("clerk_a"))
    assert refused.value.code == "own_site"
    # another agency's editor, another department's editor, an officer without the verb
    for username in ("clerk_b", "clerk_a_construction", "officer_a"):
        with pytest.raises(ActionError) as refused:
            do_submit(item_a, target_b, acting_user=user(username))
        assert refused.value.code == "permission", username
    do_submit(item_a, target_b, acting_user=user("clerk_a"))
    with pytest.raises(ActionError) as refused:
        do_submit(item_a, target_b, acting_user=user("reviewer_a"))
    assert refused.value.code == "twice"
    assert Contribution.objects.count() == 1


def test_adopt_lists_a_reference_entry_in_the_target_column(item_a, target_b, changed_pages):
    contribution = do_submit(item_a, target_b, acting_user=user("clerk_a"))
    with changed_pages() as seen:
        do_adopt(contribution, acting_user=user("clerk_b"))
    contribution.refresh_from_db()
    assert contribution.state == ContributionState.ADOPTED
    assert contribution.decided_by.username == "clerk_b"
    assert entries(contribution, "adopt").get().data["old_state"] == "submitted"
    # the target column, the columns above it and agency B's home
    home = AgencyHomePage.objects.get(agency__slug="agency-b")
    expected = {target_b.pk, home.pk} | {
        p.pk for p in target_b.get_ancestors().filter(depth__gt=home.depth)
    }
    assert {p.pk for p in seen} == expected
    assert InfoItem.objects.count() == 2  # no second InfoItem

    html = Client().get(target_b.url).content.decode()
    assert f'<a href="{item_a.url}">{item_a.title}</a>' in html
    assert '<span class="agency">甲市交通运输局</span>' in html
    assert f'<span class="index-number">{item_a.index_number}</span>' in html
    assert '<time datetime="2020-03-04">' in html
    assert item_a.title in Client().get(home.url).content.decode()


def test_another_agencys_editor_cannot_adopt(item_a, target_b):
    contribution = do_submit(item_a, target_b, acting_user=user("clerk_a"))
    for username in ("clerk_a", "reviewer_a", "group_supervisor"):
        with pytest.raises(ActionError) as refused:
            do_adopt(contribution, acting_user=user(username))
        assert refused.value.code == "permission"
    contribution.refresh_from_db()
    assert contribution.state == ContributionState.SUBMITTED
    assert not entries(contribution, "adopt").exists()


def test_return_needs_a_reason_and_the_submitter_sees_it(item_a, target_b):
    contribution = do_submit(item_a, target_b, acting_user=user("clerk_a"))
    with pytest.raises(ActionError, match="退回理由"):
        do_return(contribution, "  ", acting_user=user("reviewer_b"))
    do_return(contribution, "内容与本栏目无关", acting_user=user("reviewer_b"))
    contribution.refresh_from_db()
    assert contribution.state == ContributionState.RETURNED
    assert contribution.reason == "内容与本栏目无关"
    entry = entries(contribution, "return").get()
    assert entry.data["data"]["reason"] == "内容与本栏目无关"
    with pytest.raises(ActionError):
        do_adopt(contribution, acting_user=user("clerk_b"))
    # returned, it may be submitted again
    again = do_submit(item_a, target_b, acting_user=user("clerk_a"))
    assert again.pk != contribution.pk


def test_returning_an_adopted_item_takes_it_out_of_the_column(item_a, target_b, changed_pages):
    contribution = do_submit(item_a, target_b, acting_user=user("clerk_a"))
    do_adopt(contribution, acting_user=user("clerk_b"))
    with changed_pages() as seen:
        do_return(contribution, "已过时效", acting_user=user("clerk_b"))
    assert target_b.pk in {p.pk for p in seen}
    assert item_a.title not in Client().get(target_b.url).content.decode()
    assert entries(contribution, "return").get().data["old_state"] == "adopted"


def test_an_unpublished_original_cannot_be_adopted_as_it_is(target_b):
    draft = InfoItem(title="甲市交通运输局专稿", generated_on=date(2026, 1, 5), live=False)
    column("agency-a", "work-news").add_child(instance=draft)
    contribution = do_submit(draft, target_b, acting_user=user("clerk_a"))
    with pytest.raises(ActionError) as refused:
        do_adopt(contribution, acting_user=user("clerk_b"))
    assert refused.value.code == "not_public"


def test_adopt_with_edits_creates_the_adopting_agencys_own_item(item_a, target_b):
    contribution = do_submit(item_a, target_b, acting_user=user("clerk_a"))
    original_revision = item_a.latest_revision_id
    item = do_adopt_with_edits(
        contribution, title="乙市转载：甲市安全生产会议", acting_user=user("clerk_b")
    )
    item.refresh_from_db()
    assert item.agency.slug == "agency-b"
    assert item.get_parent().pk == target_b.pk
    assert not item.live and item.index_number == ""
    assert item.title == "乙市转载：甲市安全生产会议"
    assert f'<a linktype="page" id="{item_a.pk}">甲市交通运输局《{item_a.title}》</a>' in item.body
    contribution.refresh_from_db()
    assert contribution.with_edits and contribution.adopted_item_id == item.pk
    assert entries(contribution, "adopt_with_edits").get().data["data"]["adopted_item"] == item.pk
    # published through the catalog, it gets its own 索引号; the original is untouched
    item.save_revision(user=user("reviewer_b")).publish()
    item.refresh_from_db()
    item_a.refresh_from_db()
    assert item.index_number and item.index_number != item_a.index_number
    assert item_a.latest_revision_id == original_revision and item_a.agency.slug == "agency-a"
    html = Client().get(item.url).content.decode()
    assert f'href="{item_a.url}"' in html  # the 来源 link
    with pytest.raises(ActionError):
        do_return(contribution, "撤回", acting_user=user("clerk_b"))


def test_an_unpublished_original_leaves_the_listing(item_a, target_b, changed_pages):
    contribution = do_submit(item_a, target_b, acting_user=user("clerk_a"))
    do_adopt(contribution, acting_user=user("clerk_b"))
    with changed_pages() as seen:
        item_a.unpublish()
    assert target_b.pk in {p.pk for p in seen}
    assert item_a.title not in Client().get(target_b.url).content.decode()
    assert PageLogEntry.objects.filter(page=target_b, action__startswith="gongkai.").exists()


def test_reference_entries_keep_the_listing_in_date_order_and_paginated(item_a, target_b):
    for day in range(1, 22):
        publish_item(
            "agency-b",
            "work-news",
            f"乙市资讯{day:02d}",
            generated_on=date(2020, 3, day),
            published=None,
        )
    contribution = do_submit(item_a, target_b, acting_user=user("clerk_a"))
    do_adopt(contribution, acting_user=user("clerk_b"))
    first = Client().get(target_b.url).content.decode()
    second = Client().get(target_b.url + "?page=2").content.decode()
    # 21 new items of today and one in 2020 each of the columns (B's own and A's): 23 in all
    assert "第 1 页，共 2 页" in first
    assert item_a.title in second and "乙市农业农村局部署春耕生产工作" in second
    assert second.index(item_a.title) < second.index("乙市农业农村局部署春耕生产工作")
    assert item_a.title not in first


def test_a_column_listing_costs_the_same_queries_with_more_entries(
    item_a, target_b, django_assert_max_num_queries, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(target_b.url)
    with CaptureQueriesContext(connection) as before:
        client.get(target_b.url)
    do_adopt(do_submit(item_a, target_b, acting_user=user("clerk_a")), acting_user=user("clerk_b"))
    other = publish_item("agency-a", "notices", "甲市通知", generated_on=date(2020, 4, 1))
    do_adopt(
        do_submit(other, target_b, acting_user=user("reviewer_a")), acting_user=user("clerk_b")
    )
    # A second request each time: the first after a change rebuilds the public cache.
    client.get(target_b.url)
    with CaptureQueriesContext(connection) as after:
        html = client.get(target_b.url).content.decode()
    assert "甲市通知" in html and item_a.title in html
    assert len(after.captured_queries) == len(before.captured_queries)
