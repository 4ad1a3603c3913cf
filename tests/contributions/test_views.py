"""The back office of 信息报送 through HTTP: submit, the queue, adopt, return, adopt with
edits, the submitter's notice, and the columns' settings."""

import pytest
from django.contrib.auth.models import User
from wagtail.models import PageLogEntry

from gongkai.contributions.mapping import do_map_column
from gongkai.contributions.models import (
    ColumnIntake,
    ColumnMapping,
    Contribution,
    ContributionState,
)
from tests.sitegroup import column

pytestmark = pytest.mark.django_db


def submit(client, item, target):
    return client.post(
        "/admin/contributions/new/", {"item": item.pk, "target": target.pk, "note": "请予采用"}
    )


def test_submit_adopt_and_the_submitter_is_told(client, persona, item_a, target_b):
    persona(client, "clerk_a")
    explorer = client.get(f"/admin/pages/{item_a.get_parent().pk}/").content.decode()
    assert f"/admin/contributions/new/?item={item_a.pk}" in explorer
    chosen = client.get(f"/admin/contributions/new/?item={item_a.pk}").content.decode()
    assert f'<option value="{item_a.pk}" selected>' in chosen
    form = client.get("/admin/contributions/new/").content.decode()
    assert f'<option value="{target_b.pk}">乙市农业农村局 · 工作动态</option>' in form
    response = submit(client, item_a, target_b)
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/contributions/{contribution.pk}/"

    persona(client, "clerk_b")
    queue = client.get("/admin/contributions/").content.decode()
    assert item_a.title in queue
    assert "1 条报送信息待采用" in client.get("/admin/").content.decode()
    detail = client.get(f"/admin/contributions/{contribution.pk}/").content.decode()
    assert (
        f'action="/admin/contributions/{contribution.pk}/adopt/"' in detail
        and item_a.index_number in detail
    )
    client.post(f"/admin/contributions/{contribution.pk}/adopt/")
    contribution.refresh_from_db()
    assert contribution.state == ContributionState.ADOPTED

    persona(client, "clerk_a")
    dashboard = client.get("/admin/").content.decode()
    assert item_a.title in dashboard and "乙市农业农村局已采用" in dashboard
    mine = client.get("/admin/contributions/").content.decode()
    assert '<tr class="state-adopted">' in mine
    # the submitter cannot decide on it
    response = client.post(f"/admin/contributions/{contribution.pk}/return/")
    assert response.status_code == 404


def test_return_through_the_screen_shows_the_reason(client, persona, item_a, target_b):
    persona(client, "clerk_a")
    submit(client, item_a, target_b)
    contribution = Contribution.objects.get()
    persona(client, "reviewer_b")
    url = f"/admin/contributions/{contribution.pk}/"
    client.post(f"{url}return/", {"reason": ""})
    contribution.refresh_from_db()
    assert contribution.state == ContributionState.SUBMITTED  # refused without a reason
    client.post(f"{url}return/", {"reason": "请补充图片"})
    persona(client, "clerk_a")
    html = client.get(url).content.decode()
    assert '<td class="reason">请补充图片</td>' in html
    assert "乙市农业农村局已退回（请补充图片）" in client.get("/admin/").content.decode()


def test_adopt_with_edits_opens_the_new_draft_in_the_editor(client, persona, item_a, target_b):
    persona(client, "clerk_a")
    submit(client, item_a, target_b)
    contribution = Contribution.objects.get()
    persona(client, "clerk_b")
    response = client.post(f"/admin/contributions/{contribution.pk}/edit/", {"title": "转载的标题"})
    contribution.refresh_from_db()
    assert response["Location"] == f"/admin/pages/{contribution.adopted_item_id}/edit/"
    assert client.get(response["Location"]).status_code == 200


def test_a_submitter_offers_only_open_columns_of_other_sites(client, persona, item_a, target_b):
    persona(client, "clerk_a")
    own = column("agency-a", "notices")
    ColumnIntake.objects.create(column=own, accepts=True)
    form = client.get("/admin/contributions/new/").content.decode()
    assert f'value="{own.pk}"' not in form
    response = submit(client, item_a, column("agency-b", "notices"))
    assert response.status_code == 200 and not Contribution.objects.exists()


def test_columns_screen_for_the_agency_admin_only(client, persona):
    notices = column("agency-a", "notices")
    persona(client, "clerk_a")
    assert client.get("/admin/contributions/columns/").status_code == 404
    persona(client, "admin_a")
    html = client.get("/admin/contributions/columns/").content.decode()
    intake = html[html.index('class="listing intake"') : html.index('class="listing mappings"')]
    assert "甲市交通运输局 · 通知公告" in intake and "乙市农业农村局" not in intake
    client.post("/admin/contributions/columns/intake/", {"column": notices.pk, "accepts": "on"})
    assert ColumnIntake.objects.get(column=notices).accepts
    assert PageLogEntry.objects.filter(
        page=notices, action="gongkai.contributions.set_intake"
    ).exists()
    other = column("agency-b", "notices")
    client.post("/admin/contributions/columns/intake/", {"column": other.pk, "accepts": "on"})
    assert not ColumnIntake.objects.filter(column=other).exists()
    client.post("/admin/contributions/columns/map/", {"source": other.pk, "target": notices.pk})
    html = client.get("/admin/contributions/columns/").content.decode()
    mappings = html[html.index('class="listing mappings"') :]
    assert "<td>乙市农业农村局 · 通知公告</td>" in mappings  # the new mapping's source
    mapped = ColumnMapping.objects.get()
    assert 'action="/admin/contributions/columns/unmap/"' in mappings
    assert f'name="mapping" value="{mapped.pk}"' in mappings
    theirs = do_map_column(
        notices, other, acting_user=User.objects.get(username="group_supervisor")
    )
    unmap = "/admin/contributions/columns/unmap/"
    response = client.post(unmap, {"mapping": theirs.pk}, follow=True)  # agency B's column
    assert "请选择栏目" in response.content.decode()
    response = client.post(unmap, {"mapping": mapped.pk}, follow=True)
    assert "已保存。" in response.content.decode()
    assert list(ColumnMapping.objects.all()) == [theirs]
    assert PageLogEntry.objects.filter(action="gongkai.contributions.unmap_column").exists()


def test_each_decision_and_setting_has_its_own_url(client, persona, item_a, target_b):
    persona(client, "clerk_a")
    submit(client, item_a, target_b)
    contribution = Contribution.objects.get()
    persona(client, "reviewer_b")
    url = f"/admin/contributions/{contribution.pk}/"
    html = client.get(url).content.decode()
    assert f'action="{url}edit/"' in html and f'action="{url}return/"' in html
    assert 'name="action"' not in html
    assert client.post(url, {"action": "adopt"}).status_code == 405
    assert client.get(f"{url}adopt/").status_code == 405
    assert client.post(f"{url}publish/").status_code == 404
    persona(client, "admin_a")
    assert client.post("/admin/contributions/columns/", {"action": "map"}).status_code == 405
    contribution.refresh_from_db()
    assert contribution.state == ContributionState.SUBMITTED


def test_another_agency_does_not_see_the_contribution(client, persona, item_a, target_b):
    persona(client, "clerk_a")
    submit(client, item_a, target_b)
    contribution = Contribution.objects.get()
    # clerk_a_construction: same agency (sees it); officer of B: sees it as the target
    for username, status in (("officer_b", 200), ("group_supervisor", 200)):
        persona(client, username)
        assert client.get(f"/admin/contributions/{contribution.pk}/").status_code == status
    persona(client, "group_supervisor")
    response = client.post(f"/admin/contributions/{contribution.pk}/adopt/")
    assert response.status_code == 404
