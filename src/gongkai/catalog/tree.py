"""Build the site group's page tree: the portal, each agency's site and its standard columns."""

import json
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils.html import escape
from wagtail.models import Page, Site

from gongkai.agencies.models import Agency
from gongkai.catalog.models import AgencyHomePage, ColumnPage, GuidePage, PortalHomePage

DATA_DIR = Path(__file__).resolve().parent / "data"
COLUMNS_FILE = DATA_DIR / "columns.json"
GUIDE_DEFAULTS_FILE = DATA_DIR / "guide_defaults.json"


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


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def new_guide(agency: Agency, title: str, slug: str) -> GuidePage:
    """A guide filled with the agency's contacts and the statutory texts, ready to edit."""
    defaults = json.loads(GUIDE_DEFAULTS_FILE.read_text(encoding="utf-8"))
    return GuidePage(
        title=title,
        slug=slug,
        office_name=f"{agency.name}政府信息公开工作机构",
        office_address=agency.address,
        office_hours=defaults["office_hours"],
        phone=agency.phone,
        email=agency.email,
        postal_address=agency.address,
        postcode=agency.postcode,
        application_channels=_paragraphs(defaults["application_channels"]),
        processing_time=_paragraphs(defaults["processing_time"]),
        fees=_paragraphs(defaults["fees"]),
        remedies=_paragraphs(defaults["remedies"]),
    )


def _ensure_columns(parent, specs: list[dict]) -> None:
    for spec in specs:
        if spec.get("type") == "guide":
            if not GuidePage.objects.child_of(parent).exists():
                guide = parent.add_child(
                    instance=new_guide(parent.specific.agency, spec["title"], spec["slug"])
                )
                guide.save_revision().publish()
            continue
        column = ColumnPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
        if column is None:
            column = parent.add_child(
                instance=ColumnPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    column_class=spec.get("class", "other"),
                    default_category=spec.get("category", "none"),
                    article=spec.get("article", ""),
                    update_days=spec.get("update_days"),
                    show_in_menus=parent.depth == 3,
                )
            )
            column.save_revision().publish()
        _ensure_columns(column, spec.get("children", []))
