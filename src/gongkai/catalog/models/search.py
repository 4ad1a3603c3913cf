"""The catalog's inverted index, in ordinary tables that SQLite and PostgreSQL both serve.

The tables hold plain integers rather than foreign keys: the index is derived data that the
signals and ``gongkai catalog-reindex`` keep in step with the pages, and a foreign key from
hundreds of postings per item would make Django collect them one by one on every delete.
"""

from django.db import models


class SearchEntry(models.Model):
    """One live, public InfoItem as the search sees it; ``id`` is the item's page id."""

    id = models.BigIntegerField(primary_key=True)
    agency_id = models.BigIntegerField()
    category = models.CharField(max_length=30, blank=True)
    validity = models.CharField(max_length=20, blank=True)
    # first_published_at in whole seconds since the epoch: the recency of the ranking and
    # the year filter, and part of every posting's key.
    published = models.BigIntegerField()
    # What the results show: the title and the text the snippet is cut from (body first,
    # then summary, document number, keywords and attachment text).
    title = models.TextField()
    text = models.TextField(blank=True)
    # Folded (full-width and case) copies that the exact-substring check runs on.
    title_folded = models.TextField()
    text_folded = models.TextField(blank=True)

    class Meta:
        # Searches reach entries by primary key from the postings; filters are checked on
        # those rows, so the entry table needs no other index.
        app_label = "catalog"

    def __str__(self):
        return self.title


class SearchPosting(models.Model):
    """One gram of one entry.

    The key is ordered as the ranking reads it: for one term, postings from titles first,
    then newest first, so the first page of a one-gram query is a short index range. The same
    key also answers "does entry E have term T" for intersections, since the entry's
    ``published`` comes with every posting; no second index is needed.
    """

    pk = models.CompositePrimaryKey("term", "in_title", "published", "entry_id")
    term = models.CharField(max_length=8)
    in_title = models.BooleanField()
    published = models.BigIntegerField()
    entry_id = models.BigIntegerField()

    class Meta:
        app_label = "catalog"

    def __str__(self):
        return f"{self.term} {self.entry_id}"


class SearchTerm(models.Model):
    """How many entries hold a term (and hold it in their title).

    These counts make the total of a one-gram query, the heaviest kind (路, 交通), a single
    row read, and pick the rarest gram to drive a longer query.
    """

    term = models.CharField(max_length=8, primary_key=True)
    entries = models.BigIntegerField(default=0)
    title_entries = models.BigIntegerField(default=0)

    class Meta:
        app_label = "catalog"

    def __str__(self):
        return self.term
