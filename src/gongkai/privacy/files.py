"""Read the text of a file, piece by located piece, and scan it.

Reading is done by ``gongkai.extract`` (shared with search and the report check); this module
scans what it reads. Leaks rarely sit in the visible body: they hide in spreadsheet sheets, rows and columns
someone hid, in cells beyond the range a viewer shows, in Word comments, headers and
tracked deletions, in HTML comments and attributes. The extractors therefore read all of
those too and says where each piece came from (``page 3``, ``header``,
``sheet 明细 (hidden) B2``), so that staff can find and fix the spot.
"""

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from gongkai import extract
from gongkai.extract import Table as _Table
from gongkai.extract import UnreadableError as UnreadableFileError
from gongkai.extract import UnsupportedTypeError as UnsupportedFileTypeError

from .findings import Confidence, Finding, Kind, mask_name
from .scanner import scan_text

__all__ = [
    "UnreadableFileError",
    "UnsupportedFileTypeError",
    "scan_file",
]


def scan_file(
    source: "str | os.PathLike | bytes",
    filename: str | None = None,
    *,
    allow: Iterable[str] = (),
    min_confidence: Confidence | str = Confidence.LOW,
    limits: extract.Limits = extract.DEFAULT_LIMITS,
) -> list[Finding]:
    """Personal information in a file given as a path or as its bytes with its name.

    Each finding's ``location`` says where it is; ``start``/``end`` index that chunk's text.
    Raises ``UnreadableFileError`` (or ``UnsupportedFileTypeError``, or
    ``extract.TooLargeError`` over one of ``limits``) when the file cannot be read.
    """
    extracted = _extract(source, filename, limits)
    threshold = Confidence.parse(min_confidence)
    findings = [
        replace(finding, location=chunk.location)
        for chunk in extracted.blocks
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


def _extract(source, filename: str | None, limits: extract.Limits) -> extract.Extraction:
    if isinstance(source, bytes | bytearray | memoryview):
        if not filename:
            raise ValueError("filename is needed to know the kind of the bytes given")
        return extract.read_bytes(bytes(source), filename, limits)
    if filename is None:
        return extract.read_path(source, limits)
    # A path whose kind is named apart from it (an upload stored under a random name).
    budget = extract.Budget(limits, str(source))
    return extract.read_bytes(extract.read_regular_file(source, budget), filename, limits)


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
