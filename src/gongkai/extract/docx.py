"""DOCX: body paragraphs and tables, text boxes, tracked deletions, headers, footers,
comments, footnotes and endnotes, each block located."""

import types

from .limits import Budget, UnreadableError
from .model import Block, Extraction, Table
from .package import open_docx, safe_xml

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_TAGS = (_W + "t", _W + "delText")
_CHANGE_TAGS = (_W + "ins", _W + "del", _W + "moveFrom", _W + "moveTo")
_PART_KINDS = types.MappingProxyType(
    {
        "/header": "header",
        "/footer": "footer",
        "/comments": "comment",
        "/footnotes": "footnote",
        "/endnotes": "endnote",
    }
)


def paragraph_text(paragraph) -> str:
    """A ``w:p`` element's text with its text boxes, tabs and breaks (deleted runs too,
    since they are still in the file)."""
    parts: list[str] = []
    _collect_text(paragraph, parts)
    return "".join(parts)


def _collect_text(node, parts: list[str]) -> None:
    for child in node.iterchildren():
        if child.tag == _MC_FALLBACK:
            # Text boxes are stored twice (modern and fallback rendering); read one copy.
            continue
        if child.tag in _TEXT_TAGS:
            parts.append(child.text or "")
        elif child.tag == _W + "tab":
            parts.append("\t")
        elif child.tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        else:
            _collect_text(child, parts)


def outer_paragraphs(element) -> list:
    """Paragraphs under ``element`` that are not inside another paragraph (a paragraph's
    text already includes the text boxes anchored in it)."""
    if element.tag == _W + "p":
        return [element]
    found = []
    for child in element.iterchildren():
        if child.tag == _W + "p":
            found.append(child)
        elif child.tag != _MC_FALLBACK:
            found.extend(outer_paragraphs(child))
    return found


def block_text(element) -> tuple[str, bool]:
    """Text of all paragraphs under ``element`` and whether a tracked change is among them."""
    paragraphs = [paragraph_text(p) for p in outer_paragraphs(element)]
    changed = any(True for tag in _CHANGE_TAGS for _ in element.iter(tag))
    return "\n".join(paragraphs), changed


def _tracked(location: str, changed: bool) -> str:
    return f"{location} (tracked changes)" if changed else location


def read_docx(data: bytes, budget: Budget) -> Extraction:
    document = open_docx(data, budget)
    extraction = Extraction("docx")
    blocks = extraction.blocks
    paragraph_number = table_number = 0
    for child in document.element.body.iterchildren():
        budget.tick()
        if child.tag == _W + "tbl":
            table_number += 1
            table = Table(f"table {table_number}")
            for row_number, row in enumerate(child.iterchildren(_W + "tr"), start=1):
                for cell_number, cell in enumerate(row.iterchildren(_W + "tc"), start=1):
                    budget.count_cells()
                    text, changed = block_text(cell)
                    location = f"table {table_number} row {row_number} cell {cell_number}"
                    block = Block(_tracked(location, changed), text)
                    table.cells[(row_number, cell_number)] = block
                    if text.strip():
                        blocks.append(block)
            extraction.tables.append(table)
        elif child.tag in (_W + "p", _W + "sdt", _W + "customXml"):
            for paragraph in outer_paragraphs(child):
                paragraph_number += 1
                text, changed = block_text(paragraph)
                if text.strip():
                    location = _tracked(f"paragraph {paragraph_number}", changed)
                    blocks.append(Block(location, text))
    _read_side_parts(document, budget, blocks)
    return extraction


def _read_side_parts(document, budget: Budget, blocks: list[Block]) -> None:
    # Headers, footers, comments and notes live in their own parts of the package; reading
    # the parts (not the sections) finds first-page and even-page headers too.
    seen: dict[str, int] = {}
    for relationship in document.part.rels.values():
        kind = next(
            (name for suffix, name in _PART_KINDS.items() if relationship.reltype.endswith(suffix)),
            None,
        )
        if kind is None or relationship.is_external:
            continue
        budget.tick()
        part = relationship.target_part
        element = getattr(part, "element", None)
        if element is None:
            try:
                element = safe_xml(part.blob)
            except Exception as error:  # noqa: BLE001 - lxml's XMLSyntaxError and kin
                raise UnreadableError(
                    budget.filename, f"{kind} 部分已损坏", f"the {kind} part is damaged"
                ) from error
        if kind in ("comment", "footnote", "endnote"):
            for item in element.iterchildren(_W + kind):
                if item.get(_W + "type") in ("separator", "continuationSeparator"):
                    continue
                seen[kind] = seen.get(kind, 0) + 1
                text, changed = block_text(item)
                if text.strip():
                    blocks.append(Block(_tracked(f"{kind} {seen[kind]}", changed), text))
        else:
            seen[kind] = seen.get(kind, 0) + 1
            text, changed = block_text(element)
            if text.strip():
                name = kind if seen[kind] == 1 else f"{kind} {seen[kind]}"
                blocks.append(Block(_tracked(name, changed), text))
