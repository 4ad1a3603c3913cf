"""A file's own properties: the PDF document information dictionary, the core and app
properties of a .docx/.xlsx package. A page's reader never sees them, but anyone who
downloads the file does (the author's name, a subject line with an ID number…).

Kept apart from :func:`gongkai.extract.read_bytes`, whose blocks feed the search index:
properties are scanned for personal information, not indexed.
"""

import os

from .limits import DEFAULT_LIMITS, Budget, Limits, UnreadableError
from .model import Block
from .package import check_package, safe_xml
from .pdf import open_pdf

_PACKAGE_PARTS = ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")
_PACKAGE_KINDS = {".docx": "DOCX", ".docm": "DOCX", ".xlsx": "XLSX", ".xlsm": "XLSX"}


def read_properties(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> list[Block]:
    """Located text of the file's properties: ``property Title``, ``property creator`` …

    Other kinds of file have none (``[]``). Raises :class:`UnreadableError` (or
    ``TooLargeError``) as the readers do."""
    suffix = os.path.splitext(filename)[1].lower()
    budget = Budget(limits, filename)
    if suffix == ".pdf":
        return _pdf_properties(data, budget)
    if suffix in _PACKAGE_KINDS:
        return _package_properties(data, budget, _PACKAGE_KINDS[suffix])
    return []


def _pdf_properties(data: bytes, budget: Budget) -> list[Block]:
    with open_pdf(data, budget) as pdf:
        try:
            info = dict(pdf.metadata or {})
        except Exception as error:  # noqa: BLE001 - pdfminer's many types of damage
            raise UnreadableError(
                budget.filename,
                f"无法读取 PDF 文档属性（{type(error).__name__}）",
                f"cannot read the PDF document information ({type(error).__name__})",
            ) from error
    blocks = []
    for key, value in info.items():
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, str) and value.strip():
            blocks.append(Block(f"property {key}", value))
    return blocks


def _package_properties(data: bytes, budget: Budget, kind: str) -> list[Block]:
    package = check_package(data, budget, kind)
    names = set(package.namelist())
    blocks = []
    for part in _PACKAGE_PARTS:
        if part not in names:
            continue
        try:
            root = safe_xml(package.read(part))
        except Exception as error:  # noqa: BLE001 - lxml's syntax errors
            raise UnreadableError(
                budget.filename,
                f"{kind} 的文档属性无法解析",
                f"the {kind} properties cannot be parsed",
            ) from error
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue  # comments, processing instructions
            text = (element.text or "").strip()
            if not text:
                continue
            name = element.tag.rsplit("}", 1)[-1]
            if part.endswith("custom.xml"):
                # <property name="联系人"><vt:lpwstr>…</vt:lpwstr></property>
                parent = element.getparent()
                name = (parent.get("name") if parent is not None else None) or name
            blocks.append(Block(f"property {name}", text))
    return blocks
