"""Files a case receives (an applicant's correction or identity document, a decision of a
复议机关 or court): the private storage they go to, and the one check of their type and size.

Case files are never public: they live outside MEDIA_ROOT (``PRIVATE_MEDIA_ROOT``) under a
random name (a file's own name may name a person) and reach people only through views that
check access.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

#: what a case file may be, by its first bytes: a file named .pdf must start like a PDF
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".ofd": (b"PK\x03\x04",),
}
#: the identity document copy: a scan or a photo
IMAGE_OR_PDF = (".pdf", ".jpg", ".jpeg", ".png")
#: a correction or a decision document: also Word and OFD (the official electronic format)
DOCUMENTS = (*IMAGE_OR_PDF, ".docx", ".ofd")
MAX_BYTES = 10 * 1024 * 1024
IDENTITY_MAX_BYTES = 5 * 1024 * 1024


def private_storage() -> FileSystemStorage:
    """Storage outside MEDIA_ROOT: files reach only the applicant and staff, through views
    that check access (tracking code and secret, or the agency scope)."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def upload_error(upload, allowed: tuple[str, ...] = DOCUMENTS, max_bytes: int = MAX_BYTES):
    """Why ``upload`` is refused (a sentence in Chinese), or None: its type by name and by
    content, its size, emptiness."""
    suffix = Path(upload.name or "").suffix.lower()
    kinds = "、".join(sorted({s.lstrip(".").upper() for s in allowed}))
    if suffix not in allowed:
        return f"只能上传以下格式的文件：{kinds}"
    if upload.size == 0:
        return "文件为空"
    if upload.size > max_bytes:
        return f"文件不能超过 {max_bytes // (1024 * 1024)} MB"
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[suffix]):
        return f"文件内容与扩展名 {suffix} 不符"
    return None


def random_name(upload) -> str:
    """The stored name: random, keeping only the (checked) extension."""
    return f"{uuid.uuid4().hex}{Path(upload.name or '').suffix.lower()[:10]}"


@contextmanager
def deleted_on_failure(storage) -> Iterator[list[str]]:
    """A list for the names of the files saved to ``storage`` inside the block: if the block
    fails (its transaction rolled back), they are deleted, so no file outlives its record."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            storage.delete(name)
        raise
