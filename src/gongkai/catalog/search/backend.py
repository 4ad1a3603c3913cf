"""Wagtail's search backend for the back office, answering Chinese from the catalog's index.

Wagtail's database backends split text into words at spaces, so a Chinese title is one
"word" and 安全生产 inside it is never found. This backend answers every query that holds
a Han character from the project's own n-gram index (``query.matching_ids``, the one the
public ``/search/`` reads), so the page listing, the page chooser and the document library
find what the public search finds, and from the same index: there is one Chinese index.
Queries without Han characters, and every indexing call, go to Wagtail's database backend
as before.

What a Chinese query finds, always within the queryset the view passes (so the view's
permission scoping holds):

- pages: the live public items the index finds (title, body, summary, document number,
  keywords, attachment text), plus any page whose title contains the query (drafts and
  columns are not in the public index);
- documents: those attached to an item the index finds whose extracted text contains the
  query, plus any whose title contains it;
- any other model (images, snippets, users): its short text search fields (``CharField``)
  containing the query.
"""

import re
from collections import OrderedDict

from django.db import models
from django.db.models import Case, Count, IntegerField, Q, Value, When
from modelsearch.backends.base import BaseSearchResults
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import Phrase, PlainText
from wagtail.documents.models import AbstractDocument
from wagtail.models import Page

from gongkai.catalog.models import InfoItemAttachment, SearchEntry, SearchPosting, SearchTerm
from gongkai.catalog.search.grams import query_grams
from gongkai.catalog.search.query import QueryError, clean_query

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def chinese_query(query) -> str | None:
    """The query string when it holds a Han character, else None (Wagtail answers it)."""
    if isinstance(query, PlainText | Phrase):
        query = query.query_string
    if isinstance(query, str) and _HAN.search(query):
        return " ".join(query.split())
    return None


class _Compiled:
    """What BaseSearchResults needs of a query compiler: the queryset it answers from."""

    def __init__(self, queryset):
        self.queryset = queryset


class IndexResults(BaseSearchResults):
    """A matching queryset behind Wagtail's search-results interface (slices, count,
    facets), so the admin's listing, pagination and page-type facets work unchanged."""

    supports_facet = True

    def _do_search(self):
        queryset = self.query_compiler.queryset[self.start : self.stop]
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        results = list(queryset)
        if self._score_field:
            for result in results:
                setattr(result, self._score_field, None)
        return results

    def _do_count(self):
        return self.query_compiler.queryset[self.start : self.stop].count()

    def facet(self, field_name):
        rows = (
            self.query_compiler.queryset.order_by()
            .values(field_name)
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        return OrderedDict((row[field_name], row["count"]) for row in rows)


def _text_fields(model, fields) -> list[str]:
    """Short text fields to match by substring: ``fields`` when the view names them, else
    the model's search fields; only CharFields (a LIKE over every body would be a scan of
    the whole catalog, which is what the index is for)."""
    if fields is None:
        fields = [field.field_name for field in model.get_search_fields()]
    names = []
    for name in dict.fromkeys(fields):
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - FieldDoesNotExist, or a callable search field
            continue
        if isinstance(field, models.CharField):
            names.append(name)
    return names


def index_entries(query: str):
    """The ids of the index entries that contain ``query``, as a subquery.

    The same answer as the public search (``query.matching_ids``): the postings of the
    query's rarest gram are the candidates, and the exact substring of the folded title or
    text decides. A subquery rather than a list, so that a common word matching a large
    part of a million items never becomes a million query parameters.
    """
    try:
        folded = clean_query(query)
    except QueryError:
        return SearchEntry.objects.none().values("pk")
    grams = set(query_grams(folded)) if folded else set()
    counts = dict(
        SearchTerm.objects.filter(term__in=grams, entries__gt=0).values_list("term", "entries")
    )
    if not grams or len(counts) < len(grams):
        return SearchEntry.objects.none().values("pk")
    driver = min(sorted(counts), key=counts.get)
    candidates = SearchPosting.objects.filter(term=driver).values("entry_id")
    return (
        SearchEntry.objects.filter(pk__in=candidates)
        .filter(Q(title_folded__contains=folded) | Q(text_folded__contains=folded))
        .values("pk")
    )


def _index_ids(model, query: str, use_index: bool):
    """A subquery of the primary keys of ``model`` the catalog's index finds for
    ``query``, or None when the index does not cover the model."""

    if not use_index:
        return None
    if issubclass(model, Page):
        return index_entries(query)
    if issubclass(model, AbstractDocument):
        return InfoItemAttachment.objects.filter(
            item_id__in=index_entries(query), extracted_text__contains=query
        ).values("document_id")
    return None


def matching_queryset(queryset, query: str, fields=None, order_by_relevance=True):
    """The rows of ``queryset`` that a Chinese ``query`` finds (see the module docstring)."""
    model = queryset.model
    text_fields = _text_fields(model, fields)
    condition = Q()
    for name in text_fields:
        condition |= Q(**{f"{name}__icontains": query})
    ids = _index_ids(model, query, use_index=fields is None)
    if ids is not None:
        condition |= Q(pk__in=ids)
    if not condition:
        return queryset.none()
    matched = queryset.filter(condition)
    if order_by_relevance and text_fields:
        # The public search's order: matches in the title first, then the view's order.
        first = text_fields[0]
        matched = matched.annotate(
            _gk_title_match=Case(
                When(**{f"{first}__icontains": query}, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("_gk_title_match", *(matched.query.order_by or model._meta.ordering or ["-pk"]))
    return matched


class SearchBackend:
    """Wagtail's database backend, with Chinese queries answered by the catalog's index."""

    def __init__(self, params):
        self.database = database_backend(params)

    def __getattr__(self, name):
        # Indexing, rebuilding and every other part of the interface stay Wagtail's.
        if name == "database":  # not set yet: __init__ failed
            raise AttributeError(name)
        return getattr(self.database, name)

    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        chinese = chinese_query(query)
        if chinese is None:
            return self.database.search(
                query, model_or_queryset, fields, operator, order_by_relevance
            )
        return self._answer(chinese, model_or_queryset, fields, order_by_relevance)

    def autocomplete(
        self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True
    ):
        chinese = chinese_query(query)
        if chinese is None:
            return self.database.autocomplete(
                query, model_or_queryset, fields, operator, order_by_relevance
            )
        return self._answer(chinese, model_or_queryset, fields, order_by_relevance)

    def _answer(self, query, model_or_queryset, fields, order_by_relevance):
        queryset = (
            model_or_queryset
            if isinstance(model_or_queryset, models.QuerySet)
            else model_or_queryset._default_manager.all()
        )
        matched = matching_queryset(queryset, query, fields, order_by_relevance)
        return IndexResults(self, _Compiled(matched))
