"""Entries of a listing that live elsewhere in the site group.

A column lists the live items under it; an agency's home lists its newest. Other apps add
entries to both without the catalog knowing them (信息报送's adopted reference entries, the
items of a mapped column, ``gongkai.contributions``): each registers a *listing source*
when Django starts, a function that, given the column or home page, returns a condition
(``Q``) on ``InfoItem`` rows — or None when it adds nothing. The listing is one query over
the live items matching "under the page" or any source's condition, so it stays ordered by
date with its pagination intact, each item appears once, and an item that is unpublished,
deleted or moved away leaves every listing that showed it. A source may spend at most one
query of its own (none while the cache generation lasts), so that a listing's query count
stays small and fixed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from gongkai.catalog.public_cache import cached

ListingSource = Callable[[object], Q | None]

_sources: list[ListingSource] = []


def register(source: ListingSource) -> None:
    if source not in _sources:
        _sources.append(source)


def listed_condition(page) -> Q:
    """The condition on ``InfoItem`` rows of what ``page`` lists: the items under it and
    those the registered sources list there. Kept per cache generation (``public_cache``):
    the sources' changes send ``public_pages_changed``, which starts a new one."""
    return cached(f"listed:{page.pk}", lambda: _condition(page))


def _condition(page) -> Q:
    condition = Q(path__startswith=page.path, depth__gt=page.depth)
    for source in _sources:
        extra = source(page)
        if extra is not None:
            condition |= extra
    return condition


def listed_items(items, page):
    """``items`` (live items) narrowed to those under ``page`` and those the registered
    sources list there."""
    return items.filter(listed_condition(page))
