"""One reading layer: the bytes of a published file → located text blocks and tables.

Pure Python, no Django. The privacy scanner, the search indexer and (at merge) the report
checker read files through here, so that decoding, limits and the locations shown to staff
are the same everywhere. Heavy libraries (pdfplumber, python-docx, openpyxl, BeautifulSoup)
are imported only when a file of their kind is read.

Whole files::

    from gongkai import extract

    result = extract.read_path("公告.docx")            # or read_bytes(data, "公告.docx")
    result.format       # "text" | "html" | "pdf" | "docx" | "xlsx"
    result.encoding     # "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030" … (text, HTML)
    result.blocks       # [Block(location="paragraph 1", text="…"), …]
    result.tables       # [Table(name="table 1", cells={(1, 1): Block(…), …}), …]
    result.text         # all blocks' text, for a search index

Formats: .txt .csv (a block per non-empty line, ``line N``), .html .htm (the visible text as
``text``, plus ``comment N`` and attribute values ``<a href>``), .pdf (``page N``), .docx
(``paragraph N``, ``table T row R cell C``, ``header``, ``footer``, ``comment N``,
``footnote N``…, text boxes and tracked deletions included), .xlsx .xlsm (``sheet S B2``,
hidden and very hidden sheets, hidden rows and columns, comments).

Lower level, for readers that walk a format's structure themselves (the report checker)::

    extract.decode(data)                    # -> Decoded(text, encoding); DecodeError
    budget = extract.Budget(extract.DEFAULT_LIMITS, "report.pdf")
    with extract.open_pdf(data, budget) as pdf:       # pdfplumber PDF, page count checked
        for number, page in extract.pdf_pages(pdf, budget): ...
    extract.open_docx(data, budget)         # python-docx Document, package checked
    extract.open_xlsx(data, budget)         # openpyxl workbook (data_only), cells counted
    extract.open_html(data, budget, parser="lxml")   # BeautifulSoup, bytes decoded here

so replacing ``reportcheck.readers.decode()`` is ``extract.decode(data).text`` and its
``pdfplumber.open`` / ``docx.Document`` / ``BeautifulSoup`` calls become the three
``open_*`` calls, each raising :class:`UnreadableError` instead of library errors.

Limits (:class:`Limits`, defaults in ``DEFAULT_LIMITS``, any of them ``None`` to switch it
off): file size, package parts and uncompressed size (from the zip directory, before
inflating), XML bytes, compression ratio, PDF pages (from the page tree), cells (counted in
the sheet XML before openpyxl loads it) and seconds per file. XML with a DTD is refused, and
lxml parses without entity expansion. Non-regular files (FIFO, device, symlink to one) are
refused from ``stat``. Over a limit: :class:`TooLargeError`; otherwise unreadable:
:class:`UnreadableError`, whose ``str()`` is one line in Chinese and English and whose
``reason`` is the same without the file name.
"""

from .decoding import Decoded, DecodeError, decode
from .html import open_html
from .limits import (
    DEFAULT_LIMITS,
    Budget,
    Limits,
    TooLargeError,
    UnreadableError,
    UnsupportedTypeError,
)
from .model import Block, Extraction, Table
from .package import open_docx, open_xlsx
from .pdf import open_pdf
from .pdf import pages as pdf_pages
from .reading import (
    KNOWN_UNSUPPORTED_SUFFIXES,
    SUPPORTED_SUFFIXES,
    read_bytes,
    read_path,
    read_regular_file,
)

__all__ = [
    "DEFAULT_LIMITS",
    "KNOWN_UNSUPPORTED_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "Block",
    "Budget",
    "DecodeError",
    "Decoded",
    "Extraction",
    "Limits",
    "Table",
    "TooLargeError",
    "UnreadableError",
    "UnsupportedTypeError",
    "decode",
    "open_docx",
    "open_html",
    "open_pdf",
    "open_xlsx",
    "pdf_pages",
    "read_bytes",
    "read_path",
    "read_regular_file",
]
