"""Text of attached files, for the catalog search (no OCR: scanned images give no text)."""

from gongkai import extract
from gongkai.catalog.models import InfoItemAttachment

MAX_TEXT = 200_000


def extract_attachment_text(attachment) -> str:
    """The attachment's text as ``gongkai.extract`` reads it (the same reading as the privacy
    gate's), or "" when it cannot be read or is over the reading limits."""
    document = attachment.document
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        extraction = extract.read_bytes(data, document.filename)
    except (extract.UnreadableError, OSError):
        return ""
    return extraction.text[:MAX_TEXT]


def refresh_attachment_texts(item) -> None:
    """Fill ``extracted_text`` of the item's attachments that have none yet."""

    for attachment in InfoItemAttachment.objects.filter(
        item=item, extracted_text=""
    ).select_related("document"):
        text = extract_attachment_text(attachment)
        if text:
            InfoItemAttachment.objects.filter(pk=attachment.pk).update(extracted_text=text)
