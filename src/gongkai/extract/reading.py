"""Which reader reads which file, and reading a path without being fooled by it."""

import os
import stat
import types
from pathlib import Path

from .docx import read_docx
from .html import read_html
from .limits import (
    DEFAULT_LIMITS,
    Budget,
    Limits,
    UnreadableError,
    UnsupportedTypeError,
    hard_deadline,
)
from .model import Extraction
from .pdf import read_pdf
from .text import read_text
from .xlsx import read_xlsx

READERS = types.MappingProxyType(
    {
        ".txt": read_text,
        ".csv": read_text,
        ".html": read_html,
        ".htm": read_html,
        ".pdf": read_pdf,
        ".docx": read_docx,
        ".xlsx": read_xlsx,
        ".xlsm": read_xlsx,
    }
)
SUPPORTED_SUFFIXES = tuple(READERS)
# Office formats people do publish but that need a converter we do not ship: said per file
# instead of being silently skipped. OFD is the national e-document format (GB/T 33190).
KNOWN_UNSUPPORTED_SUFFIXES = (
    ".doc", ".xls", ".wps", ".et", ".dps", ".ppt", ".pptx", ".rtf", ".odt", ".ods", ".ofd",
)  # fmt: skip


def reader_for(filename: str, budget: Budget):
    suffix = Path(filename).suffix.lower()
    reader = READERS.get(suffix)
    if reader is not None:
        return reader
    hint_zh = hint_en = ""
    if suffix in KNOWN_UNSUPPORTED_SUFFIXES:
        hint_zh, hint_en = (
            "，请另存为 .docx / .xlsx / .pdf 后再检查",
            "; save it as .docx/.xlsx/.pdf",
        )
    raise UnsupportedTypeError(
        filename,
        f"不支持的文件类型 {suffix or '（无扩展名）'}{hint_zh}",
        f"unsupported file type {suffix or '(none)'}{hint_en}",
    )


def read_bytes(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> Extraction:
    """Read a file given as its bytes; ``filename``'s suffix chooses the reader."""
    if not filename:
        raise ValueError("filename is needed to know the kind of the bytes given")
    budget = Budget(limits, filename)
    reader = reader_for(filename, budget)
    budget.check_size(len(data))
    with hard_deadline(budget):
        return reader(bytes(data), budget)


def read_path(path: "str | os.PathLike", limits: Limits = DEFAULT_LIMITS) -> Extraction:
    """Read a file on disk. Only regular files are read: a FIFO would block forever and a
    device (or a symlink to ``/dev/zero``) never ends, so both are refused from ``stat``
    alone, before anything is opened."""
    name = str(path)
    budget = Budget(limits, name)
    reader = reader_for(name, budget)
    data = read_regular_file(path, budget)
    with hard_deadline(budget):
        return reader(data, budget)


def read_regular_file(path: "str | os.PathLike", budget: Budget) -> bytes:
    """The bytes of a regular file within the size limit; anything else is refused."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UnreadableError(name, "文件不存在", "no such file") from None
    except OSError as error:
        raise _cannot_open(name, error) from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableError(name, "这是一个文件夹", "is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableError(
            name,
            "不是普通文件（管道、设备等），未读取",
            "not a regular file (FIFO, device …); not read",
        )
    budget.check_size(info.st_size)
    try:
        # O_NONBLOCK: should the path have become a FIFO since the stat, open() must not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise _cannot_open(name, error) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise UnreadableError(name, "不是普通文件，未读取", "not a regular file; not read")
        limit = budget.limits.max_file_bytes
        data = handle.read() if limit is None else handle.read(limit + 1)
    budget.check_size(len(data))
    return data


def _cannot_open(name: str, error: OSError) -> UnreadableError:
    return UnreadableError(name, f"无法打开（{error.strerror}）", f"cannot open ({error.strerror})")
