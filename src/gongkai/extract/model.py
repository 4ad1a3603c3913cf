"""What a reader returns: located text blocks and tables of located cells."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of a file's text and where in the file it is.

    ``location`` is for people and stays stable across versions, since findings and
    search snippets show it: ``line 3``, ``page 2``, ``paragraph 5``, ``header``,
    ``comment 1``, ``table 1 row 2 cell 3``, ``sheet 明细 (hidden) B2 (hidden row)``,
    ``<a href>`` (an HTML attribute), ``text`` (the whole visible text of an HTML page).
    """

    location: str
    text: str


@dataclass
class Table:
    """Cells of one table or sheet by (row, column), both counted from 1.

    ``name`` is the sheet's title for a workbook and ``table N`` for a document.
    The cells are the blocks of :attr:`Extraction.blocks` that hold them (the same
    objects), so a finding on a cell and a finding on its block have one location.
    """

    name: str
    cells: dict[tuple[int, int], Block] = field(default_factory=dict)


@dataclass
class Extraction:
    """Everything read from one file."""

    format: str  # text | html | pdf | docx | xlsx
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # The encoding a text or HTML file was decoded from (see ``decoding.decode``); None
    # for formats that carry their own (PDF, DOCX, XLSX).
    encoding: str | None = None
    pages: int | None = None

    @property
    def text(self) -> str:
        """All blocks' text, one block per line group, for indexing."""
        return "\n".join(block.text for block in self.blocks)
