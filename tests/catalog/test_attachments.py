"""Attachments are stored with the item, downloadable, and their text extracted for search."""

import io

import docx
import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from gongkai.catalog.models import InfoItem, InfoItemAttachment
from tests.sitegroup import column

pytestmark = pytest.mark.django_db


def docx_bytes(text):
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_published_attachment_is_listed_downloadable_and_its_text_extracted(client):
    document = Document.objects.create(
        title="G105国道改建工程环境影响评价公示",
        file=ContentFile(docx_bytes("G105国道庐山段改建工程环评结论：可行。"), "eia.docx"),
    )
    item = InfoItem(title="重大建设项目环评公示", generated_on="2021-05-06")
    item.attachments.add(InfoItemAttachment(document=document))
    column("agency-a", "major-projects").add_child(instance=item)
    item.save_revision().publish()
    attachment = InfoItemAttachment.objects.get(item=item)
    assert "G105国道庐山段改建工程环评结论" in attachment.extracted_text
    html = client.get(item.url).content.decode()
    assert "G105国道改建工程环境影响评价公示" in html and "（DOCX）" in html
    download = client.get(document.url)
    assert download.status_code == 200
    assert (
        b"".join(download.streaming_content if download.streaming else [download.content])[:2]
        == b"PK"
    )


def test_unreadable_attachment_gives_no_text_and_no_error():
    document = Document.objects.create(
        title="扫描件", file=ContentFile(b"\x00\x01not a pdf", "scan.pdf")
    )
    item = InfoItem(title="附扫描件的通知", generated_on="2021-05-06")
    item.attachments.add(InfoItemAttachment(document=document))
    column("agency-a", "notices").add_child(instance=item)
    item.save_revision().publish()
    assert InfoItemAttachment.objects.get(item=item).extracted_text == ""


def test_attachment_of_a_draft_is_not_public(client, persona):
    document = Document.objects.create(
        title="草稿附件", file=ContentFile(docx_bytes("内部草稿"), "draft.docx")
    )
    item = InfoItem(title="未发布的信息", generated_on="2021-05-06", live=False)
    item.attachments.add(InfoItemAttachment(document=document))
    column("agency-a", "notices").add_child(instance=item)
    assert client.get(document.url).status_code == 404
    persona(client, "clerk_b")
    assert client.get(document.url).status_code == 404
    persona(client, "clerk_a")
    assert client.get(document.url).status_code == 200
    item.save_revision().publish()
    client.logout()
    assert client.get(document.url).status_code == 200


def test_unattached_document_is_not_public(client):
    document = Document.objects.create(title="孤立文件", file=ContentFile(b"plain", "orphan.txt"))
    assert client.get(document.url).status_code == 404
