"""Nothing an editor writes goes public until a reviewer of the same agency approves it."""

import pytest
from wagtail.models import PageLogEntry, WorkflowState

from gongkai.agencies.models import Department
from gongkai.catalog.models import InfoItem
from tests.agencies.test_back_office_access import add_url, item_form
from tests.sitegroup import column

pytestmark = pytest.mark.django_db

TITLE = "甲市交通运输局关于2020年国庆期间道路运输安全工作的通知"


def own_department():
    return Department.objects.get(agency__slug="agency-a", slug="transport").pk


def submit_as_clerk(client, persona):
    persona(client, "clerk_a")
    parent = column("agency-a", "licensing")
    response = client.post(
        add_url(parent), item_form(TITLE, department=own_department(), **{"action-submit": "1"})
    )
    assert response.status_code == 302, response.context["form"].errors
    return InfoItem.objects.get(title=TITLE)


def approve(client, item):
    state = WorkflowState.objects.for_instance(item).get()
    task_state = state.current_task_state
    # An information item's approval records its 保密审查 (Art. 17; tests/catalog/test_secrecy_gate.py).
    return client.post(
        f"/admin/pages/workflow/action/{item.pk}/approve_with_secrecy_review/{task_state.pk}/",
        {"comment": "同意发布", "secrecy_reviewer": "王审查", "secrecy_reviewed_on": "2020-09-02"},
    )


def test_submitted_item_is_not_public_until_approved(client, persona):
    item = submit_as_clerk(client, persona)
    assert not item.live
    assert WorkflowState.objects.for_instance(item).get().status == WorkflowState.STATUS_IN_PROGRESS
    assert (
        client.get(
            item.url or "/agency-a/disclosure/statutory/licensing/" + item.slug + "/"
        ).status_code
        == 404
    )
    client.logout()
    assert TITLE not in client.get("/agency-a/disclosure/statutory/licensing/").content.decode()


def test_reviewer_approval_publishes_and_is_logged(client, persona):
    item = submit_as_clerk(client, persona)
    reviewer = persona(client, "reviewer_a")
    response = approve(client, item)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live
    client.logout()
    page = client.get(item.url)
    assert page.status_code == 200 and TITLE in page.content.decode()
    actions = list(PageLogEntry.objects.filter(page=item).values_list("action", "user__username"))
    assert ("wagtail.workflow.start", "clerk_a") in actions
    assert ("wagtail.workflow.approve", "reviewer_a") in actions
    assert ("wagtail.publish", reviewer.username) in actions


def test_editor_cannot_publish_directly(client, persona):
    persona(client, "clerk_a")
    response = client.post(
        add_url(column("agency-a", "licensing")),
        item_form(TITLE, department=own_department(), **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    assert not InfoItem.objects.get(title=TITLE).live


def test_reviewer_of_another_agency_cannot_approve(client, persona):
    item = submit_as_clerk(client, persona)
    persona(client, "reviewer_b")
    assert approve(client, item).status_code == 404
    item.refresh_from_db()
    assert not item.live


def test_unpublish_is_logged(client, persona):
    item = submit_as_clerk(client, persona)
    persona(client, "reviewer_a")
    approve(client, item)
    response = client.post(f"/admin/pages/{item.pk}/unpublish/")
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.live
    assert PageLogEntry.objects.filter(
        page=item, action="wagtail.unpublish", user__username="reviewer_a"
    ).exists()
