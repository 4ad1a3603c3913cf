"""Documents, images and the items that carry them, for the tests of published files."""

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from gongkai.agencies.models import Agency
from gongkai.agencies.roles import agency_collection
from gongkai.catalog.models import InfoItem, InfoItemAttachment
from tests.sitegroup import column

ID_NUMBER = "11010519491231002X"  # check digit X, verified by hand in tests/privacy
MOBILE = "13912345678"


def collection(agency_slug="agency-a"):
    return agency_collection(Agency.objects.get(slug=agency_slug))


def document(title, data, name, *, owner=None, agency_slug="agency-a"):
    return Document.objects.create(
        title=title,
        file=ContentFile(data, name),
        collection=collection(agency_slug),
        uploaded_by_user=owner,
    )


def png_bytes(colour="red"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


def image(title, name="photo.png", *, owner=None, colour="red", agency_slug="agency-a"):
    return Image.objects.create(
        title=title,
        file=ImageFile(io.BytesIO(png_bytes(colour)), name=name),
        collection=collection(agency_slug),
        uploaded_by_user=owner,
    )


def image_embed(img, alt="现场照片"):
    return f'<embed embedtype="image" id="{img.pk}" format="fullwidth" alt="{alt}"/>'


def item_with(title, *, documents=(), body="<p>正文。</p>", live=True, column_slug="notices"):
    """An item of agency A carrying ``documents``; published when ``live``."""
    item = InfoItem(title=title, generated_on="2021-05-06", body=body, live=live)
    for doc in documents:
        item.attachments.add(InfoItemAttachment(document=doc))
    column("agency-a", column_slug).add_child(instance=item)
    if live:
        item.save_revision().publish()
    item.refresh_from_db()
    return item


def content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
