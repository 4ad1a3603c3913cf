"""The dashboard shows each role its own work: an editor their drafts, returns and late
items, not the agency's report deadline, cases or messages."""

import pytest
from django.test import Client
from wagtail.models import WorkflowState

from gongkai.catalog.models import InfoItem
from tests.agencies.test_back_office_access import add_url, item_form
from tests.catalog.test_review_workflow import own_department
from tests.sitegroup import column

pytestmark = pytest.mark.django_db

AGENCY_PANELS = ("年度政府信息公开工作年度报告", "依申请公开答复期限")


def write(client, title, slug, action):
    response = client.post(
        add_url(column("agency-a", "licensing")),
        item_form(title, slug=slug, department=own_department(), **{action: "1"}),
    )
    assert response.status_code == 302
    return InfoItem.objects.get(title=title)


def send_back(client, item):
    state = WorkflowState.objects.for_instance(item).get()
    response = client.post(
        f"/admin/pages/workflow/action/{item.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "请补充文号"},
    )
    assert response.status_code in (200, 302)


def test_editor_sees_drafts_and_returns_not_the_agencys_deadlines(client, persona):
    persona(client, "clerk_a")
    write(client, "草稿中的许可公示", "draft-notice", "action-draft")
    returned = write(client, "待审核的许可公示", "submitted-notice", "action-submit")
    persona(client, "reviewer_a")
    send_back(client, returned)
    assert WorkflowState.objects.for_instance(returned).get().status == "needs_changes"

    persona(client, "clerk_a")
    html = client.get("/admin/").content.decode()
    panel = html[html.index('id="my-work-title"') :]
    returns = panel[panel.index('id="my-returns"') : panel.index('id="my-drafts"')]
    drafts = panel[panel.index('id="my-drafts"') : panel.index("</section>")]
    assert "待审核的许可公示" in returns and "草稿中的许可公示" not in returns
    assert "草稿中的许可公示" in drafts and "待审核的许可公示" not in drafts
    for text in AGENCY_PANELS:
        assert text not in html, text


def test_another_editors_drafts_are_not_mine(client, persona):
    persona(client, "clerk_a")
    write(client, "甲的草稿", "a-draft", "action-draft")
    other = Client()
    persona(other, "clerk_a_construction")
    html = other.get("/admin/").content.decode()
    assert "我的草稿" in html and "甲的草稿" not in html


def test_disclosure_officer_keeps_the_agencys_panels(client, persona):
    persona(client, "officer_a")
    html = client.get("/admin/").content.decode()
    assert "依申请公开答复期限" in html
    assert "年度政府信息公开工作年度报告" in html
    assert 'id="my-work-title"' not in html
