"""Pages of a long list of items by number (``?page=N``), read from an index, not an OFFSET
over the whole list.

The lists of items are newest first by the key (``listed_at``, page id): ``listed_at`` is
the item's first publication, kept on the item's own row (``InfoItem.save``) so that one
index of the item table orders them — ``(agency, listed_at, page id)`` for an agency's
catalog and columns, ``(listed_at, page id)`` for the group's lists (migration
``catalog.0007_items_listed_at``).

A plain ``OFFSET (N-1)×20`` makes the database read and drop every row before page N, and
``COUNT(*)`` every row of the list, on each request. Here, once per cache generation
(``public_cache``: any change of a page starts a new one), one pass over the list's keys —
read from the index only — stores the count and the key of the first item of every
``BUCKET``-th page ("marks"). Page N then starts at the mark of its bucket: ``WHERE
(listed_at, id) <= mark ORDER BY listed_at DESC, id DESC OFFSET (N-1 mod BUCKET)×20 LIMIT
20``, an index range that skips fewer than ``BUCKET`` pages of rows wherever N is. The
pass costs one read of the list's index entries (a thousand for an agency at a million
items) per generation and list; filtered lists keep Django's paginator.

A list of at most ``IDS_AT_MOST`` items (a column, an agency's home) keeps its ids in order
too, and a page is read by its twenty ids: with a ``LIMIT`` over a subtree of the page tree,
PostgreSQL's planner misjudges how many items the tree condition keeps and walks the whole
group's ``listed_at`` index instead (0.1–10 s at a million items).

Numbers out of range behave as ``Paginator.get_page`` does: not a number → page 1, beyond
the last → the last page.
"""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from gongkai.catalog.public_cache import cached

BUCKET = 10  # pages between two marks
IDS_AT_MOST = 2000  # a list this long or shorter keeps its ids in the cache


class KeysetPaginator(Paginator):
    """A paginator over ``items`` (ordered by ``-listed_at, -pk``) whose count and marks
    come from the cache under ``name`` (which says which list: agency, column)."""

    def __init__(self, items, per_page: int, name: str):
        super().__init__(items, per_page)
        self.name = name

    @cached_property
    def _summary(self):
        def build():
            step = BUCKET * self.per_page
            marks, ids = [], []
            count = 0
            keys = self.object_list.values_list("listed_at", "pk")
            for count, key in enumerate(keys.iterator(chunk_size=5000), start=1):
                if (count - 1) % step == 0:
                    marks.append(key)
                if count <= IDS_AT_MOST:
                    ids.append(key[1])
            return count, marks, ids if count <= IDS_AT_MOST else None

        return cached(f"keyset:{self.name}:{self.per_page}", build)

    @cached_property
    def count(self):
        return self._summary[0]

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        ids = self._summary[2]
        if ids is not None:
            wanted = ids[start : start + self.per_page]
            # The list's own conditions still apply: what changed since is left out.
            found = self.object_list.filter(pk__in=wanted).in_bulk()
            return PaginatorPage([found[pk] for pk in wanted if pk in found], number, self)
        bucket, within = divmod(number - 1, BUCKET)
        marks = self._summary[1]
        items = self.object_list
        if bucket < len(marks):
            listed_at, pk = marks[bucket]
            field = items.model._meta.get_field("listed_at")
            listed_at = field.get_db_prep_value(listed_at, connection=connections[items.db])
            table = items.model._meta.db_table
            pk_column = items.model._meta.pk.column
            items = items.extra(
                where=[f'("{table}"."listed_at", "{table}"."{pk_column}") <= (%s, %s)'],
                params=[listed_at, pk],
            )
        start = within * self.per_page
        return PaginatorPage(list(items[start : start + self.per_page]), number, self)


def keyset_page(items, page_number, per_page: int, name: str):
    """Page ``page_number`` of ``items`` (newest first) as ``Paginator.get_page`` gives it."""
    return KeysetPaginator(items.order_by("-listed_at", "-pk"), per_page, name).get_page(
        page_number
    )
