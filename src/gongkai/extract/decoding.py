"""Bytes of a text file to text, saying which encoding was used.

Chinese text files come as UTF-8 (with or without the BOM Notepad writes), UTF-16 (what
Excel's "Unicode text" and PowerShell write, usually with a BOM, sometimes without) and
GB18030/GBK (older tools on a Chinese Windows). The order matters: UTF-8 first, because
GB18030 decodes almost any byte string and would turn UTF-8 into mojibake.
"""

from dataclasses import dataclass

# Control characters that never occur in a text file; a decoded text holding any is taken
# for a wrong guess (or a binary file), not for text.
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v\x1a\x1b") | {"\x7f"}
# How much of the file the NUL-pattern test of BOM-less UTF-16 looks at.
_SAMPLE = 8192


class DecodeError(ValueError):
    """Bytes that are none of the encodings tried."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    # Python codec name: "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030".
    encoding: str


def decode(data: bytes) -> Decoded:
    """Decode ``data`` as UTF-8 (BOM or not), UTF-16 (BOM or not) or GB18030.

    BOM-less UTF-16 is recognised by its NUL bytes: every ASCII character (digits, line
    breaks, punctuation) has a zero high byte, so the NULs fall mostly on odd offsets
    (little endian) or mostly on even ones (big endian); the byte order that gives line
    breaks wins. A text of only CJK characters
    without a BOM has no NUL and is not recognised; such files are not seen in practice,
    since every line ends with an ASCII line break.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    elif b"\x00" in data:
        candidates = _utf16_without_bom(data)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.intersection(text):
            return Decoded(text, encoding)
    raise DecodeError("not UTF-8, UTF-16 or GB18030 text")


def _utf16_without_bom(data: bytes) -> tuple[str, ...]:
    """The two byte orders, likelier first, or none when the NULs say "binary"."""
    if len(data) % 2:
        return ()
    sample = data[:_SAMPLE]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd == even:
        return ()
    # NULs mostly on one side: the high bytes of ASCII characters. Some fall on the other
    # side too, from CJK characters whose low byte is zero (一 is U+4E00); so when only
    # one byte order gives line breaks, that is the one (a swapped line break, U+0A00,
    # is no character at all).
    likely = ("utf-16-le", "utf-16-be") if odd > even else ("utf-16-be", "utf-16-le")
    breaks = [order for order in likely if _has_line_break(data, order)]
    return tuple(breaks) if len(breaks) == 1 else likely


def _has_line_break(data: bytes, order: str) -> bool:
    newline = "\n".encode(order)
    return any(data[i : i + 2] == newline for i in range(0, min(len(data), _SAMPLE), 2))
