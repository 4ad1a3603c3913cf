"""A file a live page uses is public content: it is replaced only through a new draft of the
page, which goes through review and the privacy gate — never in the file library."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images.models import Image
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.catalog.files import (
    ID_NUMBER,
    collection,
    content,
    document,
    image,
    image_embed,
    item_with,
    png_bytes,
)

pytestmark = pytest.mark.django_db

CLEAN = "行政许可决定：准予许可。".encode()
LEAKY = f"申请人张三，身份证号{ID_NUMBER}，准予许可。".encode()
IN_USE = "此文件已用于已发布的《"


def edit_document(client, doc, *, title=None, upload=None):
    data = {"title": title or doc.title, "collection": doc.collection_id, "tags": ""}
    if upload is not None:
        data["file"] = upload
    return client.post(f"/admin/documents/edit/{doc.pk}/", data)


def test_replacing_the_file_of_a_live_item_is_refused(client, persona):
    clerk = persona(client, "clerk_a")
    doc = document("许可决定书", CLEAN, "decision.txt", owner=clerk)
    item_with("准予行政许可决定", documents=[doc])
    response = edit_document(client, doc, upload=SimpleUploadedFile("decision.txt", LEAKY))
    assert response.status_code == 200  # the form again, with the reason
    html = response.content.decode()
    assert IN_USE + "准予行政许可决定》" in html and "新的草稿" in html
    doc.refresh_from_db()
    client.logout()
    download = client.get(doc.url)
    assert download.status_code == 200 and content(download) == CLEAN


def test_renaming_a_document_of_a_live_item_is_refused(client, persona):
    clerk = persona(client, "clerk_a")
    doc = document("许可决定书", CLEAN, "decision.txt", owner=clerk)
    item_with("准予行政许可决定", documents=[doc])
    response = edit_document(client, doc, title=f"张三 {ID_NUMBER}")
    assert IN_USE in response.content.decode()
    doc.refresh_from_db()
    assert doc.title == "许可决定书"


def test_the_multiple_upload_editor_cannot_rename_it_either(client, persona):
    clerk = persona(client, "clerk_a")
    doc = document("许可决定书", CLEAN, "decision.txt", owner=clerk)
    item_with("准予行政许可决定", documents=[doc])
    prefix = f"doc-{doc.pk}"
    client.post(
        f"/admin/documents/multiple/{doc.pk}/",
        {f"{prefix}-title": f"张三 {ID_NUMBER}", f"{prefix}-collection": doc.collection_id},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    doc.refresh_from_db()
    assert doc.title == "许可决定书"


def test_reviewers_cannot_replace_it_in_the_library_either(client, persona):
    reviewer = persona(client, "reviewer_a")
    doc = document("许可决定书", CLEAN, "decision.txt", owner=reviewer)
    item_with("准予行政许可决定", documents=[doc])
    before = doc.file.name
    response = edit_document(client, doc, upload=SimpleUploadedFile("decision.txt", LEAKY))
    assert IN_USE in response.content.decode()
    doc.refresh_from_db()
    assert doc.file.name == before


def test_a_document_only_drafts_use_can_still_be_replaced(client, persona):
    clerk = persona(client, "clerk_a")
    doc = document("许可决定书", CLEAN, "decision.txt", owner=clerk)
    item_with("尚未发布的决定", documents=[doc], live=False)
    response = edit_document(client, doc, upload=SimpleUploadedFile("decision.txt", b"new"))
    assert response.status_code == 302
    doc.refresh_from_db()
    with doc.file.open("rb") as handle:
        assert handle.read() == b"new"


def test_the_new_file_goes_through_a_draft_review_and_the_gate(client, persona):
    """The way the refusal points to: a new file in a new draft of the item. The live file
    stays served, and the reviewer cannot approve the draft without a recorded reason."""
    clerk = persona(client, "clerk_a")
    old = document("许可决定书", CLEAN, "decision.txt", owner=clerk)
    item = item_with("准予行政许可决定", documents=[old], column_slug="licensing")
    new = document("许可决定书（更正）", LEAKY, "decision-2.txt", owner=clerk)
    form = nested_form_data(
        {
            "title": item.title,
            "slug": item.slug,
            "department": item.department_id or "",
            "summary": "准予行政许可。",  # required of every edited item (Art. 12)
            "generated_on": "2021-05-06",
            "document_number": "",
            "category": "none",
            "topic": "",
            "genre": "",
            "keywords": "",
            "validity": "",
            "validity_changed_on": "",
            "body": rich_text("<p>正文。</p>"),
            "disclosure_mode": "proactive",
            "disclosure_scope": "public",
            "attachments": inline_formset([{"document": new.pk}]),
            "comments": inline_formset([]),
            "action-submit": "1",
        }
    )
    response = client.post(f"/admin/pages/{item.pk}/edit/", form)
    assert response.status_code == 302
    client.logout()
    assert content(client.get(old.url)) == CLEAN
    assert client.get(new.url).status_code == 404
    persona(client, "reviewer_a")
    task_state = WorkflowState.objects.for_instance(item).get().current_task_state
    client.post(f"/admin/pages/workflow/action/{item.pk}/approve/{task_state.pk}/", {"comment": ""})
    item.refresh_from_db()
    assert list(item.attachments.values_list("document_id", flat=True)) == [old.pk]
    client.logout()
    assert client.get(new.url).status_code == 404


def test_replacing_an_image_of_a_live_page_is_refused(client, persona):
    clerk = persona(client, "clerk_a")
    img = image("现场照片", owner=clerk)
    item_with("道路施工现场公示", body=f"<p>现场：</p>{image_embed(img)}")
    before = Image.objects.get(pk=img.pk).file.name
    response = client.post(
        f"/admin/images/{img.pk}/",
        {
            "title": img.title,
            "description": "",
            "collection": collection().pk,
            "tags": "",
            "file": SimpleUploadedFile("photo.png", png_bytes("blue"), "image/png"),
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
        },
    )
    assert IN_USE + "道路施工现场公示》" in response.content.decode()
    assert Image.objects.get(pk=img.pk).file.name == before
    notices = [str(m) for m in get_messages(response.wsgi_request)]
    assert not any("已更新" in n or "updated" in n for n in notices)


def test_an_image_only_a_draft_uses_can_be_replaced(client, persona):
    clerk = persona(client, "clerk_a")
    img = image("现场照片", owner=clerk)
    item_with("草稿中的照片", body=image_embed(img), live=False)
    response = client.post(
        f"/admin/images/{img.pk}/",
        {
            "title": "现场照片（新）",
            "description": "",
            "collection": collection().pk,
            "tags": "",
            "file": SimpleUploadedFile("photo.png", png_bytes("blue"), "image/png"),
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
        },
    )
    assert response.status_code == 302
    assert Image.objects.get(pk=img.pk).title == "现场照片（新）"


def test_a_file_replaced_while_its_draft_waits_for_review_is_scanned_again(client, persona):
    """The gate's cached answer is for the files as they were: a draft's file replaced in the
    library after a clean scan is scanned again before the reviewer may approve."""
    from gongkai.catalog.privacy_gate import Scan, scan_for

    clerk = persona(client, "clerk_a")
    doc = document("许可决定书", CLEAN, "decision.txt", owner=clerk)
    item = item_with("待审的决定", documents=[doc], live=False)
    item.save_revision(user=clerk)
    assert scan_for(item) == Scan(pending=False)
    response = edit_document(client, doc, upload=SimpleUploadedFile("decision.txt", LEAKY))
    assert response.status_code == 302
    assert [f.kind for f in scan_for(item).findings] == ["居民身份证号码"]
