"""Readers: turn a .txt/.html/.docx/.pdf report into one neutral form, a :class:`Document`.

A Document is the report's lines (for headings, numbering and dates) plus a stream of
tokens (for the tables): text cells, numbers, explicit blanks and row ends. Every layout the
dev set shows comes down to that stream; what differs is whether an empty cell leaves a
trace. ``reliable_blanks`` says so: real table rows (HTML, DOCX, "a | b | c" lines) and
blank-line separated cells keep empty cells in place; one-cell-per-line text and PDF text
lose them, and the table reader then places a value only where arithmetic makes it certain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import canon, canon_keep_spaces, parse_number

# The caption of a table of section 二 (第二十条第（一）项), canonical form.
CAPTION_TEXT = re.compile(r"第二十条第\([一二三四五六七八九十]+\)项")


class UnreadableError(Exception):
    """The file could not be read as a report (corrupt, encrypted, not a document …)."""


@dataclass(frozen=True)
class Token:
    kind: str  # text | num | blank | unit | digits | eol
    text: str  # canonical form
    raw: str
    line: int
    value: int | float | None = None
    unit: str | None = None


@dataclass
class Document:
    lines: list[str] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    reliable_blanks: bool = False
    # Whether table rows end with an "eol" token (HTML, DOCX, "a | b | c" lines); the
    # blank-separated layout has reliable blanks but no row ends.
    row_ends: bool = False
    source: str = "text"

    def add_line(self, raw: str) -> int:
        self.lines.append(raw)
        return len(self.lines) - 1

    def add_cell(self, raw: str, line: int) -> None:
        text = canon(raw)
        kind, value, unit = parse_number(text)
        self.tokens.append(Token(kind, text, raw.strip(), line, value, unit))

    def add_digits(self, groups: str, line: int) -> None:
        """Digits of a row whose cells ran together ("230 000023"): split by the table."""
        self.tokens.append(Token("digits", groups, groups, line))

    def add_blank(self, line: int) -> None:
        self.tokens.append(Token("blank", "", "", line))

    def add_cell_or_blank(self, raw: str, line: int) -> None:
        """A cell, or a blank cell when ``raw`` holds nothing but spaces."""
        if raw.strip():
            self.add_cell(raw, line)
        else:
            self.add_blank(line)

    def end_row(self, line: int) -> None:
        self.tokens.append(Token("eol", "", "", line))

    def add_paragraph(self, text: str) -> None:
        """Running text: a row of one cell for each line of ``text`` that is not blank."""
        for part in text.split("\n"):
            if part.strip():
                line = self.add_line(part.strip())
                self.add_cell(part, line)
                self.end_row(line)


# -- plain text ---------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """Text by the shared decoding rules (UTF-8, UTF-16 with or without BOM, GB18030)."""
    from gongkai import extract

    try:
        return extract.decode(data).text
    except extract.DecodeError as exc:
        # Scraped text with a few broken bytes is still a report; binary content is not.
        if b"\x00" in data:
            raise UnreadableError("文本文件含二进制内容，无法读取") from exc
        return data.decode("utf-8", errors="replace")


_PIPE_ROW = re.compile(r"[^|\s][^|]*\|\s*[^|\s]")  # two cells on one line
_ONE_CELL_LINE = re.compile(r"^\s*[^|\s][^|]*\|\s*$")  # "cell |"


def read_text(text: str) -> Document:
    """Scraped text. Three table layouts occur: "a | b | c |" rows, one cell per line (with
    or without a trailing " |"), and one cell per line with blank lines between cells."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pipe_rows = sum(1 for ln in raw_lines if _PIPE_ROW.search(ln))
    # One cell per line with a closing " |" — the cell-lines layout, even when some of
    # its rows are written whole on one line.
    cell_lines = sum(1 for ln in raw_lines if _ONE_CELL_LINE.match(ln))
    if pipe_rows >= 3 and pipe_rows >= cell_lines:
        return _read_pipe_rows(raw_lines)
    empty = sum(1 for ln in raw_lines if ln == "")
    if raw_lines and empty >= 0.35 * len(raw_lines) and empty >= 10:
        return _read_blank_separated(raw_lines)
    return _read_cell_lines(raw_lines)


def _read_pipe_rows(raw_lines: list[str]) -> Document:
    doc = Document(reliable_blanks=True, row_ends=True, source="text:pipe-rows")
    # Rows either close with a bar ("a | b |") or not ("a | b"); in the open dialect a row
    # ending "| " has an empty last cell.
    rows = [ln.rstrip() for ln in raw_lines if _PIPE_ROW.search(ln)]
    open_rows = sum(1 for ln in rows if not ln.endswith("|")) > len(rows) / 2
    for raw in raw_lines:
        if not raw.strip():
            continue
        line = doc.add_line(raw)
        if "|" not in raw:
            _add_line_cells(doc, raw.strip(), line)
            doc.end_row(line)
            continue
        pieces = raw.split("|")
        if not pieces[0].strip():
            pieces = pieces[1:]  # a leading "| " opens the row, it is not an empty cell
        if len(pieces) > 1 and not pieces[-1].strip() and not open_rows:
            # A closing "|" ends the row. Without it the last piece is the last cell (in
            # 表三 the 总计), not a tail to drop.
            pieces = pieces[:-1]
        for piece in pieces:
            doc.add_cell_or_blank(piece, line)
        doc.end_row(line)
    return doc


def _read_blank_separated(raw_lines: list[str]) -> Document:
    # One blank line separates cells; each further blank line is an empty cell. A line of
    # spaces only is an empty cell too (some sites write " " into empty cells).
    doc = Document(reliable_blanks=True, source="text:blank-separated")
    run = 0
    for raw in raw_lines:
        if raw == "":
            run += 1
            continue
        line = doc.add_line(raw)
        if doc.tokens and run > 1:
            for _ in range(run - 1):
                doc.add_blank(line)
        run = 0
        doc.add_cell_or_blank(raw, line)
    return doc


def _read_cell_lines(raw_lines: list[str]) -> Document:
    # One cell per line, often ending in " |". Two pipe dialects exist: in one a lone "|"
    # line is an empty cell (and empty trailing cells of a row collapse into one "||||"
    # line); in the other (the seed) a lone "|" opens each row and a row ends "x | |", so
    # pipes say nothing about which cells are empty. Either way blanks are unreliable.
    doc = Document(reliable_blanks=False, source="text:cell-lines")
    # The seed's row ends: one cell, then bars ("0 | |||||||"). A whole row on one line
    # ("1 | 0 |  | 1 | ||") is not one.
    row_marks = sum(1 for ln in raw_lines if re.match(r"^[^|]*[^|\s][^|]*\|\s*\|+\s*$", ln))
    lone_pipe_is_blank = row_marks == 0
    for raw in raw_lines:
        cell = raw.strip()
        if not cell:
            continue
        line = doc.add_line(raw)
        if cell == "|":
            if lone_pipe_is_blank:
                doc.add_blank(line)
            continue
        pieces = [p.strip() for p in cell.split("|")]
        while pieces and not pieces[-1]:
            pieces.pop()  # runs of "|" after the values: how many cells is uncertain
        if len(pieces) > 1:
            # A whole row on one line ("1 | 0 |  | 1 | ||"): an empty piece between two
            # values is an empty cell.
            for piece in pieces:
                doc.add_cell_or_blank(piece, line)
        elif pieces:
            # Flip-book pages put a row's values after its label with spaces
            # ("四、结转下年度继续办理 0 0 0 0 0 0 0"), 表四 as fifteen numbers on a line.
            _add_line_cells(doc, pieces[0], line)
    return doc


# -- HTML ---------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "tr",
    "table",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "center",
    "form",
    "hr",
    "title",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "select", "option", "iframe"}


def read_html(data: bytes | str) -> Document:
    """A page's text blocks and tables in reading order. Parsed with lxml directly: the
    same tree BeautifulSoup's lxml builder makes, at a tenth of the cost."""
    import lxml.etree
    import lxml.html

    raw = data.encode("utf-8") if isinstance(data, str) else data
    doc = Document(reliable_blanks=True, row_ends=True, source="html")
    if not raw.strip():
        return doc
    parser = lxml.html.HTMLParser(encoding="utf-8" if isinstance(data, str) else None)
    try:
        root = lxml.html.document_fromstring(raw, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return doc
    # Comments, scripts and styles say nothing; the text after them does.
    lxml.etree.strip_elements(root, lxml.etree.Comment, lxml.etree.ProcessingInstruction)
    lxml.etree.strip_elements(root, *_SKIP_TAGS, with_tail=False)
    walker = _HtmlWalker(doc)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return doc


def _text_of(element) -> str:
    return " ".join(t.strip() for t in element.itertext() if t.strip())


class _HtmlWalker:
    """Walks one parsed page into ``doc``: running text as lines, tables as rows."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = "".join(self.buffer).strip()
        self.buffer.clear()
        self.doc.add_paragraph(text)

    def emit_table(self, table) -> None:
        doc = self.doc
        caption = next((c for c in table if c.tag == "caption"), None)
        if caption is not None:
            text = _text_of(caption)
            # A caption naming a table of section 二 tells the tables apart; one repeating
            # the section heading (for screen readers) would read as a second heading.
            if text and CAPTION_TEXT.search(canon(text)):
                line = doc.add_line(text)
                doc.add_cell(text, line)
                doc.end_row(line)
        # Only innermost tables come here (walk), so every row is this table's own.
        for tr in table.iter("tr"):
            cells = [c for c in tr if c.tag in ("td", "th")]
            texts = [_text_of(c) for c in cells]
            line = doc.add_line(" | ".join(texts))
            for cell, text in zip(cells, texts, strict=True):
                if text:
                    doc.add_cell(text, line)
                    # A number spread over several columns is one value; the other
                    # columns it covers are not blanks of the report.
                elif (span := _int(cell.get("colspan"), 1)) > 1 and _is_data_row(texts):
                    for _ in range(span):
                        doc.add_blank(line)
                else:
                    doc.add_blank(line)
            doc.end_row(line)

    def walk(self, node) -> None:
        if node.text:
            self.buffer.append(node.text.replace("\n", " "))
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "table" and next(child.iterdescendants("table"), None) is None:
                self.flush()
                self.emit_table(child)
            elif tag in _BLOCK_TAGS or tag in ("td", "th"):
                # A layout table (one holding other tables): its cells are blocks.
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)
            if child.tail:
                self.buffer.append(child.tail.replace("\n", " "))


def _is_data_row(texts: list[str]) -> bool:
    return any(parse_number(canon(t))[0] == "num" for t in texts)


def _int(value, default: int) -> int:
    if value is None:
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# -- DOCX ---------------------------------------------------------------------------------


def read_docx(data: bytes) -> Document:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from gongkai import extract

    try:
        # The package's parts and sizes are checked before python-docx inflates them.
        document = extract.open_docx(data, extract.Budget(extract.DEFAULT_LIMITS, "report.docx"))
    except extract.UnreadableError as exc:
        raise UnreadableError(exc.reason) from exc
    doc = Document(reliable_blanks=True, row_ends=True, source="docx")
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            doc.add_paragraph(Paragraph(child, document).text)
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                seen = []
                texts = []
                for cell in row.cells:
                    # Horizontally merged cells come back once per grid column.
                    if seen and cell._tc is seen[-1]:
                        continue
                    seen.append(cell._tc)
                    texts.append(cell.text.strip())
                line = doc.add_line(" | ".join(texts))
                for text in texts:
                    doc.add_cell_or_blank(text, line)
                doc.end_row(line)
    return doc


# -- PDF ----------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(?:-\s*\d+\s*-|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
_TRAILING_NUMBERS = re.compile(r"^(.*?)((?:\s+[+-]?[\d,]+(?:\.\d+)?(?:万元|元)?)+)$")
# A label with its row's digits glued on, empty cells left as single spaces:
# "本年新收政府信息公开申请数量230 000023". The label ends in a CJK character or bracket.
_RUN_TOGETHER = re.compile(r"^(.*[\u3400-\u9fff)\]”])(\d+(?: \d+)*(?:\.\d+)?)$")
_ONLY_NUMBERS = re.compile(r"^[+-]?[\d,]+(?:\.\d+)?(?:\s+[+-]?[\d,]+(?:\.\d+)?)*$")


def read_pdf(data: bytes) -> Document:
    """A PDF with ruled tables (Word, WPS, LibreOffice, this project's own) is read by its
    table structure: pdfplumber's cells keep empty cells, merged cells and wrapped labels in
    place, so values are placed by position. A PDF whose tables have no rules is read from
    its text lines, where empty cells vanish and only certain values are placed."""
    from gongkai import extract

    budget = extract.Budget(extract.DEFAULT_LIMITS, "report.pdf")
    try:
        # Page count and time are bounded by the shared limits.
        with extract.open_pdf(data, budget) as pdf:
            pages = [_pdf_page_parts(page) for _number, page in extract.pdf_pages(pdf, budget)]
    except extract.UnreadableError as exc:
        raise UnreadableError(exc.reason) from exc
    except UnreadableError:
        raise
    except Exception as exc:  # pdfminer raises a zoo of types for broken content
        raise UnreadableError(f"PDF 内容无法解析：{exc.__class__.__name__}") from exc
    structured = any(
        kind == "table" and _is_data_table(rows) for parts in pages for kind, rows in parts
    )
    if not structured:
        doc = Document(reliable_blanks=False, source="pdf")
        for parts in pages:
            for kind, content in parts:
                for raw in content if kind == "lines" else _table_lines(content):
                    _add_pdf_line(doc, raw)
        return doc
    doc = Document(reliable_blanks=True, row_ends=True, source="pdf:tables")
    for parts in pages:
        for kind, content in parts:
            if kind == "table" and _is_data_table(content):
                _add_pdf_table(doc, content)
                continue
            for raw in content if kind == "lines" else _table_lines(content):
                stripped = raw.strip()
                if stripped and not _PAGE_NUMBER.match(canon_keep_spaces(stripped)):
                    line = doc.add_line(stripped)
                    # A table row drawn without rules, "label 1 2 3": its numbers are cells.
                    _add_line_cells(doc, stripped, line)
                    doc.end_row(line)
    return doc


def _pdf_page_parts(page) -> list[tuple[str, list]]:
    """The page in reading order: ("lines", [text, …]) runs and ("table", rows) tables,
    by their top edge."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    items: list[tuple[float, str, object]] = [
        (line["top"], "line", line["text"]) for line in rest.extract_text_lines()
    ]
    items += [(t.bbox[1], "table", t.extract()) for t in tables]
    items.sort(key=lambda item: item[0])
    parts: list[tuple[str, list]] = []
    for _, kind, content in items:
        if kind == "line":
            if parts and parts[-1][0] == "lines":
                parts[-1][1].append(content)
            else:
                parts.append(("lines", [content]))
        else:
            parts.append(("table", content))
    return parts


def _cell_text(text: str) -> str:
    # A label or a number wrapped inside its cell continues on the next line.
    return "".join(part.strip() for part in text.split("\n"))


def _is_data_table(rows: list[list[str | None]]) -> bool:
    # A framed paragraph (a text box) is a one-column "table" of prose.
    width = max((len(r) for r in rows), default=0)
    return width >= 2 and any(
        cell and parse_number(canon(cell))[0] == "num" for row in rows for cell in row
    )


def _table_lines(rows: list[list[str | None]]) -> list[str]:
    return [part for row in rows for cell in row if cell for part in cell.split("\n")]


def _add_pdf_table(doc: Document, rows: list[list[str | None]]) -> None:
    for row in rows:
        texts = [None if cell is None else _cell_text(cell) for cell in row]
        line = doc.add_line(" | ".join(t for t in texts if t))
        for text in texts:
            if text is None:
                continue  # covered by a merged cell
            doc.add_cell_or_blank(text, line)
        doc.end_row(line)


def _add_line_cells(doc: Document, stripped: str, line: int) -> None:
    spaced = canon_keep_spaces(stripped)
    if " " in spaced and _ONLY_NUMBERS.match(spaced):
        for number in spaced.split():
            doc.add_cell(number, line)
        return
    m = _RUN_TOGETHER.match(spaced)
    if m:
        doc.add_cell(m.group(1), line)
        doc.add_digits(m.group(2), line)
        return
    m = _TRAILING_NUMBERS.match(spaced)
    if m and m.group(1).strip():
        doc.add_cell(m.group(1), line)
        for number in m.group(2).split():
            doc.add_cell(number, line)
        return
    doc.add_cell(stripped, line)


def _add_pdf_line(doc: Document, raw: str) -> None:
    # PDF text keeps a table row on one line: label words, then its numbers. Empty cells
    # leave nothing behind, so blanks are not reliable here.
    stripped = raw.strip()
    if not stripped or _PAGE_NUMBER.match(canon_keep_spaces(stripped)):
        return
    _add_line_cells(doc, stripped, doc.add_line(stripped))


def read_path_bytes(name: str, data: bytes) -> Document:
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "pdf":
        if not data.startswith(b"%PDF"):
            raise UnreadableError("文件扩展名为 .pdf，但内容不是 PDF")
        return read_pdf(data)
    if suffix == "docx":
        if not data.startswith(b"PK"):
            raise UnreadableError("文件扩展名为 .docx，但内容不是 DOCX（ZIP）文件")
        return read_docx(data)
    if suffix in ("html", "htm"):
        return read_html(decode(data))
    if suffix == "txt":
        return read_text(decode(data))
    raise UnreadableError(f"不支持的文件类型：.{suffix}")


SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
