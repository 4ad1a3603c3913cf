"""Keeping the search index in step with the published items."""

import html
import re
from collections import Counter
from collections.abc import Iterable

from django.db import connections, router, transaction
from django.utils.html import strip_tags

from gongkai.catalog.models import InfoItem, SearchEntry, SearchPosting, SearchTerm, live_items
from gongkai.catalog.search.grams import index_grams, normalize

# Closing block tags and line breaks become line breaks, so that the last character of one
# paragraph and the first of the next do not form a gram (or a match) together.
_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|tr|td|th|blockquote|pre|table)\s*>|<br\s*/?>", re.I)

# Postings go to the database in batches of this many rows.
BATCH = 2000


def html_to_text(value: str) -> str:
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", value or "")))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _one_line(value: str) -> str:
    # Fields are joined with line breaks and queries never contain one, so a match can never
    # run from one field into the next.
    return " ".join((value or "").split())


def entry_texts(item) -> tuple[str, str]:
    """(title, text) of an item: what is searched, in the order the snippet prefers."""
    parts = [html_to_text(item.body), _one_line(item.summary)]
    # The 索引号 is what a citizen copies from a letter or a printed catalog.
    parts += [_one_line(item.index_number), _one_line(item.document_number)]
    parts += [_one_line(item.keywords)]
    for attachment in item.attachments.all():
        if attachment.extracted_text:
            parts.append(attachment.extracted_text.replace("\r", ""))
    return _one_line(item.title), "\n".join(part for part in parts if part)


def entry_grams(title_folded: str, text_folded: str) -> tuple[set[str], set[str]]:
    """(all grams, grams of the title) of an entry."""
    title_grams = index_grams(title_folded)
    return title_grams | index_grams(text_folded), title_grams


def postings_of(entry: SearchEntry) -> list[tuple[str, bool, int, int]]:
    """The posting rows of an entry, as (term, in_title, published, entry_id)."""
    grams, title_grams = entry_grams(entry.title_folded, entry.text_folded)
    return [(term, term in title_grams, entry.published, entry.id) for term in sorted(grams)]


def build_entry(item) -> SearchEntry:
    title, text = entry_texts(item)
    return SearchEntry(
        id=item.pk,
        agency_id=item.agency_id,
        category=item.category,
        validity=item.validity,
        published=int(item.first_published_at.timestamp()),
        title=title,
        text=text,
        title_folded=normalize(title),
        text_folded=normalize(text),
    )


def is_searchable(item) -> bool:
    """Only what the public catalog lists is searchable (``live_items``)."""

    return item.first_published_at is not None and live_items().filter(pk=item.pk).exists()


def index_item(item) -> bool:
    """Put an item into the index, replacing what was there; False when it is not public."""

    using = router.db_for_write(SearchEntry)
    with transaction.atomic(using=using):
        # Two publications of the same item at once must not interleave their postings.
        list(InfoItem.objects.using(using).select_for_update().filter(pk=item.pk).values("pk"))
        _remove(item.pk, using)
        if not is_searchable(item):
            return False
        add_entries([build_entry(item)], using=using)
    return True


def unindex_item(item_id: int) -> None:
    using = router.db_for_write(SearchEntry)
    with transaction.atomic(using=using):
        _remove(item_id, using)


def _remove(item_id: int, using: str) -> None:
    entry = SearchEntry.objects.using(using).filter(pk=item_id).first()
    if entry is None:
        return
    rows = postings_of(entry)
    for start in range(0, len(rows), BATCH):
        _delete_postings(rows[start : start + BATCH], using)
    _count_terms(rows, -1, using)
    entry.delete(using=using)


def _delete_postings(rows, using):
    # Deleting by the full key touches only the entry's own postings; there is no index on
    # entry_id to delete by.
    table = SearchPosting._meta.db_table
    terms = [row[0] for row in rows]
    _, _, published, entry_id = rows[0]
    marks = ", ".join(["%s"] * len(terms))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE term IN ({marks}) AND in_title IN (%s, %s)"
            " AND published = %s AND entry_id = %s",
            [*terms, True, False, published, entry_id],
        )


def add_entries(entries: Iterable[SearchEntry], *, using: str = "default") -> int:
    """Insert entries that are not in the index yet, with their postings and term counts."""
    entries = list(entries)
    SearchEntry.objects.using(using).bulk_create(entries, batch_size=200)
    rows = [row for entry in entries for row in postings_of(entry)]
    table = SearchPosting._meta.db_table
    with connections[using].cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                f"INSERT INTO {table} (term, in_title, published, entry_id) VALUES (%s, %s, %s, %s)",
                rows[start : start + BATCH],
            )
    _count_terms(rows, +1, using)
    return len(rows)


def _count_terms(rows, sign: int, using: str) -> None:
    entries = Counter(row[0] for row in rows)
    titles = Counter(row[0] for row in rows if row[1])
    # Sorted so that concurrent publications lock the term rows in one order (no deadlock);
    # an atomic increment keeps counts right when several app servers publish at once.
    changes = [(term, sign * entries[term], sign * titles[term]) for term in sorted(entries)]
    table = SearchTerm._meta.db_table
    with connections[using].cursor() as cursor:
        for start in range(0, len(changes), BATCH):
            cursor.executemany(
                f"INSERT INTO {table} (term, entries, title_entries) VALUES (%s, %s, %s)"
                f" ON CONFLICT (term) DO UPDATE SET entries = {table}.entries + excluded.entries,"
                f" title_entries = {table}.title_entries + excluded.title_entries",
                changes[start : start + BATCH],
            )


def clear_index(using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        for model in (SearchPosting, SearchTerm, SearchEntry):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


def reindex_all(*, using: str = "default", chunk: int = 200) -> int:
    """Rebuild the whole index from the public catalog; returns how many are indexed."""

    items = (
        live_items()
        .using(using)
        .filter(first_published_at__isnull=False)
        .prefetch_related("attachments")
        .order_by("pk")
    )
    count = 0
    with transaction.atomic(using=using):
        clear_index(using)
        batch = []
        for item in items.iterator(chunk_size=chunk):
            batch.append(build_entry(item))
            if len(batch) >= chunk:
                count += len(batch)
                add_entries(batch, using=using)
                batch = []
        if batch:
            count += len(batch)
            add_entries(batch, using=using)
    return count


def reindex_subtree(page) -> int:
    """Bring the items at or below ``page`` in step with what is public now — after a view
    restriction was set on or lifted from it (or an ancestor), or after it moved. Only items
    whose standing changed are touched; returns how many were."""
    ids = list(InfoItem.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
    if not ids:
        return 0
    indexed = set(SearchEntry.objects.filter(pk__in=ids).values_list("pk", flat=True))
    public = set(
        live_items()
        .filter(pk__in=ids, first_published_at__isnull=False)
        .values_list("pk", flat=True)
    )
    for item_id in indexed - public:
        unindex_item(item_id)
    for item in InfoItem.objects.filter(pk__in=public - indexed).prefetch_related("attachments"):
        index_item(item)
    return len(indexed ^ public)
