"""Wagtail's own search index updated once per batch, not once per save.

Wagtail's database backend refreshes its title norms over the whole index table on every
insert, so creating a few hundred pages in one transaction (``gongkai sitegroup import``
of a county: 30 sites, their column trees and revisions) costs quadratic time on
PostgreSQL — more than 40 minutes for the issue's county. Inside :func:`batched`, saves of
indexed models are only noted; at the end each model's objects are added in one call per
backend. The project's own Chinese index (``catalog.search``) is not affected.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler

_UID = "gongkai.catalog.search.batched"


@contextmanager
def batched():
    models = [m for m in index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    saved: dict[type, set] = defaultdict(set)

    def note(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(note, sender=model, weak=False, dispatch_uid=(_UID, model))
    try:
        yield
    finally:
        for model in models:
            post_save.disconnect(sender=model, dispatch_uid=(_UID, model))
            post_save.connect(post_save_signal_handler, sender=model)
    for model, pks in saved.items():
        objects = [
            indexed
            for obj in model._default_manager.filter(pk__in=pks)
            if (indexed := index.get_indexed_instance(obj)) is not None
        ]
        if objects:
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, objects)
