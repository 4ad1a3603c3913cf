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


def splits(groups_text: str, table: Table) -> list[Split] | None:
    """Every split of the digit groups into the table's columns that the arithmetic
    allows; None when there are too many to enumerate."""
    parts = groups_text.split()
    # Money ends the row in the tables that have it: "12345.67" is … 12 | 345.67.
    whole, dot, fraction = parts[-1].partition(".")
    parts[-1] = whole
    n = len(table.columns)
    checks = sum_groups(table)
    out: list[Split] = []
    budget = [_BUDGET]

    # Digits left after each part, for pruning.
    after = [sum(len(p) for p in parts[i + 1 :]) for i in range(len(parts))]

    starts = {start for start, _ in checks if start}
    # Where a later group starts, what can follow depends only on the position, not on the
    # values before: a start from which no split completed is not explored again (表四's
    # groups would otherwise be enumerated as a product).
    dead: set[tuple[int, int, int]] = set()

    def walk(part: int, pos: int, values: list[int | None]) -> bool:
        if len(values) not in starts:
            return step(part, pos, values)
        if not _consistent(values, checks, len(values)):
            return True  # this prefix fails; another may reach the same start and hold
        key = (part, pos, len(values))
        if key in dead:
            return True
        found = len(out)
        if not step(part, pos, values):
            return False
        if len(out) == found:
            dead.add(key)
        return True

    def step(part: int, pos: int, values: list[int | None]) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            return False
        if len(values) > n or not _consistent(values, checks, len(values)):
            return True
        text = parts[part]
        group = next((g for g in checks if g[0] <= len(values) < g[1]), None)
        if group is not None:
            # The group's 总计 is at least as long as the sum of its parts so far, and
            # where no space is left every part still to come takes a digit.
            spelt = len(str(sum(v or 0 for v in values[group[0] :])))
            left = len(text) - pos + after[part]
            if part == len(parts) - 1:
                left -= group[1] - len(values)
            if left < spelt:
                return True
        if pos == len(text):
            if part == len(parts) - 1:
                if dot:
                    if values[-1] is None:
                        return True
                    values = values[:-1] + [float(f"{values[-1]}.{fraction}")]
                if not checks and len(values) < n:
                    values = values + [None] * (n - len(values))  # trailing empty cells
                if len(values) == n and _consistent(values, checks, n):
                    out.append(tuple(values))
                return True
            # A space between digit groups ends a number; it may also stand for empty
            # cells (one or more), or for none.
            for blanks in range(0, n - len(values)):
                if not walk(part + 1, 0, values + [None] * blanks):
                    return False
            return True
        total_of = next((start for start, end in checks if end == len(values)), None)
        if total_of is not None:
            # A 总计 column: its digits must spell the sum of the parts before it.
            spelt = str(sum(v or 0 for v in values[total_of:]))
            if text.startswith(spelt, pos):
                return walk(part, pos + len(spelt), values + [int(spelt)])
            return True
        if text[pos] == "0":
            return walk(part, pos + 1, values + [0])
        for stop in range(pos + 1, len(text) + 1):
            if not walk(part, stop, values + [int(text[pos:stop])]):
                return False
        return True

    if not checks:
        # Without arithmetic, empty cells before the first digit or after the last leave no
        # trace either: every way of padding the row is as likely.
        for lead in range(n):
            if not walk(0, 0, [None] * lead):
                return None
        return out
    if not walk(0, 0, []):
        return None
    return out


def agreed(candidates: list[Split], n: int) -> list[tuple[bool, int | None]]:
    """Per column: (certain, value) — certain when every candidate gives the same."""
    if not candidates:
        return [(False, None)] * n
    return [(len({c[i] for c in candidates}) == 1, candidates[0][i]) for i in range(n)]
