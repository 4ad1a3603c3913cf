"""Supervisors read every agency's pages in Wagtail's own screens, and change none.

Wagtail opens its explorer, history, revisions, previews and reports only to those who may
"change" a page; the supervisors' group gets that grant from their role
(``roles.sync_supervisors``), and every screen that changes a page asks the policy first,
where supervisors hold no ``pages.edit``.
"""

from datetime import date

import pytest
from wagtail.models import GroupPagePermission, Page

from gongkai.catalog.models import InfoItem
from tests.sitegroup import publish_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item_b():
    item = publish_item("agency-b", "budget", "乙局2020年部门预算", generated_on=date(2020, 6, 1))
    item.title = "乙局2020年部门预算（修订稿）"
    item.save_revision()
    return item


def test_the_supervisors_group_gets_its_grant_from_the_role():
    grants = GroupPagePermission.objects.filter(group__name="supervisors")
    assert [(g.page_id, g.permission.codename) for g in grants] == [
        (Page.get_first_root_node().pk, "change_page")
    ]


@pytest.mark.parametrize(
    "screen",
    [
        "/admin/pages/{parent}/",
        "/admin/pages/{parent}/results/",
        "/admin/pages/{pk}/history/",
        "/admin/pages/{pk}/revisions/{revision}/view/",
        "/admin/pages/{pk}/revisions/compare/earliest...latest/",
        "/admin/pages/{pk}/view_draft/",
        "/admin/pages/{pk}/usage/",
        "/admin/pages/{pk}/workflow_history/",
        "/admin/pages/search/?q=部门预算",
        "/admin/reports/workflow/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/reports/site-history/",
    ],
)
def test_the_supervisor_reads_another_agencys_page_screens(client, persona, item_b, screen):
    persona(client, "group_supervisor")
    url = screen.format(
        pk=item_b.pk, parent=item_b.get_parent().pk, revision=item_b.latest_revision_id
    )
    assert client.get(url).status_code == 200


def test_the_explorer_lists_every_agency_for_the_supervisor(client, persona, item_b):
    persona(client, "group_supervisor")
    html = client.get(f"/admin/pages/{item_b.get_parent().pk}/").content.decode()
    assert "乙局2020年部门预算（修订稿）" in html


def test_the_editor_shows_the_supervisor_the_latest_version(client, persona, item_b):
    persona(client, "group_supervisor")
    response = client.get(f"/admin/pages/{item_b.pk}/edit/", follow=True)
    assert response.redirect_chain == [(f"/admin/pages/{item_b.pk}/view_draft/", 302)]
    assert "乙局2020年部门预算（修订稿）" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/admin/pages/{pk}/edit/", {"title": "改过的标题", "slug": "changed"}),
        ("/admin/pages/{pk}/delete/", {}),
        ("/admin/pages/{pk}/unpublish/", {}),
        ("/admin/pages/{pk}/lock/", {}),
        ("/admin/pages/{pk}/copy/", {}),
        ("/admin/api/main/pages/{pk}/action/delete/", {}),
        ("/admin/api/main/pages/{pk}/action/unpublish/", {}),
    ],
)
def test_the_supervisor_changes_no_page(client, persona, item_b, path, data):
    persona(client, "group_supervisor")
    response = client.post(path.format(pk=item_b.pk), data)
    assert response.status_code == 403
    item = InfoItem.objects.get(pk=item_b.pk)
    assert (item.live, item.locked, item.title) == (True, False, "乙局2020年部门预算")
