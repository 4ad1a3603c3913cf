"""Office Open XML packages (.docx, .xlsx): zip checks before any member is inflated.

The central directory states each member's uncompressed size, and ``zipfile`` stops
inflating a member at that size (and fails its CRC beyond it), so summing the directory
bounds the whole package before reading it. XML members are refused when they carry a
document type declaration: OOXML never has one, and a DTD is where entity bombs live
(openpyxl parses with the standard library's expat, which expands internal entities).
"""

import io
import re
import zipfile

from .limits import Budget, UnreadableError

# Bytes of a member's start searched for a DTD: the prolog (XML declaration, comments,
# processing instructions) comes before the first element, and real ones are short.
_PROLOG = 64 * 1024
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
_COMMENT = re.compile(rb"<!--.*?-->", re.S)


def _damaged(budget: Budget, kind: str) -> UnreadableError:
    return UnreadableError(
        budget.filename,
        f"不是有效的 {kind} 文件（可能已加密或已损坏）",
        f"not a valid {kind} file (encrypted or damaged?)",
    )


def check_package(data: bytes, budget: Budget, kind: str) -> zipfile.ZipFile:
    """The zip of a .docx/.xlsx after its directory passed the part and size limits."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _damaged(budget, kind) from None
    limits = budget.limits
    if limits.max_parts is not None and len(members) > limits.max_parts:
        raise budget.too_large(
            f"压缩包有 {len(members)} 个部件，上限 {limits.max_parts}",
            f"{len(members)} parts in the package, limit {limits.max_parts}",
        )
    total = sum(member.file_size for member in members)
    if limits.max_uncompressed_bytes is not None and total > limits.max_uncompressed_bytes:
        raise budget.too_large(
            f"解压后 {total} 字节，上限 {limits.max_uncompressed_bytes}",
            f"{total} bytes uncompressed, limit {limits.max_uncompressed_bytes}",
        )
    xml = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels", ".vml")))
    if limits.max_xml_bytes is not None and xml > limits.max_xml_bytes:
        raise budget.too_large(
            f"XML 部件解压后共 {xml} 字节，上限 {limits.max_xml_bytes}",
            f"{xml} bytes of XML parts, limit {limits.max_xml_bytes}",
        )
    ratio = limits.max_compression_ratio
    packed = sum(member.compress_size for member in members) or 1
    if ratio is not None and total > 1024 * 1024 and total / packed > ratio:
        raise budget.too_large(
            f"压缩比 {total // packed}:1，疑似压缩炸弹",
            f"compression ratio {total // packed}:1, a zip bomb?",
        )
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")):
            budget.tick()
            _refuse_dtd(package, member, budget)
    return package


def _refuse_dtd(package: zipfile.ZipFile, member: zipfile.ZipInfo, budget: Budget) -> None:
    try:
        with package.open(member) as stream:
            head = stream.read(_PROLOG)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise _damaged(budget, "Office") from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode()
    head = _COMMENT.sub(b"", head)
    first = _FIRST_ELEMENT.search(head)
    prolog = head if first is None else head[: first.start()]
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise UnreadableError(
            budget.filename,
            f"部件 {member.filename} 含 DTD（实体声明），拒绝解析",
            f"part {member.filename} has a DTD (entity declarations); refused",
        )


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")


def count_cells(package: zipfile.ZipFile, budget: Budget) -> None:
    """Count the ``<c>`` elements of every worksheet, streaming, before openpyxl loads
    them all into memory; raises when they are over the cell limit."""
    for member in package.infolist():
        if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
            continue
        with package.open(member) as stream:
            tail = b""
            while chunk := stream.read(1024 * 1024):
                budget.tick()
                data = tail + chunk
                # Tags starting in the last bytes are left for the next round, where they
                # are whole; every tag is counted once, in the round where it starts early.
                cut = max(len(data) - 64, 0)
                found = sum(1 for m in _CELL_TAG.finditer(data) if m.start() < cut)
                budget.count_cells(found)
                tail = data[cut:]
            budget.count_cells(len(_CELL_TAG.findall(tail)))
    # The reader counts the cells again as it reads them; start its account afresh.
    budget.cells = 0


def safe_xml(blob: bytes):
    """Parse XML with lxml without entity expansion, network or huge trees."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, huge_tree=False, no_network=True, load_dtd=False
    )
    return etree.fromstring(blob, parser)


def open_document(loader, data: bytes, budget: Budget, kind: str):
    """``loader(stream)`` (python-docx, openpyxl) on a package that passed the checks."""
    package = check_package(data, budget, kind)
    if kind == "XLSX":
        count_cells(package, budget)
    try:
        return loader(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _damaged(budget, kind) from error
    except Exception as error:  # noqa: BLE001 - python-docx/openpyxl wrap lxml and zip errors
        raise UnreadableError(
            budget.filename,
            f"无法解析 {kind} 文件（{type(error).__name__}）",
            f"cannot parse the {kind} file ({type(error).__name__})",
        ) from error


def open_docx(data: bytes, budget: Budget):
    """A python-docx ``Document`` of ``data``, within the limits."""
    import docx

    return open_document(docx.Document, data, budget, "DOCX")


def open_xlsx(data: bytes, budget: Budget):
    """An openpyxl workbook of ``data`` with cached values (what a reader sees)."""
    import openpyxl

    return open_document(
        lambda stream: openpyxl.load_workbook(stream, data_only=True), data, budget, "XLSX"
    )
