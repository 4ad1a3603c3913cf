"""Nothing with personal information goes public without a reviewer's recorded reason."""

import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, rich_text

from gongkai.agencies.models import Department
from gongkai.catalog.models import InfoItem
from gongkai.catalog.privacy_gate import scan_item
from tests.agencies.test_back_office_access import add_url, item_form
from tests.sitegroup import column

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"  # check digit X, verified by hand in tests/privacy
LEAKY_BODY = f"<p>经审查，申请人张三（身份证号{ID_NUMBER}）符合条件。</p>"


def department_pk():
    return Department.objects.get(agency__slug="agency-a", slug="transport").pk


def leaky_form(title, **extra):
    return item_form(title, department=department_pk(), body=rich_text(LEAKY_BODY), **extra)


def test_reviewer_publish_is_refused_and_the_draft_kept(client, persona):
    persona(client, "reviewer_a")
    response = client.post(
        add_url(column("agency-a", "licensing")),
        leaky_form("含身份证号的公示", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    item = InfoItem.objects.get(title="含身份证号的公示")
    assert not item.live
    assert item.get_latest_revision() is not None  # nothing accepted is lost
    notices = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(notices) == 1
    assert "发布被拦截" in notices[0] and "正文：居民身份证号码 1101**********002X" in notices[0]
    assert ID_NUMBER not in notices[0]


def test_reviewer_may_publish_with_a_recorded_reason(client, persona):
    persona(client, "reviewer_a")
    client.post(
        add_url(column("agency-a", "licensing")),
        leaky_form(
            "经确认公开的公示",
            privacy_override_reason="当事人书面同意公开",
            **{"action-publish": "1"},
        ),
    )
    item = InfoItem.objects.get(title="经确认公开的公示")
    assert item.live
    entry = PageLogEntry.objects.get(page=item, action="gongkai.privacy_override")
    assert entry.user.username == "reviewer_a"
    assert entry.data["reason"] == "当事人书面同意公开"
    assert ID_NUMBER not in str(entry.data)


def submit_leaky_item(client, persona, title):
    persona(client, "clerk_a")
    client.post(
        add_url(column("agency-a", "licensing")), leaky_form(title, **{"action-submit": "1"})
    )
    item = InfoItem.objects.get(title=title)
    return item, WorkflowState.objects.for_instance(item).get().current_task_state


def test_workflow_approval_is_refused_without_a_reason(client, persona):
    item, task_state = submit_leaky_item(client, persona, "待审的含个人信息公示")
    persona(client, "reviewer_a")
    url = f"/admin/pages/workflow/action/{item.pk}/approve/{task_state.pk}/"
    # Wagtail answers an action that is not offered with its permission-denied redirect.
    response = client.post(url, {"comment": ""})
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    item.refresh_from_db()
    assert not item.live
    url = f"/admin/pages/workflow/action/{item.pk}/approve_with_reason_and_review/{task_state.pk}/"
    # The reviewer's modal posts with XMLHttpRequest and shows the form's errors.
    response = client.post(
        url, {"comment": "", "reason": ""}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert "含个人信息的信息只有在填写理由后才能批准发布。" in response.json()["html"]
    item.refresh_from_db()
    assert not item.live


def test_workflow_approval_with_reason_publishes_and_logs(client, persona):
    item, task_state = submit_leaky_item(client, persona, "审核确认的公示")
    persona(client, "reviewer_a")
    url = f"/admin/pages/workflow/action/{item.pk}/approve_with_reason_and_review/{task_state.pk}/"
    client.post(
        url,
        {
            "comment": "已核实",
            "reason": "该号码为单位统一社会信用代码的误判",
            "secrecy_reviewer": "王审查",
            "secrecy_reviewed_on": "2020-09-02",
        },
    )
    item.refresh_from_db()
    assert item.live
    assert PageLogEntry.objects.filter(page=item, action="gongkai.privacy_override").exists()


def test_clean_item_keeps_the_plain_approve_action(client, persona):
    clerk = persona(client, "clerk_a")
    client.post(
        add_url(column("agency-a", "licensing")),
        item_form("无个人信息的公示", department=department_pk(), **{"action-submit": "1"}),
    )
    item = InfoItem.objects.get(title="无个人信息的公示")
    task = WorkflowState.objects.for_instance(item).get().current_task_state.task.specific
    reviewer = persona(client, "reviewer_a")
    assert task.get_actions(item, clerk) == []
    # An item's approval always records its 保密审查 (Art. 17), so the plain approval is
    # replaced by the one with the review's form.
    assert [name for name, *_ in task.get_actions(item, reviewer)] == [
        "reject",
        "approve_with_secrecy_review",
    ]


def xlsx_with_hidden_sheet():
    book = openpyxl.Workbook()
    book.active.title = "公示"
    book.active["A1"] = "企业名称"
    hidden = book.create_sheet("明细")
    hidden["A1"], hidden["B1"] = "姓名", "身份证号"
    hidden["A2"], hidden["B2"] = "李四", ID_NUMBER
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_hidden_sheet_in_an_attachment_is_caught(client, persona):
    document = Document.objects.create(
        title="许可明细表", file=ContentFile(xlsx_with_hidden_sheet(), "list.xlsx")
    )
    persona(client, "reviewer_a")
    data = item_form(
        "附件含隐藏工作表的公示",
        department=department_pk(),
        attachments=inline_formset([{"document": document.pk}]),
        **{"action-publish": "1"},
    )
    response = client.post(add_url(column("agency-a", "licensing")), data)
    item = InfoItem.objects.get(title="附件含隐藏工作表的公示")
    assert not item.live
    findings = scan_item(item)
    assert any("明细" in f.where and "隐藏" in f.where for f in findings)
    notices = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "附件《许可明细表》" in notices and ID_NUMBER not in notices


def test_bulk_publishing_is_refused_too(client, persona):
    persona(client, "reviewer_a")
    client.post(add_url(column("agency-a", "licensing")), leaky_form("批量发布的含个人信息公示"))
    item = InfoItem.objects.get(title="批量发布的含个人信息公示")
    assert not item.live
    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={item.pk}", {})
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.live
    notices = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "批量发布被拦截" in notices and ID_NUMBER not in notices
