"""When an item became public (set once, at its first publication), migrated items, and the
columns' update settings in the back office."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.catalog.models import ColumnPage, InfoItem
from tests.inspection.helpers import T, item
from tests.sitegroup import column

pytestmark = pytest.mark.django_db


def _new(title="新写的信息"):
    page = InfoItem(title=title, generated_on=T.date(), body="<p>正文</p>")
    column("agency-a", "notices").add_child(instance=page)
    return page


def test_the_first_publication_sets_when_an_item_became_public_and_later_ones_do_not():
    page = _new()
    assert page.became_public_at is None  # a draft is not public
    before = timezone.now()
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.origin == "here"
    assert before <= page.became_public_at <= timezone.now()
    first = page.became_public_at
    page.title = "新写的信息（修订）"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.became_public_at == first


def test_publishing_an_older_revision_keeps_the_moment():
    page = _new()
    draft = page.save_revision()
    page.refresh_from_db()
    page.save_revision().publish()
    page.refresh_from_db()
    first = page.became_public_at
    draft.publish()  # the draft's content has no moment of its own
    page.refresh_from_db()
    assert page.became_public_at == first


def test_a_migrated_item_is_public_since_its_original_time():
    original = T - timedelta(days=800)
    page = item("agency-a", "notices", "迁移的信息", original)
    assert page.origin == "migrated"
    assert page.became_public_at == original == page.first_published_at


def test_a_copy_is_a_new_item_that_becomes_public_when_published():
    page = item("agency-a", "notices", "原件", T - timedelta(days=30))
    draft = page.copy(update_attrs={"slug": "draft-copy", "title": "复制件"}, keep_live=False)
    draft = InfoItem.objects.get(pk=draft.pk)
    assert draft.became_public_at is None and draft.origin == "here"
    before = timezone.now()
    live = page.copy(update_attrs={"slug": "live-copy", "title": "复制件二"})
    live = InfoItem.objects.get(pk=live.pk)
    assert live.origin == "here" and live.became_public_at >= before


def test_a_closed_column_needs_a_reason():
    notices = column("agency-a", "notices")
    notices.closed = True
    with pytest.raises(ValidationError) as error:
        notices.clean()
    assert "closed_reason" in error.value.message_dict
    notices.closed_reason = "机构撤并，内容迁至新栏目"
    notices.clean()


def test_the_tree_gives_the_budget_column_a_yearly_period():
    assert column("agency-a", "budget").update_days == 365
    assert column("agency-a", "rules").update_days is None
    assert not ColumnPage.objects.filter(closed=True).exists()


def test_the_column_settings_panel_offers_the_update_settings(client, persona):
    persona(client, "admin_a")
    response = client.get(f"/admin/pages/{column('agency-a', 'notices').pk}/edit/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("update_days", "closed", "closed_reason"):
        assert f'name="{name}"' in page


def test_an_item_carried_over_from_an_earlier_site_is_public_since_its_original_time():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from gongkai.catalog.migrated import publish_migrated

    original = datetime(2019, 3, 4, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    page = InfoItem(title="迁移来的通知", generated_on=original.date(), body="<p>正文</p>")
    publish_migrated(column("agency-a", "notices"), page, original, user=None)
    page.refresh_from_db()
    assert page.live and page.origin == "migrated"
    assert page.became_public_at == page.first_published_at == original
    assert page.last_published_at == page.latest_revision_created_at == original
    assert "2019" in page.index_number  # numbered in the year it was first published
