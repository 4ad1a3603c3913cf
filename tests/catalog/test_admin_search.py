"""The back office finds Chinese substrings from the catalog's index (issue 13), over HTTP."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection

from gongkai.catalog.models import InfoItem, InfoItemAttachment
from gongkai.catalog.search.backend import chinese_query, index_entries
from gongkai.catalog.search.indexing import index_item, reindex_all
from gongkai.catalog.search.query import matching_ids
from tests.catalog.test_attachments import docx_bytes
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MEETING = "甲市交通运输局召开2020年安全生产工作会议"


@pytest.fixture(autouse=True)
def fresh_index(db):
    reindex_all()


@pytest.fixture
def body_only_item():
    """An item that says 安全生产 only in its summary: a title match cannot find it."""
    item = publish_item(
        "agency-a",
        "work-news",
        "甲市交通运输局部署汛期工作",
        generated_on="2021-06-01",
        published=datetime(2021, 6, 2, 10, tzinfo=SHANGHAI),
        summary="会议要求各单位抓好汛期安全生产，落实值班制度。",
    )
    index_item(item)
    return item


def test_chinese_queries_go_to_the_index_and_others_to_wagtail():
    assert chinese_query(" 安全 生产 ") == "安全 生产"
    assert chinese_query("G105") is None
    assert chinese_query("") is None


@pytest.mark.parametrize(
    "query", ["安全生产", "局", "汛期工", "交通运输局召开", "ＧＯＶ", "春耕生产x"]
)
def test_the_backend_reads_the_same_answer_from_the_index(body_only_item, query):
    found = set(index_entries(query).values_list("pk", flat=True))
    assert found == matching_ids(query)
    assert found or query in ("ＧＯＶ", "春耕生产x")


def test_admin_page_search_finds_what_the_public_search_finds(client, persona, body_only_item):
    public = client.get("/search/", {"q": "安全生产"}).content.decode()
    assert "汛期" in public and "安全生产</mark>工作会议" in public
    meeting = InfoItem.objects.get(title=MEETING)
    persona(client, "reviewer_a")
    response = client.get("/admin/pages/search/", {"q": "安全生产"})
    assert response.status_code == 200
    html = response.content.decode()
    for item in (meeting, body_only_item):
        assert f"/admin/pages/{item.pk}/edit/" in html
    # Something neither search finds stays out.
    other = InfoItem.objects.get(title="乙市农业农村局部署春耕生产工作")
    assert f"/admin/pages/{other.pk}/edit/" not in html


def test_page_listing_search_within_a_column(client, persona, body_only_item):
    persona(client, "reviewer_a")
    news = column("agency-a", "work-news")
    response = client.get(f"/admin/pages/{news.pk}/", {"q": "安全生产"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/admin/pages/{body_only_item.pk}/edit/" in html
    # A substring of a title, in the middle of a word as Wagtail's tokenizer sees it.
    response = client.get(f"/admin/pages/{news.pk}/", {"q": "汛期工"})
    assert f"/admin/pages/{body_only_item.pk}/edit/" in response.content.decode()


def test_drafts_are_found_by_a_substring_of_their_title(client, persona):
    draft = InfoItem(title="甲市安全生产专项整治三年行动方案（草稿）", generated_on="2021-07-01")
    column("agency-a", "work-news").add_child(instance=draft)
    draft.save_revision()
    persona(client, "reviewer_a")
    html = client.get("/admin/pages/search/", {"q": "专项整治"}).content.decode()
    assert f"/admin/pages/{draft.pk}/edit/" in html


def test_page_chooser_finds_a_body_match(client, persona, body_only_item):
    persona(client, "clerk_a")
    response = client.get("/admin/choose-page/search/", {"q": "安全生产"})
    assert response.status_code == 200
    assert "甲市交通运输局部署汛期工作" in response.content.decode()


def test_document_library_finds_a_file_by_its_text(client, persona):
    # An editor lists the documents they uploaded to their agency's collection.
    clerk = persona(client, "clerk_a")
    collection = Collection.objects.get(name="甲市交通运输局")
    document = Document.objects.create(
        title="附件1：检查表",
        file=ContentFile(docx_bytes("危险化学品安全生产检查要点"), "check.docx"),
        collection=collection,
        uploaded_by_user=clerk,
    )
    unrelated = Document.objects.create(
        title="附件2：名单",
        file=ContentFile(docx_bytes("参会人员名单"), "list.docx"),
        collection=collection,
        uploaded_by_user=clerk,
    )
    item = InfoItem(title="甲市开展危化品检查", generated_on="2021-05-06")
    item.attachments.add(InfoItemAttachment(document=document))
    item.attachments.add(InfoItemAttachment(document=unrelated))
    column("agency-a", "work-news").add_child(instance=item)
    item.save_revision().publish()
    index_item(InfoItem.objects.get(pk=item.pk))
    public = client.get("/search/", {"q": "危险化学品"}).content.decode()
    assert "甲市开展危化品检查" in public
    response = client.get("/admin/documents/", {"q": "危险化学品"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "附件1：检查表" in html and "附件2：名单" not in html
    # And by a substring of its title.
    html = client.get("/admin/documents/", {"q": "名单"}).content.decode()
    assert "附件2：名单" in html and "附件1：检查表" not in html
