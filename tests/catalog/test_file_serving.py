"""Uploaded files are served only by views that check the page using them, under names no
one can guess; /media/ is not a public directory (catalog/file_serving.py)."""

import re
from urllib.parse import quote

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import override_settings
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction
from wagtail.utils.sendfile import _get_sendfile

from tests.catalog.files import (
    collection,
    content,
    document,
    image,
    image_embed,
    item_with,
    png_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_cached_renditions():
    """Wagtail caches renditions by image id; ids of rolled-back tests come back on SQLite."""
    for cache in caches.all():
        cache.clear()


TEXT = "行政许可决定：准予许可。".encode()


def rendition_address(client, item) -> str:
    html = client.get(item.url).content.decode()
    match = re.search(r'<img[^>]+src="(/media/images/[^"]+)"', html)
    assert match, html
    return match.group(1)


def restrict(item, kind=PageViewRestriction.LOGIN, **fields):
    PageViewRestriction.objects.create(page=item, restriction_type=kind, **fields)


def test_files_are_stored_under_unguessable_names_and_keep_their_own():
    first = document("申请表", TEXT, "申请表.txt")
    second = document("申请表", TEXT, "申请表.txt")
    assert re.fullmatch(r"documents/[\w-]{16}/申请表\.txt", first.file.name), first.file.name
    assert first.file.name != second.file.name
    assert first.filename == "申请表.txt"  # the download is still called by its own name
    photo = image("现场照片", "photo.png")
    assert re.fullmatch(r"original_images/[\w-]{16}/photo\.png", photo.file.name)
    rendition = photo.get_rendition("width-20")
    assert re.fullmatch(r"images/[\w-]{16}/photo\.[\w.-]+\.png", rendition.file.name)


def test_long_names_still_fit_the_file_field():
    doc = document("很长的文件名", TEXT, "长" * 120 + ".txt")
    assert len(doc.file.name) <= 100 and doc.file.name.endswith(".txt")


def test_media_never_serves_documents(client):
    doc = document("许可决定书", TEXT, "decision.txt")
    item_with("准予行政许可决定", documents=[doc])
    assert client.get(doc.url).status_code == 200
    assert client.get("/media/documents/decision.txt").status_code == 404
    assert client.get("/media/" + doc.file.name).status_code == 404


def test_a_draft_file_is_404_and_a_live_public_one_200(client):
    doc = document("许可决定书", TEXT, "decision.txt")
    item = item_with("尚未发布的决定", documents=[doc], live=False)
    assert client.get(doc.url).status_code == 404
    item.save_revision().publish()
    response = client.get(doc.url)
    assert response.status_code == 200 and content(response) == TEXT
    assert 'filename="decision.txt"' in response["Content-Disposition"]


def test_a_document_linked_in_a_live_page_text_is_served(client):
    doc = document("办事指南", TEXT, "guide.txt")
    link = f'<p>见<a linktype="document" id="{doc.pk}">办事指南</a>。</p>'
    item = item_with("关于办事指南的说明", body=link, live=False)
    assert client.get(doc.url).status_code == 404
    item.save_revision().publish()
    assert client.get(doc.url).status_code == 200
    restrict(item)
    assert client.get(doc.url).status_code == 404


def test_a_restricted_page_file_is_not_served_to_anonymous(client, persona):
    doc = document("内部通知", TEXT, "internal.txt")
    item = item_with("仅限登录查看的通知", documents=[doc])
    restrict(item)
    assert client.get(doc.url).status_code == 404
    restrict(item, PageViewRestriction.PASSWORD, password="secret-2026")
    assert client.get(doc.url).status_code == 404


def test_files_stored_under_their_old_names_keep_working(client):
    FileSystemStorage().save("documents/legacy-notice.txt", ContentFile(TEXT))
    doc = Document.objects.create(
        title="旧文件", file="documents/legacy-notice.txt", collection=collection()
    )
    item_with("旧文件所在的信息", documents=[doc])
    assert content(client.get(doc.url)) == TEXT
    assert client.get("/media/documents/legacy-notice.txt").status_code == 404


def test_an_image_of_a_live_public_page_is_served(client):
    photo = image("现场照片", "photo.png")
    item = item_with("道路施工现场公示", body=image_embed(photo))
    address = rendition_address(client, item)
    response = client.get(address)
    assert response.status_code == 200
    assert content(response)[:4] == b"\x89PNG"
    assert response["Content-Type"] == "image/png"


def test_an_image_of_a_draft_is_404_except_for_its_own_staff(client, persona):
    photo = image("草稿照片", "draft-photo.png")
    item_with("草稿", body=image_embed(photo), live=False)
    address = "/media/" + photo.get_rendition("width-800").file.name
    assert client.get(address).status_code == 404
    persona(client, "clerk_b")
    assert client.get(address).status_code == 404
    persona(client, "clerk_a")
    response = client.get(address)
    assert response.status_code == 200 and "private" in response["Cache-Control"]


def test_an_image_of_a_restricted_page_is_not_served_to_anonymous(client, persona):
    photo = image("内部照片", "internal.png")
    item = item_with("仅限登录查看的照片", body=image_embed(photo))
    address = rendition_address(client, item)
    restrict(item)
    assert client.get(address).status_code == 404
    # Someone the restriction lets in sees it (a login restriction: any signed-in user).
    persona(client, "clerk_b")
    assert client.get(address).status_code == 200


def test_original_images_are_not_public(client, persona):
    photo = image("现场照片", "photo.png")
    item_with("道路施工现场公示", body=image_embed(photo))
    assert client.get("/media/original_images/photo.png").status_code == 404
    assert client.get("/media/" + photo.file.name).status_code == 404
    persona(client, "clerk_a")
    assert content(client.get("/media/" + photo.file.name)) == png_bytes()


@pytest.mark.parametrize("path", ["../settings.py", "images/../../secret", "%2e%2e/x", "x\\y"])
def test_paths_out_of_the_media_root_are_404(client, path):
    assert client.get("/media/" + path).status_code == 404


@pytest.fixture
def behind_nginx():
    with override_settings(
        GONGKAI_MEDIA_ACCEL_PREFIX="/internal-media/",
        SENDFILE_BACKEND="gongkai.catalog.file_serving",
    ):
        _get_sendfile.clear()
        yield
    _get_sendfile.clear()


def test_behind_nginx_the_process_hands_the_file_over(client, behind_nginx):
    doc = document("许可决定书", TEXT, "决定书.txt")
    photo = image("现场照片", "photo.png")
    item = item_with("准予行政许可决定", documents=[doc], body=image_embed(photo))
    response = client.get(doc.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/internal-media/" + quote(doc.file.name)
    assert "filename*=UTF-8''" + quote("决定书.txt") in response["Content-Disposition"]
    assert content(response) == b""
    address = rendition_address(client, item)
    response = client.get(address)
    assert response["X-Accel-Redirect"] == "/internal-media/" + address.removeprefix("/media/")
    assert content(response) == b""
    # The check still comes first.
    draft = document("草稿附件", TEXT, "draft.txt")
    item_with("草稿", documents=[draft], live=False)
    assert client.get(draft.url).status_code == 404


def test_the_development_urlconf_does_not_serve_the_media_root_either():
    import importlib

    from django.urls import resolve

    import gongkai.urls

    with override_settings(DEBUG=True):
        patterns = importlib.reload(gongkai.urls).urlpatterns
    try:
        from gongkai.catalog.file_serving import serve_media

        assert resolve("/media/documents/decision.txt").func is serve_media
        assert not any("static" in getattr(p.callback, "__module__", "") for p in patterns[:-1])
    finally:
        importlib.reload(gongkai.urls)


def test_the_internal_location_is_checked_at_start():
    from tests.test_settings import load_settings

    good = load_settings("s.SENDFILE_BACKEND", GONGKAI_MEDIA_ACCEL_PREFIX="/internal-media/")
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip() == "gongkai.catalog.file_serving"
    bad = load_settings(GONGKAI_MEDIA_ACCEL_PREFIX="internal-media")
    assert bad.returncode != 0 and "GONGKAI_MEDIA_ACCEL_PREFIX" in bad.stderr
