"""Privacy gate edges, the department choices of the item form, the site tree, attachments."""

import io

import docx
import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Page, PageLogEntry, Site
from wagtail.test.utils.form_data import inline_formset, rich_text

from gongkai.agencies.models import Agency, Department
from gongkai.catalog import attachments
from gongkai.catalog.attachments import extract_attachment_text, refresh_attachment_texts
from gongkai.catalog.models import ColumnPage, GuidePage, InfoItem, InfoItemAttachment
from gongkai.catalog.privacy_gate import OVERRIDE_ACTION, scan_item
from gongkai.catalog.tree import ensure_agency_site, ensure_portal
from tests.agencies.test_back_office_access import add_url, item_form
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
MASKED_ID = "1101**********002X"
LEAKY_BODY = f"<p>申请人王五（身份证号{ID_NUMBER}）。</p>"


def transport():
    return Department.objects.get(agency__slug="agency-a", slug="transport").pk


def notices(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def publish_form(title, **extra):
    return item_form(title, department=transport(), **{"action-publish": "1", **extra})


def licensing_add():
    return add_url(column("agency-a", "licensing"))


# ---- privacy gate --------------------------------------------------------------------------


def test_blank_override_reason_does_not_open_the_gate(client, persona):
    persona(client, "reviewer_a")
    response = client.post(
        licensing_add(),
        publish_form(
            "只填空格理由的公示", body=rich_text(LEAKY_BODY), privacy_override_reason="   "
        ),
    )
    item = InfoItem.objects.get(title="只填空格理由的公示")
    assert not item.live and item.index_number == ""
    assert "发布被拦截" in notices(response)
    assert not PageLogEntry.objects.filter(page=item, action=OVERRIDE_ACTION).exists()


def test_personal_information_in_the_title_is_found_and_masked(client, persona):
    persona(client, "reviewer_a")
    response = client.post(licensing_add(), publish_form("联系电话13912345678的许可公示"))
    item = InfoItem.objects.get(title="联系电话13912345678的许可公示")
    assert not item.live
    message = notices(response)
    assert "标题：手机号码 139****5678" in message and "13912345678" not in message


def test_every_scanned_field_names_where_it_found_something():
    item = InfoItem(
        title="公示",
        summary=f"身份证号{ID_NUMBER}",
        document_number="",
        keywords="联系电话13912345678",
        body="<p>无个人信息。</p>",
        generated_on="2021-01-01",
    )
    column("agency-a", "notices").add_child(instance=item)
    assert [str(f) for f in scan_item(item)] == [
        f"内容概述：居民身份证号码 {MASKED_ID}",
        "关键词：手机号码 139****5678",
    ]


def test_removing_the_personal_information_lets_the_reviewer_publish(client, persona):
    persona(client, "reviewer_a")
    # Followed, so that the refusal is shown (and leaves the message store) here.
    client.post(
        licensing_add(), publish_form("先被拦截的公示", body=rich_text(LEAKY_BODY)), follow=True
    )
    item = InfoItem.objects.get(title="先被拦截的公示")
    assert not item.live
    response = client.post(
        f"/admin/pages/{item.pk}/edit/",
        publish_form(
            "先被拦截的公示",
            slug=item.slug,
            body=rich_text("<p>申请人王五（身份证号已隐去）。</p>"),
        ),
    )
    assert "发布被拦截" not in notices(response) and "已经发布" in notices(response)
    item.refresh_from_db()
    assert item.live and item.index_number
    assert not PageLogEntry.objects.filter(page=item, action=OVERRIDE_ACTION).exists()


def test_an_edit_adding_personal_information_leaves_the_public_version_alone(client, persona):
    item = publish_item("agency-a", "licensing", "已发布的许可公示", generated_on="2021-03-01")
    number = item.index_number
    persona(client, "reviewer_a")
    response = client.post(
        f"/admin/pages/{item.pk}/edit/",
        publish_form("已发布的许可公示", slug=item.slug, body=rich_text(LEAKY_BODY)),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{item.pk}/edit/"
    item.refresh_from_db()
    assert item.live and item.has_unpublished_changes and item.index_number == number
    client.logout()
    public = client.get(item.url).content.decode()
    assert "正文内容。" in public and ID_NUMBER not in public


def test_editor_opening_a_leaky_draft_is_warned_with_masked_findings(client, persona):
    persona(client, "clerk_a")
    client.post(
        licensing_add(),
        item_form("含身份证号的草稿", department=transport(), body=rich_text(LEAKY_BODY)),
    )
    item = InfoItem.objects.get(title="含身份证号的草稿")
    html = client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert f"个人信息检查：正文：居民身份证号码 {MASKED_ID}" in html
    assert ID_NUMBER not in html.split('name="body"')[0]  # not in the message area


def unreadable_document():
    return Document.objects.create(
        title="盖章扫描件", file=ContentFile(b"\x00\x01not a pdf", "scan.pdf")
    )


def test_an_unreadable_attachment_needs_a_person_to_clear_it(client, persona):
    document = unreadable_document()
    persona(client, "reviewer_a")
    response = client.post(
        licensing_add(),
        publish_form("附扫描件的公示", attachments=inline_formset([{"document": document.pk}])),
    )
    item = InfoItem.objects.get(title="附扫描件的公示")
    assert not item.live
    assert "附件《盖章扫描件》：无法自动检查的文件 请人工核对" in notices(response)


def test_override_records_reason_user_and_masked_findings(client, persona):
    document = unreadable_document()
    persona(client, "reviewer_a")
    client.post(
        licensing_add(),
        publish_form(
            "经人工核对的公示",
            body=rich_text(LEAKY_BODY),
            attachments=inline_formset([{"document": document.pk}]),
            privacy_override_reason="已人工核对扫描件，身份证号经本人同意公开",
        ),
    )
    item = InfoItem.objects.get(title="经人工核对的公示")
    assert item.live
    entry = PageLogEntry.objects.get(page=item, action=OVERRIDE_ACTION)
    assert entry.user.username == "reviewer_a"
    assert entry.data == {
        "reason": "已人工核对扫描件，身份证号经本人同意公开",
        "findings": [
            f"正文：居民身份证号码 {MASKED_ID}",
            "附件《盖章扫描件》：无法自动检查的文件 请人工核对",
        ],
    }
    # The history page shows the override in Chinese.
    history = client.get(f"/admin/pages/{item.pk}/history/").content.decode()
    assert "个人信息检查例外发布" in history


# ---- item form: departments ----------------------------------------------------------------


def department_options(html):
    start = html.index('name="department"')
    return html[start : html.index("</select>", start)]


def test_reviewer_chooses_among_own_agency_departments_only(client, persona):
    persona(client, "reviewer_a")
    options = department_options(client.get(licensing_add()).content.decode())
    own = Department.objects.filter(agency__slug="agency-a")
    other = Department.objects.filter(agency__slug="agency-b")
    assert all(f'value="{d.pk}"' in options for d in own)
    assert not any(f'value="{d.pk}"' in options for d in other)
    response = client.post(
        licensing_add(),
        item_form(
            "挂在乙局股室名下的公示",
            department=other.get(slug="transport").pk,
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not InfoItem.objects.filter(title="挂在乙局股室名下的公示").exists()


def test_editor_must_publish_in_the_name_of_own_department(client, persona):
    persona(client, "clerk_a")
    html = client.get(licensing_add()).content.decode()
    assert "股室信息员只能以本股室名义发布信息" in html
    construction = Department.objects.get(agency__slug="agency-a", slug="construction").pk
    for department in ("", construction):
        response = client.post(
            licensing_add(),
            item_form("冒用股室的公示", department=department, **{"action-submit": "1"}),
        )
        assert response.status_code == 200
    assert not InfoItem.objects.filter(title="冒用股室的公示").exists()


def test_agency_page_outside_any_agency_site_is_refused():
    portal = Page.objects.get(slug="portal")
    with pytest.raises(ValueError, match="inside an agency's site"):
        portal.add_child(instance=ColumnPage(title="孤立栏目", slug="orphan"))


# ---- site tree -----------------------------------------------------------------------------


def test_portal_is_built_once_and_served_by_the_default_site():
    first = ensure_portal("测试网站群")
    again = ensure_portal("改名后的网站群")
    assert first.pk == again.pk
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == first.pk
    assert Page.get_first_root_node().get_children().count() == 1


def test_new_agency_site_has_one_guide_filled_with_its_contacts(client):
    agency = Agency.objects.create(
        slug="agency-c",
        name="丙县财政局",
        phone="0792-7654321",
        address="江西省九江市丙县财政路8号",
        postcode="332000",
        email="czj@example.gov.cn",
    )
    portal = ensure_portal("测试网站群")
    ensure_agency_site(portal, agency)
    ensure_agency_site(portal, agency)
    guide = GuidePage.objects.get(agency=agency)
    assert guide.live and guide.get_parent().slug == "disclosure"
    html = client.get("/agency-c/disclosure/guide/").content.decode()
    for text in (
        "丙县财政局政府信息公开工作机构",
        "0792-7654321",
        "江西省九江市丙县财政路8号",
        "332000",
    ):
        assert text in html, text
    assert ColumnPage.objects.get(agency=agency, slug="news").show_in_menus
    assert not ColumnPage.objects.get(agency=agency, slug="notices").show_in_menus


# ---- attachments ---------------------------------------------------------------------------


def docx_bytes(text):
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def attached(document, title="附件测试信息"):
    item = InfoItem(title=title, generated_on="2021-05-06")
    item.attachments.add(InfoItemAttachment(document=document))
    column("agency-a", "notices").add_child(instance=item)
    return item


def test_extracted_text_is_kept_and_not_extracted_again():
    document = Document.objects.create(
        title="方案", file=ContentFile(docx_bytes("第一版方案正文"), "plan.docx")
    )
    item = attached(document)
    item.save_revision().publish()
    attachment = InfoItemAttachment.objects.get(item=item)
    assert attachment.extracted_text == "第一版方案正文"
    InfoItemAttachment.objects.filter(pk=attachment.pk).update(extracted_text="人工校正的文字")
    refresh_attachment_texts(item)
    attachment.refresh_from_db()
    assert attachment.extracted_text == "人工校正的文字"


def test_a_file_missing_from_storage_gives_no_text_and_no_error():
    document = Document.objects.create(
        title="丢失的文件", file=ContentFile(docx_bytes("不会被读到"), "lost.docx")
    )
    document.file.storage.delete(document.file.name)
    item = attached(document)
    item.save_revision().publish()
    assert InfoItemAttachment.objects.get(item=item).extracted_text == ""


def test_extracted_text_is_cut_at_the_limit(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_TEXT", 10)
    document = Document.objects.create(
        title="长文", file=ContentFile("一二三四五六七八九十十一十二".encode(), "long.txt")
    )
    item = attached(document)
    assert extract_attachment_text(item.attachments.get()) == "一二三四五六七八九十"
