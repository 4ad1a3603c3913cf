"""保密审查 (Art. 17) before publication, through the real back office: the editor's publish
button, the reviewer's approval in the workflow, bulk publishing; and 不予公开 never goes
public. Refused the way the privacy gate refuses: the item stays a draft, the editor is told."""

import json
from datetime import date

import pytest
from django.contrib.messages import get_messages
from wagtail.models import PageLogEntry, WorkflowState

from gongkai.agencies.models import Department
from gongkai.catalog.models import InfoItem, SecrecyReview
from tests.agencies.test_back_office_access import add_url, item_form
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db


def department():
    return Department.objects.get(agency__slug="agency-a", slug="transport").pk


def form(title, **extra):
    return item_form(title, department=department(), **extra)


def notices(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_publishing_without_the_review_is_refused_and_the_draft_kept(client, persona):
    persona(client, "reviewer_a")
    response = client.post(
        add_url(column("agency-a", "licensing")),
        form("未经保密审查的公示", secrecy_reviewed="", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    item = InfoItem.objects.get(title="未经保密审查的公示")
    assert response["Location"] == f"/admin/pages/{item.pk}/edit/"
    assert not item.live and item.get_latest_revision() is not None
    (notice,) = notices(response)
    assert "尚未进行保密审查" in notice and "第十七条" in notice
    assert not SecrecyReview.objects.filter(item=item).exists()


def test_publishing_with_the_review_records_who_and_when(client, persona):
    persona(client, "reviewer_a")
    client.post(
        add_url(column("agency-a", "licensing")),
        form("经保密审查的公示", **{"action-publish": "1"}),
    )
    item = InfoItem.objects.get(title="经保密审查的公示")
    assert item.live
    review = SecrecyReview.objects.get(item=item)
    assert (review.reviewer, str(review.reviewed_on)) == ("王审查", "2020-09-02")
    assert review.recorded_by.username == "reviewer_a"
    assert review.revision_id == item.live_revision_id
    entry = PageLogEntry.objects.get(page=item, action="gongkai.catalog.secrecy_review")
    assert entry.user.username == "reviewer_a"
    assert entry.data["data"]["reviewer"] == "王审查"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"secrecy_reviewer": ""}, "请填写保密审查人"),
        ({"secrecy_reviewed_on": ""}, "请填写保密审查日期"),
        ({"secrecy_reviewed_on": "2099-01-01"}, "保密审查日期不能晚于今天"),
    ],
)
def test_an_incomplete_review_is_a_form_error(client, persona, fields, message):
    persona(client, "reviewer_a")
    response = client.post(
        add_url(column("agency-a", "licensing")),
        form("审查信息不全的公示", **fields, **{"action-publish": "1"}),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not InfoItem.objects.filter(title="审查信息不全的公示").exists()


def test_an_edited_text_needs_a_new_review(client, persona):
    persona(client, "reviewer_a")
    client.post(
        add_url(column("agency-a", "licensing")), form("将被修改的公示", **{"action-publish": "1"})
    )
    item = InfoItem.objects.get(title="将被修改的公示")
    url = f"/admin/pages/{item.pk}/edit/"
    response = client.post(
        url,
        form(
            "将被修改的公示（修订）", slug=item.slug, secrecy_reviewed="", **{"action-publish": "1"}
        ),
    )
    assert any("尚未进行保密审查" in notice for notice in notices(response))
    item.refresh_from_db()
    assert item.title == "将被修改的公示" and item.live  # the public keeps the reviewed text
    client.post(url, form("将被修改的公示（修订）", slug=item.slug, **{"action-publish": "1"}))
    item.refresh_from_db()
    assert item.title == "将被修改的公示（修订）"
    assert SecrecyReview.objects.filter(item=item).count() == 2


def test_a_withheld_item_cannot_be_published(client, persona):
    persona(client, "reviewer_a")
    response = client.post(
        add_url(column("agency-a", "licensing")),
        form(
            "不予公开的会议纪要",
            disclosure_mode="withheld",
            withheld_ground="art16_process",
            withheld_reason="内部讨论记录",
            **{"action-publish": "1"},
        ),
    )
    item = InfoItem.objects.get(title="不予公开的会议纪要")
    assert not item.live
    assert "不予公开的信息不能发布" in notices(response)[0]
    assert not SecrecyReview.objects.filter(item=item).exists()


def test_withheld_needs_its_ground_and_reason(client, persona):
    persona(client, "reviewer_a")
    response = client.post(
        add_url(column("agency-a", "licensing")),
        form("没有理由的不予公开", disclosure_mode="withheld", **{"action-draft": "1"}),
    )
    html = response.content.decode()
    assert "不予公开的信息须选择不予公开依据" in html
    assert "不予公开的信息须填写不予公开的理由" in html


def test_a_withheld_page_is_never_served(client):
    item = publish_item("agency-a", "licensing", "曾经公开的信息", generated_on="2020-01-02")
    InfoItem.objects.filter(pk=item.pk).update(disclosure_mode="withheld")
    assert client.get(item.url).status_code == 404


def submit(client, persona, title):
    persona(client, "clerk_a")
    client.post(add_url(column("agency-a", "licensing")), form(title, **{"action-submit": "1"}))
    item = InfoItem.objects.get(title=title)
    return item, WorkflowState.objects.for_instance(item).get().current_task_state


def test_workflow_approval_asks_for_the_review_and_records_it(client, persona):
    item, task_state = submit(client, persona, "送审的通知")
    reviewer = persona(client, "reviewer_a")
    task = task_state.task.specific
    assert [name for name, *_ in task.get_actions(item, reviewer)] == [
        "reject",
        "approve_with_secrecy_review",
    ]
    # The plain approval is not offered any more.
    client.post(f"/admin/pages/workflow/action/{item.pk}/approve/{task_state.pk}/", {"comment": ""})
    item.refresh_from_db()
    assert not item.live
    url = f"/admin/pages/workflow/action/{item.pk}/approve_with_secrecy_review/{task_state.pk}/"
    response = client.post(
        url,
        {"comment": "", "secrecy_reviewer": "", "secrecy_reviewed_on": "2020-09-03"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert "请填写保密审查人" in response.json()["html"]
    item.refresh_from_db()
    assert not item.live
    client.post(
        url, {"comment": "同意", "secrecy_reviewer": "李保密", "secrecy_reviewed_on": "2020-09-03"}
    )
    item.refresh_from_db()
    assert item.live
    review = SecrecyReview.objects.get(item=item)
    assert review.reviewer == "李保密" and review.revision_id == task_state.revision_id


def test_a_withheld_item_in_review_can_only_be_sent_back(client, persona):
    item, task_state = submit(client, persona, "送审的内部文件")
    InfoItem.objects.filter(pk=item.pk).update(disclosure_mode="withheld")
    item.refresh_from_db()
    reviewer = persona(client, "reviewer_a")
    assert [name for name, *_ in task_state.task.specific.get_actions(item, reviewer)] == ["reject"]


def test_bulk_publishing_an_unreviewed_item_is_refused(client, persona):
    persona(client, "reviewer_a")
    client.post(
        add_url(column("agency-a", "licensing")),
        form("批量发布的草稿", secrecy_reviewed="", **{"action-draft": "1"}),
    )
    item = InfoItem.objects.get(title="批量发布的草稿")
    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={item.pk}", {"include_descendants": ""}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.live
    assert any("尚未进行保密审查" in notice for notice in notices(response))


def test_approval_from_the_editor_passes_the_review_as_json(client, persona):
    """From the editor, Wagtail submits the dialog's cleaned data as JSON with the form: the
    review's date arrives as text and is still recorded as a date."""
    item, task_state = submit(client, persona, "从编辑页批准的通知")
    persona(client, "reviewer_a")
    extra = {"comment": "", "secrecy_reviewer": "李保密", "secrecy_reviewed_on": "2020-09-03"}
    client.post(
        f"/admin/pages/{item.pk}/edit/",
        form(
            "从编辑页批准的通知",
            slug=item.slug,
            secrecy_reviewed="",
            **{
                "action-workflow-action": "true",
                "workflow-action-name": "approve_with_secrecy_review",
                "workflow-action-extra-data": json.dumps(extra),
            },
        ),
    )
    item.refresh_from_db()
    assert item.live
    review = SecrecyReview.objects.get(item=item)
    assert (review.reviewer, review.reviewed_on) == ("李保密", date(2020, 9, 3))
