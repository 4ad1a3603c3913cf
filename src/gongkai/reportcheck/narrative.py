"""Defects of the report's text and of figures that no cross-check catches: an event of
another year told as this year's work, figures counted to a date before year end, an
unnumbered section, item counts mixed with decision counts.

Each function takes the canonical lines (see :func:`.structure.canon_lines`) or the cells
and returns plain tuples; the checker turns them into findings.
"""

from __future__ import annotations

import re

# Themes that name one year's events: a report of a later year telling them as its own work
# copied last year's text (seed F05: "壮丽70年" news conference, a 2019 theme, in 2020).
# Canonical form (no spaces, half-width digits).
YEAR_THEMES: dict[str, int] = {
    "壮丽70年": 2019,
    "新中国成立70周年": 2019,
    "中华人民共和国成立70周年": 2019,
    "建国70周年": 2019,
    "改革开放40周年": 2018,
    "建党100周年": 2021,
    "建党一百周年": 2021,
    "中国共产党成立100周年": 2021,
    "新中国成立75周年": 2024,
    "中华人民共和国成立75周年": 2024,
    "抗战胜利80周年": 2025,
}

# "截至12月初" / "截至11月底" / "截至2020年11月30日": a count that stops before 31
# December, in a report whose statistics cover the whole year (seed F08).
_CUT_OFF = re.compile(
    r"截至(?:(\d{4})年)?(1[0-2]|[1-9])月(?:(初|上旬|中旬|下旬|底|末|份)|(\d{1,2})日)"
)

# A short line after the last section that reads as a heading of its own ("下一步工作打算",
# seed F22): a block the format does not have.
_EXTRA_HEADING = re.compile(r"^[^。,;:!?]{2,14}(?:打算|计划|思路|重点|方向|安排|展望)$")


def events_of_other_years(lines: list[str], span: tuple[int, int], year: int):
    """(theme, its year, line index) for each theme of an earlier year in ``span``."""
    out = []
    for n in range(*span):
        for theme, theme_year in YEAR_THEMES.items():
            if theme in lines[n] and theme_year < year:
                out.append((theme, theme_year, n))
    return out


def partial_year_counts(lines: list[str], span: tuple[int, int], year: int | None):
    """(quoted cut-off, line index) for figures counted to a date before 31 December."""
    out = []
    for n in range(*span):
        for m in _CUT_OFF.finditer(lines[n]):
            stated_year, month, part, day = m.groups()
            if stated_year and year and int(stated_year) != year:
                continue  # another year's date: told elsewhere (RC_YEAR_IN_TEXT)
            if month == "12" and (part in ("底", "末") or day == "31"):
                continue
            out.append((m.group(0), n))
    return out


def unnumbered_blocks(lines: list[str], start: int) -> list[int]:
    """Line indexes after the last section that head a block of their own."""
    out = []
    for n in range(start, len(lines)):
        line = lines[n]
        following = next((ln for ln in lines[n + 1 :] if ln), "")
        if _EXTRA_HEADING.match(line) and len(following) > len(line):
            out.append(n)
    return out


def items_told_as_decisions(cells: dict, table_ids: tuple[str, ...]) -> list[str]:
    """Rows of the 2019 (五)(六) tables filled as "last year + change = decisions": the item
    columns count catalogue entries (事项), not decisions (seed F11). Row ids; at least two
    rows must follow the pattern."""
    rows = []
    for table_id in table_ids:
        prefix = f"{table_id}."
        row_ids = sorted({c.split(".")[1] for c in cells if c.startswith(prefix)})
        for row in row_ids:
            prev = cells.get(f"{table_id}.{row}.prev_year_items")
            change = cells.get(f"{table_id}.{row}.change")
            decisions = cells.get(f"{table_id}.{row}.decisions")
            if None in (prev, change, decisions) or not decisions:
                continue
            if prev + change == decisions and change != 0:
                rows.append(f"{table_id}.{row}")
    # One row adding up may be chance (this year's items equal its decisions); the seed's
    # penalty and coercion rows both do, which is a way of filling the table.
    return rows if len(rows) >= 2 else []
