"""Rows whose cells ran together into one digit string ("230 000023").

Scraped pages sometimes drop every separator between a row's cells: the label is followed
by the row's digits, sometimes with a space where an empty cell was (or just between two
cells). The row's cells are the splits of
that string that the format's arithmetic allows — 表三's 总计 is the sum of the applicant
columns, 表四's three 总计 the sums of their four parts. A column is placed only where every
allowed split agrees; where two splits disagree, the column is not certain and stays
unlocated, never a guess.
"""

from __future__ import annotations

from gongkai.rules.formats import Table

# A split has one entry per column: a number, or None for an empty cell.
Split = tuple[int | None, ...]

# Enough for any real row (表四's fifteen cells); beyond it the row is left unlocated.
_BUDGET = 200_000


def sum_groups(table: Table) -> list[tuple[int, int]]:
    """Column ranges [start, end] whose last column is the sum of the others."""
    ids = [c.id for c in table.columns]
    if table.id == "t3" and ids[-1] == "total":
        return [(0, len(ids) - 1)]
    groups, start = [], 0
    for index, column_id in enumerate(ids):
        if column_id.endswith("_total"):
            groups.append((start, index))
            start = index + 1
    return groups


def _consistent(values: list[int | None], groups: list[tuple[int, int]], upto: int) -> bool:
    """The sum groups that end before ``upto`` hold (an empty total is not checked)."""
    for start, end in groups:
        if end >= upto:
            continue
        total = values[end]
        if total is not None and sum(v or 0 for v in values[start:end]) != total:
            return False
    return True


class _OverBudget(Exception):
    pass


def splits(groups_text: str, table: Table) -> list[Split] | None:
    """Every split of the digit groups into the table's columns that the arithmetic
    allows; None when there are too many to enumerate."""
    splitter = _Splitter(groups_text, table)
    try:
        if not splitter.checks:
            # Without arithmetic, empty cells before the first digit or after the last
            # leave no trace either: every way of padding the row is as likely.
            for lead in range(splitter.n):
                splitter.step(0, 0, [None] * lead)
        else:
            splitter.step(0, 0, [])
    except _OverBudget:
        return None
    return splitter.out


class _Splitter:
    """One enumeration (a fresh one per row): a depth-first walk over (digit group,
    position in it, values so far) that prunes by the sum groups."""

    def __init__(self, groups_text: str, table: Table) -> None:
        parts = groups_text.split()
        # Money ends the row in the tables that have it: "12345.67" is … 12 | 345.67.
        whole, self.dot, self.fraction = parts[-1].partition(".")
        parts[-1] = whole
        self.parts = parts
        self.last_part = len(parts) - 1
        self.n = len(table.columns)
        self.checks = sum_groups(table)
        # Per column index: the sum group it belongs to, its 总计 included.
        self.group_at: list[tuple[int, int] | None] = [None] * (self.n + 1)
        for start, end in self.checks:
            for index in range(start, end + 1):
                self.group_at[index] = (start, end)
        # Digit sums of the last group's prefixes: however digits are split into numbers,
        # the numbers add up to their digit sum modulo 9 (casting out nines).
        self.nines = [0]
        for digit in parts[-1]:
            self.nines.append((self.nines[-1] + int(digit)) % 9)
        # Digits left after each part, for pruning.
        self.after = [sum(len(p) for p in parts[i + 1 :]) for i in range(len(parts))]
        self.out: list[Split] = []
        self.budget = _BUDGET
        # What can follow a state depends only on the position, the column and the sum of
        # the open group so far, not on the values before: a state from which no split
        # completed is not explored again (表四's groups would otherwise be enumerated as a
        # product of their splits).
        self.dead: set[tuple] = set()

    def step(self, part: int, pos: int, values: list[int | None]) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise _OverBudget
        column = len(values)
        if column > self.n or not _consistent(values, self.checks, column):
            return
        group = self.group_at[column]
        acc = sum(v or 0 for v in values[group[0] :]) if group else 0
        last = values[-1] if self.dot and part == self.last_part and values else None
        key = (part, pos, column, acc, last)
        if key in self.dead:
            return
        found = len(self.out)
        self._explore(part, pos, values, group, acc)
        if len(self.out) == found:
            self.dead.add(key)

    def _explore(self, part, pos, values, group, acc) -> None:
        text = self.parts[part]
        column = len(values)
        if group is not None and column == group[0] and part == self.last_part:
            self._group_without_spaces(pos, values, group)
            return
        if group is not None and column < group[1]:
            # The group's 总计 is at least as long as the sum of its parts so far, and
            # where no space is left every part still to come takes a digit.
            left = len(text) - pos + self.after[part]
            if part == self.last_part:
                left -= group[1] - column
            if left < len(str(acc)):
                return
        if pos == len(text):
            if part == self.last_part:
                self._finish(values)
                return
            # A space between digit groups ends a number; it may also stand for empty
            # cells (one or more), or for none.
            for blanks in range(0, self.n - column):
                self.step(part + 1, 0, values + [None] * blanks)
            return
        if group is not None and column == group[1]:
            # A 总计 column: its digits must spell the sum of the parts before it.
            spelt = str(acc)
            if text.startswith(spelt, pos):
                self.step(part, pos + len(spelt), values + [acc])
            return
        if text[pos] == "0":
            self.step(part, pos + 1, values + [0])
            return
        for stop in range(pos + 1, len(text) + 1):
            self.step(part, stop, values + [int(text[pos:stop])])

    def _group_without_spaces(self, pos: int, values: list, group: tuple[int, int]) -> None:
        """A sum group in the last digit group, where no space (so no empty cell) is left:
        its 总计 is chosen first, then only the parts that add up to it are enumerated.
        Walking the parts first would try every split of the digits before the 总计."""
        start, end = group
        text = self.parts[self.last_part]
        count = end - start
        limit = len(text) - (self.n - 1 - end)  # every later column takes a digit
        for at in range(pos + count, limit):
            span, memo = at - pos, {}
            # The 总计 is at least as long as its longest part and, being the sum of
            # ``count`` parts, at most len(str(count)) digits longer.
            shortest = -(-span // count)
            longest = span - count + 1 + len(str(count))
            for stop in range(at + shortest, min(at + longest, limit) + 1):
                if text[at] == "0" and stop > at + 1:
                    break
                total = int(text[at:stop])
                if total % 9 != (self.nines[at] - self.nines[pos]) % 9:
                    continue
                for parts in _parts_summing(text, pos, at, count, total, memo):
                    self.step(self.last_part, stop, values + parts + [total])

    def _finish(self, values: list) -> None:
        if self.dot:
            if values[-1] is None:
                return
            values = values[:-1] + [float(f"{values[-1]}.{self.fraction}")]
        if not self.checks and len(values) < self.n:
            values = values + [None] * (self.n - len(values))  # trailing empty cells
        if len(values) == self.n and _consistent(values, self.checks, self.n):
            self.out.append(tuple(values))


def _parts_summing(
    text: str, pos: int, end: int, count: int, total: int, memo: dict
) -> list[list[int]]:
    """Every split of ``text[pos:end]`` into ``count`` numbers (no leading zeros) that add
    up to ``total``; ``memo`` belongs to one ``end``."""
    key = (pos, count, total)
    if key in memo:
        return memo[key]
    found: list[list[int]] = []
    if end - pos > count * len(str(total)):
        pass  # no part can be longer than the total
    elif count == 1:
        if text[pos:end] == str(total):
            found.append([total])
    elif text[pos] == "0":
        found = [[0, *rest] for rest in _parts_summing(text, pos + 1, end, count - 1, total, memo)]
    else:
        for stop in range(pos + 1, end - count + 2):
            value = int(text[pos:stop])
            if value > total:
                break
            rests = _parts_summing(text, stop, end, count - 1, total - value, memo)
            found += [[value, *rest] for rest in rests]
    memo[key] = found
    return found


def agreed(candidates: list[Split], n: int) -> list[tuple[bool, int | None]]:
    """Per column: (certain, value) — certain when every candidate gives the same."""
    if not candidates:
        return [(False, None)] * n
    return [(len({c[i] for c in candidates}) == 1, candidates[0][i]) for i in range(n)]
