"""What a reader may spend on one file, and the errors it ends with when it cannot read it.

Every limit is checked before the work it bounds wherever the format allows: the file's size
from ``stat``, a zip package's member count and total uncompressed size from its central
directory (``zipfile`` never inflates a member past the size the directory declares), a
PDF's page count from its page tree. Time is checked between pages, parts and blocks; one
pathological page can still overrun it by the time that page takes.
"""

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

MB = 1024 * 1024


class UnreadableError(Exception):
    """A file that could not be read; ``str()`` is one line in Chinese and English."""

    def __init__(self, filename: str, reason_zh: str, reason_en: str):
        self.filename = filename
        self.reason_zh = reason_zh
        self.reason_en = reason_en
        super().__init__(f"无法读取 {filename}：{reason_zh} / cannot read {filename}: {reason_en}")

    @property
    def reason(self) -> str:
        """The reason alone, both languages, without the file name."""
        return f"{self.reason_zh} / {self.reason_en}"


class UnsupportedTypeError(UnreadableError):
    """A kind of file no reader here understands (.doc, .xls, .wps …)."""


class TooLargeError(UnreadableError):
    """A file that is over one of the :class:`Limits` (size, parts, pages, cells, time)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on reading one file. The defaults keep any file within seconds and a few
    hundred MB; pass ``Limits(max_pages=…)`` (or ``dataclasses.replace(DEFAULT_LIMITS, …)``)
    to change one. ``None`` switches a limit off."""

    # Bytes of the file itself (a published attachment is rarely above 20 MB).
    max_file_bytes: int | None = 64 * MB
    # Members of a .docx/.xlsx package (a real one has tens; thousands mean a crafted file).
    max_parts: int | None = 2_000
    # Sum of the uncompressed sizes of a package's members, from its central directory.
    max_uncompressed_bytes: int | None = 256 * MB
    # Sum of the uncompressed sizes of its XML members: what python-docx and openpyxl parse
    # into memory (about 30 bytes of RAM per byte of sheet XML in openpyxl).
    max_xml_bytes: int | None = 32 * MB
    # Uncompressed size over compressed size of the whole package; text XML compresses
    # about 10:1, a zip bomb a thousand to one.
    max_compression_ratio: float | None = 200.0
    # Pages of a PDF, read from the page tree's /Count before any page is parsed.
    max_pages: int | None = 2_000
    # Bytes a PDF's compressed (FlateDecode) streams inflate to, images left out: the text
    # and object streams pdfminer holds in memory. A 1 MB flate bomb inflates to 1 GB; a
    # 2,000-page report's content streams come to a few tens of MB.
    max_inflated_bytes: int | None = 96 * MB
    # Cells of all sheets of a workbook together.
    max_cells: int | None = 1_000_000
    # Tags of an HTML page, counted before parsing (a long real page has ~20,000; a page of
    # 100,000 nested tags takes BeautifulSoup seconds, a million a minute).
    max_html_tags: int | None = 100_000
    # Wall-clock seconds for one file, checked between pages, parts and cells, and in the
    # main thread also enforced by an alarm (see ``hard_deadline``).
    max_seconds: float | None = 10.0


DEFAULT_LIMITS = Limits()


class Budget:
    """The running account of one file's reading against its limits."""

    __slots__ = ("cells", "deadline", "filename", "limits")

    def __init__(self, limits: Limits, filename: str):
        self.limits = limits
        self.filename = filename
        self.cells = 0
        self.deadline = (
            None if limits.max_seconds is None else time.monotonic() + limits.max_seconds
        )

    def too_large(self, what_zh: str, what_en: str) -> TooLargeError:
        return TooLargeError(self.filename, f"文件过大：{what_zh}", f"too large: {what_en}")

    def tick(self) -> None:
        """Raise once the time for this file is spent."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            seconds = self.limits.max_seconds
            raise self.too_large(f"读取超过 {seconds:g} 秒", f"reading took over {seconds:g} s")

    def count_cells(self, n: int = 1) -> None:
        self.cells += n
        limit = self.limits.max_cells
        if limit is not None and self.cells > limit:
            raise self.too_large(f"单元格超过 {limit} 个", f"more than {limit} cells")

    def check_size(self, size: int) -> None:
        limit = self.limits.max_file_bytes
        if limit is not None and size > limit:
            raise self.too_large(
                f"{size} 字节，上限 {limit} 字节", f"{size} bytes, the limit is {limit}"
            )

    def check_inflated(self, size: int) -> None:
        limit = self.limits.max_inflated_bytes
        if limit is not None and size > limit:
            raise self.too_large(
                f"压缩内容解压后超过 {limit} 字节",
                f"compressed content inflates past {limit} bytes",
            )

    def check_pages(self, pages: int) -> None:
        limit = self.limits.max_pages
        if limit is not None and pages > limit:
            raise self.too_large(f"{pages} 页，上限 {limit} 页", f"{pages} pages, limit {limit}")


@contextmanager
def hard_deadline(budget: Budget):
    """Interrupt reading once ``max_seconds`` are spent, even inside one long step (a page
    of 10^6 nested tags, one huge PDF page), by raising from a SIGALRM handler.

    Only where that is safe: in the main thread, on a system with ``setitimer``, and when
    nobody else uses SIGALRM; elsewhere (a web server's worker thread) the cooperative
    checks between pages and parts are the limit. A step inside C code (lxml) is
    interrupted when it returns to Python.
    """
    seconds = budget.limits.max_seconds
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise budget.too_large(f"读取超过 {seconds:g} 秒", f"reading took over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
