"""The privacy gate scans every field an item publishes and every part of its files, not only
the body, title, keywords, summary and the visible text of attachments."""

import io

import docx
import pytest
from django.contrib.messages import get_messages
from wagtail.test.utils.form_data import rich_text

from gongkai.agencies.models import Department
from gongkai.catalog.models import InfoItem, InfoItemAttachment
from gongkai.catalog.privacy_gate import scan_item
from tests.agencies.test_back_office_access import add_url, item_form
from tests.catalog.files import ID_NUMBER, MOBILE, document, item_with
from tests.sitegroup import column

pytestmark = pytest.mark.django_db


def findings_of(**fields):
    item = InfoItem(title="公告", generated_on="2021-05-06", **fields)
    return [(f.where, f.kind) for f in scan_item(item)]


@pytest.mark.parametrize(
    ("fields", "where", "kind"),
    [
        (
            {
                "body": "<p>现场：</p>"
                f'<embed embedtype="image" id="1" format="fullwidth" alt="张三 {ID_NUMBER}"/>'
            },
            "正文（图片说明文字）",
            "居民身份证号码",
        ),
        ({"body": f'<p><a href="tel:{MOBILE}">联系我们</a></p>'}, "正文（链接地址）", "手机号码"),
        ({"body": f"<p><a href='tel:{MOBILE}'>联系我们</a></p>"}, "正文（链接地址）", "手机号码"),
        (
            {"body": f'<p><a title="张三 {MOBILE}" href="/">联系</a></p>'},
            "正文（提示文字）",
            "手机号码",
        ),
        ({"topic": f"联系人手机{MOBILE}"}, "主题分类", "手机号码"),
        ({"genre": MOBILE}, "体裁", "手机号码"),
        ({"seo_title": f"张三 {ID_NUMBER}"}, "SEO标题", "居民身份证号码"),
        ({"search_description": f"申请人手机{MOBILE}"}, "搜索描述", "手机号码"),
        ({"slug": f"notice-{ID_NUMBER.lower()}"}, "网址别名", "居民身份证号码"),
    ],
)
def test_every_field_of_the_item_is_scanned(fields, where, kind):
    assert (where, kind) in findings_of(**fields)


def test_a_clean_item_has_no_findings():
    assert findings_of(body='<p><a href="https://www.gov.cn/">中国政府网</a></p>') == []


def attached(doc):
    item = InfoItem(title="附件公示", generated_on="2021-05-06")
    item.attachments.add(InfoItemAttachment(document=doc))
    return [(f.where, f.kind, f.masked) for f in scan_item(item)]


def test_the_attachment_title_is_scanned_and_shown_masked():
    found = attached(document(f"张三{ID_NUMBER}的申请", b"clean", "a.txt"))
    assert (
        "附件《张三1101**********002X的申请》标题",
        "居民身份证号码",
        "1101**********002X",
    ) in found
    assert ID_NUMBER not in str(found)


def test_the_attachment_file_name_is_scanned():
    found = attached(document("联系人名单", b"clean", f"{MOBILE}.txt"))
    assert ("附件《联系人名单》文件名", "手机号码", "139****5678") in found


def docx_bytes(build) -> bytes:
    document_ = docx.Document()
    paragraph = document_.add_paragraph("行政许可决定书")
    build(document_, paragraph)
    buffer = io.BytesIO()
    document_.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("build", "where"),
    [
        (
            lambda d, p: setattr(d.sections[0].header.paragraphs[0], "text", f"经办人 {MOBILE}"),
            "附件《决定书》 页眉",
        ),
        (
            lambda d, p: setattr(d.sections[0].footer.paragraphs[0], "text", f"经办人 {MOBILE}"),
            "附件《决定书》 页脚",
        ),
        (
            lambda d, p: d.add_comment(p.runs, text=f"申请人手机 {MOBILE}", author="审核人"),
            "附件《决定书》 批注1",
        ),
        (
            lambda d, p: setattr(d.core_properties, "author", f"张三 {MOBILE}"),
            "附件《决定书》 文件属性“creator”",
        ),
    ],
)
def test_docx_headers_footers_comments_and_properties_are_scanned(build, where):
    found = attached(document("决定书", docx_bytes(build), "decision.docx"))
    assert (where, "手机号码", "139****5678") in found, found


def pdf_with_information(author: str) -> bytes:
    """A one-page PDF whose document information names an author (ASCII: no CJK font)."""
    stream = b"BT /F1 12 Tf 72 720 Td (Notice) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Author (%s) /Title (Notice) >>" % author.encode("ascii"),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_pdf_document_information_is_scanned():
    found = attached(document("通知", pdf_with_information(f"Zhang San {MOBILE}"), "notice.pdf"))
    assert ("附件《通知》 文件属性“Author”", "手机号码", "139****5678") in found, found
    assert attached(document("通知", pdf_with_information("Office"), "notice.pdf")) == []


def test_publishing_with_a_phone_in_a_link_is_refused(client, persona):
    """Through the back office: the reviewer's publish button is refused with the place."""
    persona(client, "reviewer_a")
    department = Department.objects.get(agency__slug="agency-a", slug="transport").pk
    body = f'<p>咨询请<a href="tel:{MOBILE}">致电经办人</a>。</p>'
    response = client.post(
        add_url(column("agency-a", "licensing")),
        item_form(
            "含电话链接的公示",
            department=department,
            body=rich_text(body),
            topic=f"经办人{MOBILE}",
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302
    assert not InfoItem.objects.get(title="含电话链接的公示").live
    notices = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "正文（链接地址）：手机号码 139****5678" in notices
    assert "主题分类：手机号码 139****5678" in notices
    assert MOBILE not in notices


def test_a_live_item_with_a_phone_in_its_slug_cannot_be_republished(client, persona):
    item = item_with("已发布的公示", column_slug="licensing")
    item.slug = f"notice-{MOBILE}"
    item.save_revision()
    reviewer = persona(client, "reviewer_a")
    assert reviewer.username == "reviewer_a"
    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={item.pk}", {})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.slug != f"notice-{MOBILE}"
    notices = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "网址别名：手机号码 139****5678" in notices


def test_a_columns_description_and_a_guides_text_are_scanned():
    from gongkai.catalog.models import ColumnPage, GuidePage

    described = ColumnPage(title="通知公告", description=f"<p>联系人张三 {ID_NUMBER}</p>")
    assert ("栏目说明", "居民身份证号码") in [(f.where, f.kind) for f in scan_item(described)]
    guide = GuidePage(title="指南", office_name="办公室", office_hours=f"工作日，值班手机{MOBILE}")
    assert ("办公时间", "手机号码") in [(f.where, f.kind) for f in scan_item(guide)]


def test_a_guides_published_contact_fields_are_not_personal_information():
    from gongkai.catalog.models import GuidePage

    guide = GuidePage(
        title="指南",
        office_name="办公室",
        office_hours="工作日",
        phone=MOBILE,
        fax="0792-8888888",
        email="xxgk@example.gov.cn",
    )
    assert scan_item(guide) == []


def test_republishing_a_column_with_an_id_number_in_its_description_is_refused(client, persona):
    licensing = column("agency-a", "licensing")
    licensing.description = f"<p>经办人身份证号 {ID_NUMBER}</p>"
    licensing.save_revision()
    persona(client, "reviewer_a")
    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={licensing.pk}", {})
    assert response.status_code == 302
    licensing.refresh_from_db()
    assert ID_NUMBER not in (licensing.description or "")
    notices = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "批量发布被拦截" in notices and "居民身份证号码" in notices
