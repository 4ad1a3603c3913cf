"""Text of attached files, for the catalog search (no OCR: scanned images give no text)."""

from gongkai.privacy import UnreadableFileError, extract_chunks

MAX_TEXT = 200_000


def extract_attachment_text(attachment) -> str:
    document = attachment.document
    try:
        with document.file.open("rb") as handle:
            chunks = extract_chunks(handle.read(), document.filename)
    except (UnreadableFileError, OSError):
        return ""
    return "\n".join(chunk.text for chunk in chunks)[:MAX_TEXT]


def refresh_attachment_texts(item) -> None:
    """Fill ``extracted_text`` of the item's attachments that have none yet."""
    from gongkai.catalog.models import InfoItemAttachment

    for attachment in InfoItemAttachment.objects.filter(
        item=item, extracted_text=""
    ).select_related("document"):
        text = extract_attachment_text(attachment)
        if text:
            InfoItemAttachment.objects.filter(pk=attachment.pk).update(extracted_text=text)
