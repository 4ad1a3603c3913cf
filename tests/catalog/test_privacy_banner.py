"""The privacy gate's banner in the editor: once, and in Chinese."""

import io

import pytest
from django.core.files.base import ContentFile
from docx import Document as Docx
from wagtail.documents.models import Document
from wagtail.test.utils.form_data import inline_formset

from gongkai.catalog.privacy_gate import chinese_location
from tests.agencies.test_back_office_access import add_url, item_form
from tests.catalog.test_privacy_gate import ID_NUMBER, department_pk, leaky_form
from tests.sitegroup import column

MASKED = "1101**********002X"


@pytest.mark.parametrize(
    ("location", "chinese"),
    [
        ("paragraph 2", "第2段"),
        ("paragraph 3 (tracked changes)", "第3段（含修订痕迹）"),
        ("table 1 row 2 cell 3", "第1个表格第2行第3格"),
        ("page 4", "第4页"),
        ("line 7", "第7行"),
        ("comment 2", "批注2"),
        ("header", "页眉"),
        ("footer 2", "页脚2"),
        ("footnote 1", "脚注1"),
        ("sheet 明细 (hidden) B3 (hidden row)", "工作表“明细”（隐藏）B3（隐藏行）"),
        ("sheet 汇总 A1 comment", "工作表“汇总”A1 批注"),
    ],
)
def test_file_locations_are_named_in_chinese(location, chinese):
    assert chinese_location(location) == chinese


@pytest.mark.django_db
def test_refused_publication_shows_one_banner(client, persona):
    persona(client, "reviewer_a")
    response = client.post(
        add_url(column("agency-a", "licensing")),
        leaky_form("含身份证号的公示", **{"action-publish": "1"}),
        follow=True,
    )
    html = response.content.decode()
    assert "发布被拦截" in html
    assert html.count(MASKED) == 1, html.count(MASKED)


@pytest.mark.django_db
def test_banner_names_the_paragraph_of_an_attachment_in_chinese(client, persona):
    docx = Docx()
    docx.add_paragraph("许可结果如下。")
    docx.add_paragraph(f"申请人张三，身份证号{ID_NUMBER}。")
    buffer = io.BytesIO()
    docx.save(buffer)
    document = Document.objects.create(
        title="许可决定书", file=ContentFile(buffer.getvalue(), "decision.docx")
    )
    persona(client, "reviewer_a")
    data = item_form(
        "附件含身份证号的决定",
        department=department_pk(),
        attachments=inline_formset([{"document": document.pk}]),
        **{"action-publish": "1"},
    )
    html = client.post(add_url(column("agency-a", "licensing")), data, follow=True)
    text = html.content.decode()
    banner = text[text.index("发布被拦截") :]
    banner = banner[: banner.index("<")]
    assert "附件《许可决定书》 第2段：居民身份证号码 " + MASKED in banner
    assert "paragraph" not in banner
