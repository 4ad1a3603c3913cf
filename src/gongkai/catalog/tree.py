"""Build the site group's page tree: the portal, each agency's site and its standard columns."""

import json
from functools import cache
from pathlib import Path

from django.db import transaction
from wagtail.models import Page, Site

from gongkai.agencies.models import Agency
from gongkai.catalog.models import AgencyHomePage, ColumnPage, PortalHomePage

COLUMNS_FILE = Path(__file__).resolve().parent / "data" / "columns.json"


@cache
def standard_columns() -> list[dict]:
    return json.loads(COLUMNS_FILE.read_text(encoding="utf-8"))["columns"]


@transaction.atomic
def ensure_portal(title: str, hostname: str = "localhost", port: int = 80) -> PortalHomePage:
    """The group's home page, served by the default site, replacing Wagtail's welcome page."""
    portal = PortalHomePage.objects.first()
    root = Page.get_first_root_node()
    if portal is None:
        portal = root.add_child(instance=PortalHomePage(title=title, slug="portal"))
        portal.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=portal, is_default_site=True, site_name=title
        )
    elif site.root_page_id != portal.pk:
        site.root_page = portal
        site.site_name = title
        site.save()
    # Wagtail's initial migration leaves a "Welcome to your new Wagtail site!" page.
    for welcome in root.get_children().exclude(pk=portal.pk).filter(depth=2):
        if welcome.specific_class is Page and not Site.objects.filter(root_page=welcome).exists():
            welcome.delete()
    return portal


@transaction.atomic
def ensure_agency_site(portal: PortalHomePage, agency: Agency) -> AgencyHomePage:
    """The agency's home page and the standard column tree under it; existing pages are kept."""
    home = AgencyHomePage.objects.filter(agency=agency).first()
    if home is None:
        home = portal.add_child(
            instance=AgencyHomePage(title=agency.name, slug=agency.slug, agency=agency)
        )
        home.save_revision().publish()
    _ensure_columns(home, standard_columns())
    if agency.hostname:
        Site.objects.update_or_create(
            hostname=agency.hostname,
            port=80,
            defaults={"root_page": home, "site_name": agency.name},
        )
    return home


def _ensure_columns(parent, specs: list[dict]) -> None:
    for spec in specs:
        column = ColumnPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
        if column is None:
            column = parent.add_child(
                instance=ColumnPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    column_class=spec.get("class", "other"),
                    default_category=spec.get("category", "none"),
                    article=spec.get("article", ""),
                    show_in_menus=parent.depth == 3,
                )
            )
            column.save_revision().publish()
        _ensure_columns(column, spec.get("children", []))
