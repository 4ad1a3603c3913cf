"""Catalog's side of ``agencies.sites``: the pages that make an agency's website."""

from gongkai.agencies.sites import Sites
from gongkai.catalog.models import AgencyHomePage, ColumnPage, PortalHomePage, ReviewTask
from gongkai.catalog.search.batched import batched
from gongkai.catalog.tree import ensure_agency_site, ensure_portal, standard_columns


class CatalogSites(Sites):
    def portal(self):
        return PortalHomePage.objects.first()

    def ensure_portal(self, title: str):
        return ensure_portal(title)

    def ensure_agency_site(self, portal, agency):
        return ensure_agency_site(portal, agency)

    def agency_id_of_page(self, page) -> int | None:
        steplen = page.steplen
        prefixes = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
        home = AgencyHomePage.objects.filter(path__in=prefixes).only("agency_id").first()
        return home.agency_id if home else None

    def columns(self, home=None):
        if home is None:
            return ColumnPage.objects.all()
        return ColumnPage.objects.descendant_of(home)

    def column_slugs(self) -> set[str]:
        slugs, stack = set(), list(standard_columns())
        while stack:
            spec = stack.pop()
            if spec.get("type") != "guide":
                slugs.add(spec["slug"])
            stack.extend(spec.get("children", []))
        return slugs

    def review_task(self, name: str):
        task, _ = ReviewTask.objects.get_or_create(name=name)
        return task

    def batched_indexing(self):
        return batched()
