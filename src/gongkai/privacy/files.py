"""Read the text of a file, piece by located piece, and scan it.

Leaks rarely sit in the visible body: they hide in spreadsheet sheets, rows and columns
someone hid, in cells beyond the range a viewer shows, in Word comments, headers and
tracked deletions, in HTML comments and attributes. Every extractor therefore reads all of
those too and says where each piece came from (``page 3``, ``header``,
``sheet 明细 (hidden) B2``), so that staff can find and fix the spot.
"""

import io
import os
import re
import types
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .findings import Confidence, Finding, Kind, mask_name
from .scanner import scan_text

SUPPORTED_SUFFIXES = (".txt", ".csv", ".docx", ".pdf", ".xlsx", ".xlsm", ".html", ".htm")
# Office formats people do publish but that need a converter we do not ship: said per file
# instead of being silently skipped. OFD is the national e-document format (GB/T 33190).
KNOWN_UNSUPPORTED_SUFFIXES = (
    ".doc", ".xls", ".wps", ".et", ".dps", ".ppt", ".pptx", ".rtf", ".odt", ".ods", ".ofd",
)  # fmt: skip

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DOCX_TEXT_TAGS = (_W + "t", _W + "delText")
_DOCX_CHANGE_TAGS = (_W + "ins", _W + "del", _W + "moveFrom", _W + "moveTo")
_DOCX_PART_KINDS = types.MappingProxyType(
    {
        "/header": "header",
        "/footer": "footer",
        "/comments": "comment",
        "/footnotes": "footnote",
        "/endnotes": "endnote",
    }
)


class UnreadableFileError(Exception):
    """A file that could not be read; its message is bilingual for staff and logs."""

    def __init__(self, filename: str, reason_zh: str, reason_en: str):
        self.filename = filename
        self.reason_zh = reason_zh
        self.reason_en = reason_en
        super().__init__(f"无法读取 {filename}：{reason_zh} / cannot read {filename}: {reason_en}")


class UnsupportedFileTypeError(UnreadableFileError):
    """A file of a kind the scanner cannot read (.doc, .xls, .wps …)."""


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of a file's text and where in the file it is."""

    location: str
    text: str


@dataclass
class _Table:
    """Cells of one table or sheet, by (row, column), for spotting lists of names."""

    cells: dict[tuple[int, int], Chunk] = field(default_factory=dict)


@dataclass
class _Extracted:
    chunks: list[Chunk] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)


def extract_chunks(source: "str | os.PathLike | bytes", filename: str | None = None) -> list[Chunk]:
    """The text of a file as located chunks (also usable to index attachments for search)."""
    return _extract(source, filename).chunks


def scan_file(
    source: "str | os.PathLike | bytes",
    filename: str | None = None,
    *,
    allow: Iterable[str] = (),
    min_confidence: Confidence | str = Confidence.LOW,
) -> list[Finding]:
    """Personal information in a file given as a path or as its bytes with its name.

    Each finding's ``location`` says where it is; ``start``/``end`` index that chunk's text.
    Raises ``UnreadableFileError`` (or ``UnsupportedFileTypeError``) when the file cannot
    be read.
    """
    extracted = _extract(source, filename)
    threshold = Confidence.parse(min_confidence)
    findings = [
        replace(finding, location=chunk.location)
        for chunk in extracted.chunks
        for finding in scan_text(chunk.text, allow=allow, min_confidence=threshold)
    ]
    strong_locations = {
        f.location for f in findings if f.kind in (Kind.ID_CARD, Kind.MOBILE, Kind.BANK_CARD)
    }
    for table in extracted.tables:
        for finding in _name_list_findings(table, strong_locations):
            if finding.confidence >= threshold:
                findings.append(finding)
    return findings


def _extract(source, filename: str | None) -> _Extracted:
    if isinstance(source, bytes | bytearray | memoryview):
        if not filename:
            raise ValueError("filename is needed to know the kind of the bytes given")
        data = bytes(source)
    else:
        path = Path(source)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UnreadableFileError(str(source), "文件不存在", "no such file") from None
        except IsADirectoryError:
            raise UnreadableFileError(str(source), "这是一个文件夹", "is a directory") from None
        except OSError as error:
            raise UnreadableFileError(
                str(source), f"无法打开（{error.strerror}）", f"cannot open ({error.strerror})"
            ) from None
    suffix = Path(filename).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        shown = suffix or "（无扩展名）"
        hint_zh, hint_en = "", ""
        if suffix in KNOWN_UNSUPPORTED_SUFFIXES:
            hint_zh, hint_en = (
                "，请另存为 .docx / .xlsx / .pdf 后再检查",
                "; save it as .docx/.xlsx/.pdf",
            )
        raise UnsupportedFileTypeError(
            filename,
            f"不支持的文件类型 {shown}{hint_zh}",
            f"unsupported file type {suffix or '(none)'}{hint_en}",
        )
    return reader(data, filename)


def _decode_text(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        # GB 18030 is a superset of GBK/GB 2312, which older Chinese text files use.
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise UnreadableFileError(
        filename, "不是 UTF-8 或 GB18030 编码的文本", "not UTF-8 or GB18030 encoded text"
    )


def _read_text(data: bytes, filename: str) -> _Extracted:
    text = _decode_text(data, filename)
    return _Extracted(
        chunks=[
            Chunk(f"line {number}", line)
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]
    )


def _read_html(data: bytes, filename: str) -> _Extracted:
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(data, "html.parser")
    chunks = []
    for number, comment in enumerate(soup.find_all(string=lambda s: isinstance(s, Comment)), 1):
        chunks.append(Chunk(f"comment {number}", str(comment)))
        comment.extract()
    for style in soup.find_all("style"):
        style.decompose()
    # Attributes carry mailto:/tel: links and tooltips that never show as text.
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name in ("class", "style", "id"):
                continue
            value = " ".join(value) if isinstance(value, list) else str(value)
            if value.strip():
                chunks.append(Chunk(f"<{tag.name} {name}>", value))
    # One element per line, so that labels never reach into a neighbouring cell.
    chunks.insert(0, Chunk("text", soup.get_text("\n")))
    return _Extracted(chunks=chunks)


def _read_pdf(data: bytes, filename: str) -> _Extracted:
    import pdfplumber

    chunks = []
    # pdfminer raises a zoo of exception types for damaged or encrypted files.
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                text = page.extract_text() or ""
                if text.strip():
                    chunks.append(Chunk(f"page {number}", text))
    except Exception as error:  # noqa: BLE001
        raise UnreadableFileError(
            filename,
            f"PDF 已加密或已损坏（{type(error).__name__}）",
            f"PDF is encrypted or damaged ({type(error).__name__})",
        ) from error
    return _Extracted(chunks=chunks)


def _open_zip_document(loader, data: bytes, filename: str, kind: str):
    try:
        return loader(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFileError(
            filename,
            f"不是有效的 {kind} 文件（可能已加密或已损坏）",
            f"not a valid {kind} file (encrypted or damaged?)",
        ) from error
    except Exception as error:  # noqa: BLE001 - python-docx/openpyxl wrap lxml and zip errors
        raise UnreadableFileError(
            filename,
            f"无法解析 {kind} 文件（{type(error).__name__}）",
            f"cannot parse the {kind} file ({type(error).__name__})",
        ) from error


def _docx_paragraph_text(paragraph) -> str:
    parts: list[str] = []
    _docx_collect_text(paragraph, parts)
    return "".join(parts)


def _docx_collect_text(node, parts: list[str]) -> None:
    for child in node.iterchildren():
        if child.tag == _MC_FALLBACK:
            # Text boxes are stored twice (modern and fallback rendering); read one copy.
            continue
        if child.tag in _DOCX_TEXT_TAGS:
            parts.append(child.text or "")
        elif child.tag == _W + "tab":
            parts.append("\t")
        elif child.tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        else:
            _docx_collect_text(child, parts)


def _docx_outer_paragraphs(element) -> list:
    """Paragraphs under ``element`` that are not inside another paragraph (a paragraph's
    text already includes the text boxes anchored in it)."""
    if element.tag == _W + "p":
        return [element]
    found = []
    for child in element.iterchildren():
        if child.tag == _W + "p":
            found.append(child)
        elif child.tag != _MC_FALLBACK:
            found.extend(_docx_outer_paragraphs(child))
    return found


def _docx_block_text(element) -> tuple[str, bool]:
    """Text of all paragraphs under ``element`` (deleted revisions included, since they are
    still in the file) and whether any tracked change is among them."""
    paragraphs = [_docx_paragraph_text(p) for p in _docx_outer_paragraphs(element)]
    changed = any(True for tag in _DOCX_CHANGE_TAGS for _ in element.iter(tag))
    return "\n".join(paragraphs), changed


def _tracked(location: str, changed: bool) -> str:
    return f"{location} (tracked changes)" if changed else location


def _read_docx(data: bytes, filename: str) -> _Extracted:
    import docx
    from lxml import etree

    document = _open_zip_document(docx.Document, data, filename, "DOCX")
    extracted = _Extracted()
    paragraph_number = table_number = 0
    for child in document.element.body.iterchildren():
        if child.tag == _W + "tbl":
            table_number += 1
            table = _Table()
            for row_number, row in enumerate(child.iterchildren(_W + "tr"), start=1):
                for cell_number, cell in enumerate(row.iterchildren(_W + "tc"), start=1):
                    text, changed = _docx_block_text(cell)
                    location = f"table {table_number} row {row_number} cell {cell_number}"
                    chunk = Chunk(_tracked(location, changed), text)
                    table.cells[(row_number, cell_number)] = chunk
                    if text.strip():
                        extracted.chunks.append(chunk)
            extracted.tables.append(table)
        elif child.tag in (_W + "p", _W + "sdt", _W + "customXml"):
            for paragraph in _docx_outer_paragraphs(child):
                paragraph_number += 1
                text, changed = _docx_block_text(paragraph)
                if text.strip():
                    location = _tracked(f"paragraph {paragraph_number}", changed)
                    extracted.chunks.append(Chunk(location, text))
    # Headers, footers, comments and notes live in their own parts of the package; reading
    # the parts (not the sections) finds first-page and even-page headers too.
    seen: dict[str, int] = {}
    for relationship in document.part.rels.values():
        kind = next(
            (
                name
                for suffix, name in _DOCX_PART_KINDS.items()
                if relationship.reltype.endswith(suffix)
            ),
            None,
        )
        if kind is None or relationship.is_external:
            continue
        part = relationship.target_part
        element = getattr(part, "element", None)
        if element is None:
            try:
                element = etree.fromstring(part.blob)
            except etree.XMLSyntaxError as error:
                raise UnreadableFileError(
                    filename, f"{kind} 部分已损坏", f"the {kind} part is damaged"
                ) from error
        if kind in ("comment", "footnote", "endnote"):
            for item in element.iterchildren(_W + kind):
                if item.get(_W + "type") in ("separator", "continuationSeparator"):
                    continue
                seen[kind] = seen.get(kind, 0) + 1
                text, changed = _docx_block_text(item)
                if text.strip():
                    location = _tracked(f"{kind} {seen[kind]}", changed)
                    extracted.chunks.append(Chunk(location, text))
        else:
            seen[kind] = seen.get(kind, 0) + 1
            text, changed = _docx_block_text(element)
            if text.strip():
                name = kind if seen[kind] == 1 else f"{kind} {seen[kind]}"
                extracted.chunks.append(Chunk(_tracked(name, changed), text))
    return extracted


def _cell_text(value) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        # Phone numbers typed as numbers come back as 13812345678.0.
        return str(int(value))
    if isinstance(value, int | float | str):
        return str(value)
    # Dates and times are not personal information on their own.
    return ""


def _hidden_columns(sheet) -> set[int]:
    from openpyxl.utils import column_index_from_string

    hidden = set()
    for key, dimension in sheet.column_dimensions.items():
        if dimension.hidden:
            first = dimension.min or column_index_from_string(key)
            last = dimension.max or first
            hidden.update(range(first, last + 1))
    return hidden


def _read_xlsx(data: bytes, filename: str) -> _Extracted:
    import openpyxl

    # data_only: the values a reader sees (cached results), not the formulas behind them.
    workbook = _open_zip_document(
        lambda stream: openpyxl.load_workbook(stream, data_only=True), data, filename, "XLSX"
    )
    extracted = _Extracted()
    for sheet in workbook.worksheets:
        state = {"hidden": " (hidden)", "veryHidden": " (very hidden)"}.get(sheet.sheet_state, "")
        hidden_columns = _hidden_columns(sheet)
        table = _Table()
        # The sheet's stored cells, wherever they are: iter_rows() would walk the whole
        # rectangle up to a stray far-away cell, and the file's <dimension> (the "used
        # range") can be set smaller than the data, which is exactly how cells get missed.
        for (row, column), cell in sorted(sheet._cells.items()):
            notes = []
            # .get, not [ ]: indexing row_dimensions creates an entry for every row read.
            row_dimension = sheet.row_dimensions.get(row)
            if row_dimension is not None and row_dimension.hidden:
                notes.append("hidden row")
            if column in hidden_columns:
                notes.append("hidden column")
            suffix = f" ({', '.join(notes)})" if notes else ""
            location = f"sheet {sheet.title}{state} {cell.coordinate}{suffix}"
            text = _cell_text(cell.value)
            if text.strip():
                chunk = Chunk(location, text)
                extracted.chunks.append(chunk)
                table.cells[(row, column)] = chunk
            if cell.comment is not None and cell.comment.text.strip():
                extracted.chunks.append(Chunk(f"{location} comment", cell.comment.text))
        extracted.tables.append(table)
    return extracted


_READERS = types.MappingProxyType(
    {
        ".txt": _read_text,
        ".csv": _read_text,
        ".html": _read_html,
        ".htm": _read_html,
        ".pdf": _read_pdf,
        ".docx": _read_docx,
        ".xlsx": _read_xlsx,
        ".xlsm": _read_xlsx,
    }
)

# Column headings of a list of people, and of the columns that make such a list sensitive.
_NAME_HEADER = re.compile(
    r"(?:[\u3400-\u9fff]{0,4}姓名|户主|申请人|当事人|被处罚人|联系人|承租人|业主|持证人|领取人|户名)"
)
_PERSONAL_HEADER = re.compile(r"身份证|证件|手机|电话|联系方式|住址|地址|银行|卡号|账号|帐号")
_NAME_CELL = re.compile(r"[\u3400-\u9fff]{2,4}|[\u3400-\u9fff]{1,8}·[\u3400-\u9fff]{1,10}")
_HEADER_ROWS = 5


def _name_list_findings(table: _Table, strong_locations: set[str]) -> Iterator[Finding]:
    """Names in the name column of a table that also lists ID numbers, phones or addresses.

    A bare name in a cell is not recognisable as a name by itself; a column headed 姓名
    beside a column of ID numbers is the classic list of people (低保名单, 补贴发放表).
    """
    rows = sorted({row for row, _ in table.cells})
    for header_row in rows[:_HEADER_ROWS]:
        header = {
            column: chunk.text.strip()
            for (row, column), chunk in table.cells.items()
            if row == header_row
        }
        name_columns = [c for c, text in header.items() if _NAME_HEADER.fullmatch(text)]
        if not name_columns:
            continue
        sensitive = any(_PERSONAL_HEADER.search(text) for text in header.values()) or any(
            chunk.location in strong_locations for chunk in table.cells.values()
        )
        if not sensitive:
            return
        for (row, column), chunk in sorted(table.cells.items()):
            if row <= header_row or column not in name_columns:
                continue
            name = chunk.text.strip()
            if not _NAME_CELL.fullmatch(name):
                continue
            start = chunk.text.index(name)
            yield Finding(
                Kind.NAME,
                start,
                start + len(name),
                mask_name(name),
                Confidence.MEDIUM,
                f"名单中“{header[column]}”列的姓名，同表列有身份证号/电话/住址等",
                chunk.location,
            )
        return
