"""The agencies' websites, as seen from the base layer.

An agency has a site: a home page with the standard column tree, under the site group's
portal, reviewed by the agency's reviewers. The pages belong to the content layer
(``gongkai.catalog``); the agencies' actions, roles and onboarding need only the few
operations below. Catalog registers its implementation when Django starts
(``catalog/apps.py``), so that this package imports nothing from a layer above it
(docs/architecture.md).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager

from django.core.exceptions import ImproperlyConfigured


class Sites(ABC):
    @abstractmethod
    def portal(self):
        """The site group's portal page, or None before the first agency."""

    @abstractmethod
    def ensure_portal(self, title: str):
        """The portal, created with ``title`` when it does not exist yet."""

    @abstractmethod
    def ensure_agency_site(self, portal, agency):
        """The agency's home page and standard columns; existing pages are kept."""

    @abstractmethod
    def agency_id_of_page(self, page) -> int | None:
        """The agency whose site holds ``page`` (None for the portal and the tree root)."""

    @abstractmethod
    def columns(self, home=None):
        """The column pages under ``home`` (all columns when None), as a queryset."""

    @abstractmethod
    def column_slugs(self) -> set[str]:
        """The slugs of the standard columns a department may own."""

    @abstractmethod
    def review_task(self, name: str):
        """The review task of that name (created if missing), for an agency's workflow."""

    @abstractmethod
    def batched_indexing(self) -> AbstractContextManager:
        """A context in which the search index is updated once at the end, not per save."""


_sites: Sites | None = None


def register(sites: Sites) -> None:
    global _sites
    _sites = sites


def sites() -> Sites:
    if _sites is None:
        raise ImproperlyConfigured(
            "gongkai.catalog is not installed: the agencies' sites are built by it"
        )
    return _sites
