"""Reading the format's tables out of a Document's token stream into cells.

Each table is read inside its region (from its caption or section heading to the next).
Rows are recognised by their labels; the numbers after a label belong to that row. Where
the layout keeps empty cells (``reliable_blanks``) values are placed by position; where
empty cells collapsed, a row with fewer values than columns gets only the values whose
column the format's arithmetic makes certain (a 表三 row "3 | 3" can only be one applicant
column plus the 总计, so only 总计 = 3 is placed) — never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from gongkai.rules.formats import ReportFormat, Table

from .digits import agreed, splits
from .labels import HEADER_FRAGMENTS, ROW_KEYS, ROW_PATTERNS, ROW_REQUIRES_AFTER
from .readers import Document, Token
from .text import canon

# Why a cell has no value: the report shows it empty ("blank"); the row or table never
# appeared in the text ("missing"); or the reader saw the row but cannot tell which value
# belongs in this cell ("unlocated") — empty cells collapsed, digits ran together with more
# than one consistent split, or the report printed a merged row of the other version.
BLANK = "blank"
MISSING = "missing"
UNLOCATED = "unlocated"

# Why a row's cells were not located, for the info finding (see CellRead.unlocated).
WHY_COLLAPSED = "空单元格在文本中被合并，数值所属列不能确定"
WHY_DIGITS = "数字连写在一起，有不止一种符合勾稽关系的拆分"
WHY_MERGED_OTHER = "报告把“（六）其他处理”印为一行（2019 年格式），其下三行无从区分"


@dataclass
class RowRead:
    row_id: str
    label_token: Token
    slots: list[Token] = field(default_factory=list)
    extras: list[Token] = field(default_factory=list)  # stray unit cells, surplus numbers
    cut: bool = False  # the text ended inside this row
    uncertain: bool = False  # values present but their columns could not be determined
    why: str = WHY_COLLAPSED  # why uncertain cells were not located
    # Columns left unlocated when only some are uncertain (run-together digits); None means
    # every column without a value.
    unlocated_cols: set[str] | None = None


@dataclass
class TableRead:
    table_id: str
    start: int  # token index of the region
    end: int
    found: bool
    rows: dict[str, RowRead] = field(default_factory=dict)
    unknown_rows: list[Token] = field(default_factory=list)
    header_text: list[Token] = field(default_factory=list)
    # The 2021 table printed "（六）其他处理" as one row with values (2019 structure).
    merged_other: bool = False


@dataclass
class CellRead:
    values: dict[str, int | float | None]
    state: dict[str, str]  # cell id -> BLANK / MISSING (absent for cells with a value)
    units: dict[str, str]  # cell id -> unit written in the cell (元, 万元)
    tables: dict[str, TableRead]
    unlocated: dict[str, str] = field(default_factory=dict)  # cell id -> why


def is_header(text: str) -> bool:
    return any(text == f or (len(f) >= 3 and f in text) for f in HEADER_FRAGMENTS)


def match_row(table: Table, text: str, matched: list[str]) -> str | None:
    """The data row of ``table`` that the text cell names, in table order: a row already
    read, or one before the last row read, is not matched again (headers repeat words)."""
    order = [r.id for r in table.rows]
    last = max((order.index(r) for r in matched), default=-1)
    for index, row in enumerate(order):
        if index <= last:
            continue
        needs = ROW_REQUIRES_AFTER.get(row)
        if needs and needs not in matched and not text.startswith("(七)"):
            continue
        pattern = ROW_PATTERNS.get(row)
        if pattern is not None and pattern.match(text):
            return row
        if any(key in text for key in ROW_KEYS.get(row, ())):
            return row
    return None


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、])")


def _bare(label: str) -> str:
    return _NUMBERING.sub("", canon(label))


def nearest_row(table: Table, text: str, matched: list[str]) -> str | None:
    """The next unread row of the format, if ``text`` is close enough to its label to be a
    misprint of it ("其他法律行政止公开"): same list number, most characters in order."""
    order = [r.id for r in table.rows]
    last = max((order.index(r) for r in matched), default=-1)
    if last + 1 >= len(order):
        return None
    row = table.rows[last + 1]
    want, got = canon(row.label), text
    number = _NUMBERING.match(want)
    if number and not got.startswith(number.group(0)):
        return None
    ratio = SequenceMatcher(None, _bare(want), _bare(got)).ratio()
    return row.id if ratio >= 0.7 else None


def read_table(
    fmt: ReportFormat, table: Table, doc: Document, start: int, end: int, truncated: bool
) -> TableRead:
    reader = _TableReader(table, doc, start, end)
    tokens = doc.tokens
    i = start
    while i < end:
        tok = tokens[i]
        i += 1
        if tok.kind == "eol":
            if doc.reliable_blanks and reader.current is not None:
                reader.finish()
        elif tok.kind == "text":
            reader.text(tok, i)
        else:
            reader.value(tok)  # num / blank / unit / digits
    read = reader.read
    if reader.current is not None:
        reader.current.cut = truncated and end >= len(tokens)
        reader.finish()
    read.rows.pop("", None)
    if not read.rows and not any(t.kind in ("num", "digits") for t in tokens[start:end]):
        read.found = False  # the heading is there but the table is not (image, deleted)
    return read


class _TableReader:
    """The rows of one table's region, token by token; one per table read."""

    def __init__(self, table: Table, doc: Document, start: int, end: int) -> None:
        self.table, self.doc, self.end = table, doc, end
        self.read = TableRead(table.id, start, end, True)
        self.ncols = len(table.columns)
        self.single_row = len(table.rows) == 1 and table.id == "t4"
        self.current: RowRead | None = None
        self.matched: list[str] = []

    def finish(self) -> None:
        if self.current is not None:
            self.read.rows[self.current.row_id] = self.current
        self.current = None

    def start_row(self, row_id: str, tok: Token) -> None:
        self.finish()
        self.current = RowRead(row_id, tok)
        if row_id:
            self.matched.append(row_id)

    def text(self, tok: Token, i: int) -> None:
        table, tokens, end = self.table, self.doc.tokens, self.end
        row_id = None if self.single_row else match_row(table, tok.text, self.matched)
        if (
            row_id == "results_total"
            and not tok.text.startswith(("(七)", "七"))
            and not _next_is_number(tokens, i, end)
        ):
            # A bare 总计 with no values after it is the column header repeated where
            # the table continues on a new page.
            row_id = None
        if row_id is not None:
            self.start_row(row_id, tok)
            return
        if (
            {r.id for r in table.rows} >= _MERGED_OTHER_ROWS
            and "其他处理" in tok.text
            and _next_is_number(tokens, i, end)
        ):
            # A 2021 table printing （六）其他处理 as one row: its values belong to
            # none of the three 2021 sub-rows.
            self.read.merged_other = True
            self.start_row("", tok)
            return
        if self.single_row or is_header(tok.text) or len(tok.text) <= 2:
            self.read.header_text.append(tok)
            return
        # Unknown text: a wrapped label continues (PDF) unless the current row is full,
        # in which case this is a row the format does not have.
        if self.current is not None and _count_values(self.current) >= self.ncols:
            self.finish()
        if self.current is None and _next_is_number(tokens, i, end):
            near = None if self.single_row else nearest_row(table, tok.text, self.matched)
            if near is not None:
                # A label with a typo or dropped characters, where the next row of the
                # format is expected: read by position and the nearest label.
                self.start_row(near, tok)
                return
            self.read.unknown_rows.append(tok)
            self.start_row("", tok)  # a row the format lacks: read and drop it

    def value(self, tok: Token) -> None:
        if self.current is None and self.single_row and tok.kind in ("num", "blank"):
            self.start_row(self.table.rows[0].id, tok)
        current = self.current
        if current is None:
            return
        if tok.kind == "unit":
            current.extras.append(tok)
            return
        current.slots.append(tok)
        doc = self.doc
        if (
            doc.reliable_blanks
            and not doc.row_ends
            and not self.single_row
            and len(current.slots) >= self.ncols
        ):
            # Blank-line layouts have no row ends: a row is done when every column is.
            # Where rows do end, a cell beyond the last column stays in the row and is
            # reported as an extra cell.
            self.finish()


_MERGED_OTHER_ROWS = {"other_no_correction", "other_fee_unpaid", "other_other"}


def _count_values(row: RowRead) -> int:
    return sum(1 for s in row.slots if s.kind == "num")


def _next_is_number(tokens: list[Token], i: int, end: int) -> bool:
    while i < end and tokens[i].kind == "eol":
        i += 1
    return i < end and tokens[i].kind in ("num", "digits")


def place(table: Table, row: RowRead, reliable: bool) -> dict[str, Token | None]:
    """Assign a row's tokens to columns. Returns column id -> token (None = blank)."""
    columns = [c.id for c in table.columns]
    n = len(columns)
    slots = list(row.slots)
    if any(s.kind == "digits" for s in slots):
        return _place_digits(table, row)
    if (
        table.id == "t4"
        and n >= 15
        and len(slots) == 1
        and slots[0].kind == "num"
        and slots[0].raw.isdigit()
        and len(slots[0].raw) >= n
    ):
        # 表四's row has no label: its fifteen cells run together read as one number.
        run = slots[0]
        row.slots = [Token("digits", run.raw, run.raw, run.line)]
        return _place_digits(table, row)
    numbers = [s for s in slots if s.kind == "num"]
    if len(numbers) > n:
        row.extras.extend(numbers[n:])
        numbers = numbers[:n]
    if len(numbers) == n:
        return dict(zip(columns, numbers, strict=True))
    if reliable:
        # Trailing empty cells beyond the table's width are layout, not data.
        while len(slots) > n and slots[-1].kind == "blank":
            slots.pop()
        if len(slots) == n:
            return {
                c: (s if s.kind == "num" else None) for c, s in zip(columns, slots, strict=True)
            }
    elif len(slots) == n:
        # Explicit blank marks ("/", "—") keep their place even in collapsed text.
        return {c: (s if s.kind == "num" else None) for c, s in zip(columns, slots, strict=True)}
    placed: dict[str, Token | None] = dict.fromkeys(columns)
    if numbers:
        row.uncertain = True
    total = _total_column(table)
    if total and len(numbers) >= 2:
        *parts, last = numbers
        # All zeros prove nothing: "0 0" is as well two applicant columns with the 总计
        # left blank.
        if sum(t.value for t in parts) == last.value and last.value != 0:
            placed[total] = last
    return placed


def _place_digits(table: Table, row: RowRead) -> dict[str, Token | None]:
    """A row whose values ran together: the columns every allowed split agrees on."""
    columns = [c.id for c in table.columns]
    digits = [s for s in row.slots if s.kind == "digits"]
    others = [s for s in row.slots if s.kind == "num"]
    placed: dict[str, Token | None] = dict.fromkeys(columns)
    row.uncertain, row.why, row.unlocated_cols = True, WHY_DIGITS, set(columns)
    if len(digits) != 1 or others:
        return placed
    candidates = splits(digits[0].text, table)
    if candidates is None:
        return placed
    source = digits[0]
    row.unlocated_cols = set()
    for column, (certain, value) in zip(columns, agreed(candidates, len(columns)), strict=True):
        if not certain:
            row.unlocated_cols.add(column)
        elif value is not None:
            placed[column] = Token("num", str(value), source.raw, source.line, value)
    row.uncertain = bool(row.unlocated_cols)
    return placed


def _total_column(table: Table) -> str | None:
    # The one column that is, by the format's implied rule, the sum of all the others.
    ids = [c.id for c in table.columns]
    if table.id == "t3" and ids[-1] == "total":
        return "total"
    return None


def read_cells(
    fmt: ReportFormat, doc: Document, regions: dict[str, tuple[int, int]], truncated: bool
) -> CellRead:
    values: dict[str, int | float | None] = {}
    state: dict[str, str] = {}
    units: dict[str, str] = {}
    tables: dict[str, TableRead] = {}
    unlocated: dict[str, str] = {}
    for table in fmt.tables:
        region = regions.get(table.id)
        if region is None:
            read = TableRead(table.id, -1, -1, False)
        else:
            read = read_table(fmt, table, doc, region[0], region[1], truncated)
        tables[table.id] = read
        if not read.found:
            for cell_id in table.cell_ids():
                values[cell_id] = None
                state[cell_id] = MISSING
            continue
        for row in table.rows:
            row_read = read.rows.get(row.id)
            if row_read is None and read.merged_other and row.id in _MERGED_OTHER_ROWS:
                for column in table.columns:
                    cell_id = f"{table.id}.{row.id}.{column.id}"
                    values[cell_id] = None
                    state[cell_id] = UNLOCATED
                    unlocated[cell_id] = WHY_MERGED_OTHER
                continue
            if row_read is None or row_read.cut:
                for column in table.columns:
                    cell_id = f"{table.id}.{row.id}.{column.id}"
                    values[cell_id] = None
                    state[cell_id] = MISSING
                continue
            placed = place(table, row_read, doc.reliable_blanks)
            for column in table.columns:
                cell_id = f"{table.id}.{row.id}.{column.id}"
                tok = placed.get(column.id)
                if tok is None:
                    values[cell_id] = None
                    if row_read.uncertain and (
                        row_read.unlocated_cols is None or column.id in row_read.unlocated_cols
                    ):
                        state[cell_id] = UNLOCATED
                        unlocated[cell_id] = row_read.why
                    else:
                        state[cell_id] = BLANK
                else:
                    values[cell_id] = tok.value
                    if tok.unit:
                        units[cell_id] = tok.unit
    return CellRead(values, state, units, tables, unlocated)
