"""PDF through pdfplumber, with the page count checked before any page is parsed."""

import io
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


@contextmanager
def open_pdf(data: bytes, budget: Budget):
    """A pdfplumber PDF whose page count is within the limits; closed on exit.

    Errors pdfminer raises while opening (and its zoo of types for damaged or encrypted
    files) become :class:`UnreadableError`; errors inside the ``with`` block are the
    caller's, except that they may call :func:`reraise` to get the same translation.
    """
    import pdfplumber

    if not data.startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise UnreadableError(budget.filename, "内容不是 PDF", "the content is not a PDF")
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
        pdf.close()


def pages(pdf, budget: Budget):
    """The PDF's pages, one at a time, within the page and time limits."""
    for number, page in enumerate(pdf.pages, start=1):
        budget.check_pages(number)
        budget.tick()
        yield number, page


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
