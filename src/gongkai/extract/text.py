"""Plain text and CSV: one block per non-empty line."""

from .decoding import DecodeError, decode
from .limits import Budget, UnreadableError
from .model import Block, Extraction


def decode_or_refuse(data: bytes, budget: Budget):
    try:
        return decode(data)
    except DecodeError:
        raise UnreadableError(
            budget.filename,
            "不是 UTF-8、UTF-16 或 GB18030 编码的文本",
            "not UTF-8, UTF-16 or GB18030 encoded text",
        ) from None


def read_text(data: bytes, budget: Budget) -> Extraction:
    decoded = decode_or_refuse(data, budget)
    blocks = [
        Block(f"line {number}", line)
        for number, line in enumerate(decoded.text.splitlines(), start=1)
        if line.strip()
    ]
    return Extraction("text", blocks=blocks, encoding=decoded.encoding)
