"""HTML: the visible text, comments and attribute values (tel:/mailto: links, tooltips)."""

import re

from .limits import Budget
from .model import Block, Extraction
from .text import decode_or_refuse

_TAG = re.compile(r"<[A-Za-z]")


def open_html(data: bytes | str, budget: Budget, parser: str = "html.parser"):
    """A BeautifulSoup tree of ``data``; bytes are decoded by the shared rules first (a
    page's own ``<meta charset>`` is often wrong on old sites, while the bytes are not).
    The tags are counted before parsing, against ``max_html_tags``."""
    from bs4 import BeautifulSoup

    if isinstance(data, bytes | bytearray):
        text = decode_or_refuse(bytes(data), budget).text
    else:
        text = data
    limit = budget.limits.max_html_tags
    if limit is not None:
        tags = sum(1 for _ in _TAG.finditer(text))
        if tags > limit:
            raise budget.too_large(f"{tags} 个标签，上限 {limit}", f"{tags} tags, limit {limit}")
    return BeautifulSoup(text, parser)


def read_html(data: bytes, budget: Budget) -> Extraction:
    from bs4 import Comment

    decoded = decode_or_refuse(data, budget)
    soup = open_html(decoded.text, budget)
    budget.tick()
    blocks = []
    for number, comment in enumerate(soup.find_all(string=lambda s: isinstance(s, Comment)), 1):
        blocks.append(Block(f"comment {number}", str(comment)))
        comment.extract()
    for style in soup.find_all("style"):
        style.decompose()
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name in ("class", "style", "id"):
                continue
            value = " ".join(value) if isinstance(value, list) else str(value)
            if value.strip():
                blocks.append(Block(f"<{tag.name} {name}>", value))
    # One element per line, so that labels never reach into a neighbouring cell.
    blocks.insert(0, Block("text", soup.get_text("\n")))
    return Extraction("html", blocks=blocks, encoding=decoded.encoding)
