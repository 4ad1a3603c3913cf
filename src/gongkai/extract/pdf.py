"""PDF through pdfplumber, with the page count checked before any page is parsed."""

import io
import re
import zlib
from contextlib import contextmanager

from .limits import Budget, UnreadableError
from .model import Block, Extraction


def _damaged(budget: Budget, error: Exception) -> UnreadableError:
    name = type(error).__name__
    return UnreadableError(
        budget.filename, f"PDF 已加密或已损坏（{name}）", f"PDF is encrypted or damaged ({name})"
    )


def page_count(pdf) -> int | None:
    """The page tree's /Count, read without walking the tree (None when it has none)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"]).get("Count"))
    except Exception:  # noqa: BLE001 - a damaged tree: let the page walk decide
        return None
    return count if isinstance(count, int) else None


_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1024 * 1024


def _inflated_size(compressed: bytes, budget: Budget, counted: int) -> int:
    """What ``compressed`` inflates to, counted in chunks that are dropped as they come
    (never holding more than one), stopping once ``counted`` plus it passes the limit.
    A stream that is not zlib data counts as nothing: pdfminer will judge it."""
    inflater = zlib.decompressobj()
    size, pending = 0, compressed
    limit = budget.limits.max_inflated_bytes
    try:
        while pending:
            size += len(inflater.decompress(pending, _CHUNK))
            pending = inflater.unconsumed_tail
            budget.check_inflated(counted + size)
            if limit is not None and counted + size > limit:
                break
    except zlib.error:
        return size
    return size


def check_inflated_streams(data: bytes, budget: Budget) -> None:
    """Refuse a PDF whose compressed streams would inflate past ``max_inflated_bytes``
    before pdfminer inflates any of them whole into memory (a flate bomb). Image streams
    (``/Subtype /Image`` in the dictionary before the stream) are left out: text
    extraction never decodes them, and a scan's bitmaps are legitimately large."""
    if budget.limits.max_inflated_bytes is None:
        return
    total, position = 0, 0
    while match := _STREAM.search(data, position):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        dictionary = data[max(0, match.start() - 512) : match.start()]
        dictionary = dictionary[dictionary.rfind(b"obj") + 1 :]
        if b"/Image" not in dictionary and b"Flate" in dictionary:
            total += _inflated_size(data[start:end], budget, total)
            budget.tick()
        position = end + len(b"endstream")


@contextmanager
def open_pdf(data: bytes, budget: Budget):
    """A pdfplumber PDF whose page count is within the limits; closed on exit.

    Errors pdfminer raises while opening (and its zoo of types for damaged or encrypted
    files) become :class:`UnreadableError`; errors inside the ``with`` block are the
    caller's, except that they may call :func:`reraise` to get the same translation.
    """
    if b"%PDF" not in data[:1024]:
        raise UnreadableError(budget.filename, "内容不是 PDF", "the content is not a PDF")
    check_inflated_streams(data, budget)
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001
        raise _damaged(budget, error) from error
    try:
        count = page_count(pdf)
        if count is not None:
            budget.check_pages(count)
        yield pdf
    finally:
        # pdfplumber's close() walks pdf.pages, building every page of the document (13 s
        # for 20,000 pages) just to flush their caches; when nobody built them there is
        # nothing to flush, and the stream is our BytesIO.
        if "_pages" in vars(pdf):
            pdf.close()


def pages(pdf, budget: Budget):
    """The PDF's pages, one at a time, within the page and time limits.

    Unlike ``pdf.pages``, which builds every page before the first is returned, this
    walks the page tree lazily, so a tree with more pages than its /Count says still stops
    at the limit; each page's caches are flushed once the caller moves on.
    """
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doctop = 0
    for number, page_object in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        budget.check_pages(number)
        budget.tick()
        page = Page(pdf, page_object, page_number=number, initial_doctop=doctop)
        doctop += page.height
        yield number, page
        page.close()


def read_pdf(data: bytes, budget: Budget) -> Extraction:
    extraction = Extraction("pdf")
    with open_pdf(data, budget) as pdf:
        try:
            for number, page in pages(pdf, budget):
                text = page.extract_text() or ""
                extraction.pages = number
                if text.strip():
                    extraction.blocks.append(Block(f"page {number}", text))
        except UnreadableError:
            raise
        except Exception as error:  # noqa: BLE001
            raise _damaged(budget, error) from error
    return extraction
