"""Answering a search: read the rarest gram's postings, verify the exact substring, rank, page.

The answer is exactly the set that ``LIKE '%q%'`` over the folded title and text would give:
the postings of the query's rarest gram (its driver) are the candidates, and a ``LIKE`` on
each candidate's entry decides. Results come in two sections, titles that contain
the query first, then the rest, each newest first. Both sections are read in the order of the
posting key (term, in_title, published, entry), so the first page of even a one-character
query is a short index range rather than a sort of every match.

Totals: a one-gram query without filters (路, 交通, g105) reads its exact total from the term
counts. Otherwise each section is counted exactly when the driving gram has at most SAMPLE
postings in it, and estimated from its newest SAMPLE postings beyond that (``total_exact`` is
then False and the page says 约). The pages themselves are always exact.

The sections are read from at most three streams of postings (a gram, in titles or not), and
two sections often share one. Each stream's newest SAMPLE postings are read once, with the
entry's answer to the filters and to ``LIKE`` on title and text; the counts are taken from
that sample and so is the first page whenever it lies inside it, which is the usual case.
Only a page beyond the sample walks further postings.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from gongkai.catalog.models import SearchEntry, SearchPosting, SearchTerm, live_items
from gongkai.catalog.search.grams import normalize, query_grams
from gongkai.catalog.search.snippets import highlight, snippet

MAX_QUERY_LENGTH = 50
VALID_NOW = ("", "valid")


class QueryError(ValueError):
    """A query the search cannot take; the message is for the user."""


@dataclass
class Hit:
    entry_id: int
    title_html: str
    snippet_html: str
    in_title: bool
    item: object = None


@dataclass
class SearchResults:
    query: str
    total: int = 0
    # False when the total is estimated from a sample (a very common multi-gram query).
    total_exact: bool = True
    title_total: int = 0
    page: int = 1
    per_page: int = 20
    hits: list[Hit] = field(default_factory=list)

    @property
    def items(self):
        return [hit.item for hit in self.hits]

    @property
    def snippets(self) -> dict[int, str]:
        return {hit.entry_id: hit.snippet_html for hit in self.hits}

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        if not self.total_exact and len(self.hits) == self.per_page:
            return True
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0


def clean_query(query: str) -> str:
    """The query as searched: folded, whitespace collapsed; QueryError when unusable."""
    cleaned = " ".join((query or "").split())
    if len(cleaned) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("检索词不能超过%(limit)d个字，请缩短后再试。") % {"limit": MAX_QUERY_LENGTH}
        )
    folded = normalize(cleaned)
    if folded and not query_grams(folded):
        raise QueryError(_("检索词应包含汉字、字母或数字。"))
    return folded


@dataclass
class _Filters:
    sql: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, sql, *params):
        self.sql.append(sql)
        self.params.extend(params)


def _filters(agency, column, category, year, valid_only, using) -> _Filters:
    found = _Filters()
    if agency is not None:
        found.add("e.agency_id = %s", getattr(agency, "pk", agency))
    if column is not None:
        if not isinstance(column, Page):
            column = Page.objects.using(using).get(pk=column)
        # Asked of the page tree at query time, so that moving a column needs no reindex.
        found.add(
            f"e.id IN (SELECT id FROM {Page._meta.db_table} WHERE path LIKE %s AND depth > %s)",
            column.path + "%",
            column.depth,
        )
    if category:
        found.add("e.category = %s", category)
    if year is not None:
        zone = timezone.get_current_timezone()
        found.add(
            "e.published >= %s AND e.published < %s",
            int(datetime(year, 1, 1, tzinfo=zone).timestamp()),
            int(datetime(year + 1, 1, 1, tzinfo=zone).timestamp()),
        )
    if valid_only:
        found.add("e.validity IN (%s, %s)", *VALID_NOW)
    return found


def _like(folded: str) -> str:
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# Beyond this many postings of the driving gram in a section, a total is estimated from the
# newest SAMPLE postings instead of checking every candidate: an exact count of a common
# three-character query would read the text of a large share of all items.
SAMPLE = 200
# The first window of postings a page is looked for in; each next window is four times larger.
WINDOW = 100


# What a sampled posting's entry holds: whether it passes the filters, and where the query is.
FILTERED_OUT, IN_TITLE, ONLY_IN_TEXT, NOWHERE = range(4)


@dataclass
class _Section:
    sql: str  # FROM ... WHERE ..., with {source} where the driver's postings are read
    params: list
    size: int  # postings of the driver gram in this section
    stream: tuple[str, bool]  # (driver gram, in_title): the postings the section is read from
    accepts: int  # the sample code of a match: IN_TITLE or ONLY_IN_TEXT


@dataclass
class _Sample:
    """The newest SAMPLE postings of one stream: (published, entry_id, code), newest first."""

    rows: list[tuple[int, int, int]]
    complete: bool  # the stream has no postings beyond these

    def matches(self, section, since=None) -> list[tuple[int, int]]:
        return [
            (published, entry_id)
            for published, entry_id, code in self.rows
            if code == section.accepts and (since is None or published >= since)
        ]

    def covers(self, since=None) -> bool:
        """Whether every posting of the stream (published at or after ``since``) is in it."""
        if self.complete:
            return True
        return since is not None and bool(self.rows) and self.rows[-1][0] < since


class _Plan:
    """The SQL of one query's sections; see the module docstring."""

    def __init__(self, folded, grams, stats, filters, using):
        self.using = using
        self.filters = filters
        self.grams = sorted(grams, key=lambda gram: stats[gram][0])
        self.driver = self.grams[0]
        # A one-gram query needs no check: having the gram is containing the query.
        self.exact = grams == [folded]
        self.stats = stats
        self.pattern = _like(folded)
        self._samples = {}

    def _section(self, in_title: bool, title_clause: str | None, text_clause: bool):
        driver = self.driver
        if title_clause == "LIKE":
            # A title holding the query holds every gram of it: drive by the gram rarest in
            # titles, so a query common in texts but rare in titles does not walk every title
            # posting of its usual driver.
            driver = min(self.grams, key=lambda gram: self.stats[gram][1])
        # The other grams are not looked up: the LIKE below reads the entry either way, and
        # an entry that passes it has them all. Probing them first costs a random read of
        # the posting index per candidate, and at a million items that index (tens of GiB)
        # is not in memory while the entries are.
        where = []
        params = []
        if title_clause:
            where.append(f"e.title_folded {title_clause} %s ESCAPE '\\'")
            params.append(self.pattern)
        if text_clause:
            where.append("e.text_folded LIKE %s ESCAPE '\\'")
            params.append(self.pattern)
        where += self.filters.sql
        params += self.filters.params
        join = ""
        if title_clause or text_clause or self.filters.sql:
            join = f" JOIN {SearchEntry._meta.db_table} e ON e.id = p.entry_id"
        entries, title_entries = self.stats[driver]
        return _Section(
            sql=f"FROM {{source}} p{join} WHERE p.term = %s AND p.in_title = %s"
            + "".join(f" AND {clause}" for clause in where),
            params=[driver, in_title, *params],
            size=title_entries if in_title else entries - title_entries,
            stream=(driver, in_title),
            # A title clause of NOT LIKE (or none, outside titles) leaves the query in the
            # text only; a one-gram query's postings are all matches, coded IN_TITLE.
            accepts=IN_TITLE if self.exact or title_clause == "LIKE" else ONLY_IN_TEXT,
        )

    def sections(self):
        """(title section, [non-title sections])."""
        if self.exact:
            return self._section(True, None, False), [self._section(False, None, False)]
        title = self._section(True, "LIKE", False)
        # Without the driver gram in the title the query cannot be there either.
        rest = [self._section(False, None, True), self._section(True, "NOT LIKE", True)]
        return title, rest

    def _source(self, limit=None, skip=0, since=None):
        """Where the driver's postings come from: the whole table, or a window of them.

        A window (newest first, LIMIT/OFFSET in a subquery) makes every database walk the
        key in order and stop; PostgreSQL otherwise judges ``LIKE '%q%'`` so selective that
        it joins every posting of the gram and sorts, instead of reading the first page.
        """
        posting = SearchPosting._meta.db_table
        if limit is None:
            return posting, []
        newer, params = ("", []) if since is None else (" AND published >= %s", [since])
        return (
            f"(SELECT * FROM {posting} WHERE term = %s AND in_title = %s{newer}"
            " ORDER BY published DESC, entry_id DESC LIMIT %s OFFSET %s)"
        ), [*params, limit, skip]

    def _execute(self, select, section, limit=None, skip=0, since=None, tail=""):
        source, source_params = self._source(limit, skip, since)
        params = section.params
        if limit is not None:
            params = [*params[:2], *source_params, *params]
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"SELECT {select} {section.sql.format(source=source)}{tail}", params)
            return cursor.fetchall()

    def sample(self, section) -> _Sample:
        """The newest SAMPLE postings of the section's stream, read once per stream."""
        if section.stream not in self._samples:
            self._samples[section.stream] = self._read_sample(section.stream)
        return self._samples[section.stream]

    def _read_sample(self, stream) -> _Sample:
        source, source_params = self._source(SAMPLE)
        # Every sampled posting comes back, so the sample shows how far the stream was read;
        # one whose entry is gone (unindexed meanwhile) counts as filtered out. A one-gram
        # query is only sampled with filters (its plain total is in the term counts).
        cases, params = [f"WHEN e.id IS NULL THEN {FILTERED_OUT}"], []
        if self.filters.sql:
            cases.append(f"WHEN NOT ({' AND '.join(self.filters.sql)}) THEN {FILTERED_OUT}")
            params += self.filters.params
        if self.exact:
            cases.append(f"ELSE {IN_TITLE}")
        else:
            cases += [
                f"WHEN e.title_folded LIKE %s ESCAPE '\\' THEN {IN_TITLE}",
                f"WHEN e.text_folded LIKE %s ESCAPE '\\' THEN {ONLY_IN_TEXT}",
                f"ELSE {NOWHERE}",
            ]
            params += [self.pattern, self.pattern]
        code = f"CASE {' '.join(cases)} END"
        join = f"LEFT JOIN {SearchEntry._meta.db_table} e ON e.id = p.entry_id"
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                f"SELECT p.published, p.entry_id, {code} FROM {source} p {join}",
                [*params, *stream, *source_params],
            )
            rows = sorted(cursor.fetchall(), reverse=True)
        return _Sample(rows=rows, complete=len(rows) < SAMPLE)

    def count(self, section) -> tuple[int, bool]:
        """(number of matches, whether exact): exact up to SAMPLE postings, else estimated."""
        found = len(self.sample(section).matches(section))
        if section.size <= SAMPLE:
            return found, True
        return round(found * section.size / SAMPLE), False

    def exact_count(self, section) -> int:
        # Even an exact count reads its postings through a window: over the whole table,
        # PostgreSQL would rather scan every title for the LIKE (half a second at a million
        # items) than read a few hundred postings.
        return self._execute("COUNT(*)", section, limit=max(1, section.size))[0][0]

    def ids(self, section) -> list[int]:
        return [row[0] for row in self._execute("p.entry_id", section)]

    def _postings_since(self, section, since) -> int:
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {SearchPosting._meta.db_table}"
                " WHERE term = %s AND in_title = %s AND published >= %s",
                [*section.params[:2], since],
            )
            return cursor.fetchone()[0]

    def rows(self, section, limit, offset=0, since=None) -> list[tuple[int, int]]:
        """The section's matches, newest first; ``since`` skips those published before it.

        Starts from the stream's sample when it was read (for the count) and either holds
        the page or holds every posting that could be on it. Otherwise reads the driver's
        postings in growing windows until the page is full or the postings run out, so a
        common query stops after the first few hundred.
        """
        need = offset + limit
        found, scanned = [], 0
        sample = self._samples.get(section.stream)
        if sample is not None:
            found = sample.matches(section, since)
            if len(found) >= need or sample.covers(since):
                return found[offset:need]
            scanned = SAMPLE
        size = section.size if since is None else self._postings_since(section, since)
        window = max(2 * need, WINDOW)
        while scanned < size and len(found) < need:
            found += self._execute(
                "p.published, p.entry_id",
                section,
                limit=window,
                skip=scanned,
                since=since,
                tail=" ORDER BY p.published DESC, p.entry_id DESC",
            )
            scanned += window
            window *= 4
        return found[offset:need]


def matching_ids(query, *, using="default") -> set[int]:
    """Every entry the search would return for ``query``, unpaged (for checks and the bench)."""
    folded = clean_query(query)
    grams = query_grams(folded) if folded else []
    stats = _term_stats(grams, using)
    if not grams or len(stats) < len(grams):
        return set()
    plan = _Plan(folded, grams, stats, _Filters(), using)
    title_section, rest_sections = plan.sections()
    return {entry for section in [title_section, *rest_sections] for entry in plan.ids(section)}


def _term_stats(grams, using) -> dict[str, tuple[int, int]]:
    return {
        row[0]: (row[1], row[2])
        for row in SearchTerm.objects.using(using)
        .filter(term__in=grams, entries__gt=0)
        .values_list("term", "entries", "title_entries")
    }


def search_entries(
    query,
    *,
    agency=None,
    column=None,
    category=None,
    year=None,
    valid_only=False,
    page=1,
    per_page=20,
    using="default",
) -> SearchResults:
    """The page of matching index entries with their highlighted title and snippet."""
    folded = clean_query(query)
    results = SearchResults(query=" ".join((query or "").split()), per_page=per_page)
    if not folded:
        return results
    grams = query_grams(folded)
    stats = _term_stats(grams, using)
    if len(stats) < len(grams):
        return results
    plan = _Plan(
        folded, grams, stats, _filters(agency, column, category, year, valid_only, using), using
    )
    title_section, rest_sections = plan.sections()
    if plan.exact and not plan.filters.sql:
        entries, title_entries = stats[plan.driver]
        results.title_total, results.total = title_entries, entries
        title_exact = True
    else:
        counts = [plan.count(section) for section in [title_section, *rest_sections]]
        results.title_total, title_exact = counts[0]
        results.total = sum(count for count, _exact in counts)
        results.total_exact = all(exact for _count, exact in counts)
    results.page = max(1, int(page))
    if results.total_exact:
        results.page = min(results.page, results.num_pages)
    offset = (results.page - 1) * per_page
    found = []
    if offset < results.title_total or not title_exact:
        found = [(row, True) for row in plan.rows(title_section, per_page, offset)]
        if not title_exact and len(found) < per_page:
            # The title section ended on this page (or before it): now its size is known.
            if found or offset == 0:
                results.title_total = offset + len(found)
            else:
                results.title_total = plan.exact_count(title_section)
    wanted = per_page - len(found)
    if wanted > 0:
        skip = max(0, offset - results.title_total)
        if len(rest_sections) == 1:
            rows = plan.rows(rest_sections[0], wanted, skip)
        else:
            # Two streams, each newest first: merge their heads, then take the page's slice.
            # The second (driver gram in the title, query only in the text) is usually sparse;
            # nothing of it older than the first stream's last needed row can reach the page,
            # so its walk stops there instead of running through every title posting.
            head = plan.rows(rest_sections[0], skip + wanted)
            since = head[-1][0] if len(head) == skip + wanted else None
            merged = sorted(head + plan.rows(rest_sections[1], skip + wanted, since=since))
            rows = merged[::-1][skip : skip + wanted]
        found += [(row, False) for row in rows]
    entries = SearchEntry.objects.using(using).in_bulk([row[1] for row, _title in found])
    for (_published, entry_id), in_title in found:
        entry = entries.get(entry_id)
        if entry is None:  # unindexed since the postings were read
            continue
        results.hits.append(
            Hit(
                entry_id=entry_id,
                title_html=highlight(entry.title, folded),
                snippet_html=snippet(entry.text, folded),
                in_title=in_title,
            )
        )
    return results


def search(
    query,
    *,
    agency=None,
    column=None,
    category=None,
    year=None,
    valid_only=False,
    page=1,
    per_page=20,
) -> SearchResults:
    """Search the live, public items; each hit carries its InfoItem as ``hit.item``."""

    results = search_entries(
        query,
        agency=agency,
        column=column,
        category=category,
        year=year,
        valid_only=valid_only,
        page=page,
        per_page=per_page,
    )
    # What the public catalog lists, read again: an entry whose page vanished, was withdrawn
    # or restricted without a signal (a raw update) is not shown.
    items = live_items().in_bulk([h.entry_id for h in results.hits])
    for hit in results.hits:
        hit.item = items.get(hit.entry_id)
    results.hits = [hit for hit in results.hits if hit.item is not None]
    return results
