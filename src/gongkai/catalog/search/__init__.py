"""Chinese full-text search of the catalog: CJK bigrams in ordinary tables, no extra server.

``grams`` and ``snippets`` are plain Python; ``indexing`` keeps the tables current and
``query`` answers searches. Import from the submodules: this package is imported while the
app registry is still loading.
"""
