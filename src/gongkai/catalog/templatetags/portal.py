from types import SimpleNamespace

from django import template

from gongkai.catalog.models import AgencyHomePage, ColumnPage
from gongkai.catalog.public_cache import cached
from gongkai.catalog.site_group import site_group_record

register = template.Library()


def agency_frame(agency_id: int) -> dict:
    """What every page of an agency's site shows around its content, from the cache
    (``public_cache``): the home and the navigation columns (a few pages: unpickling every
    column of a large site on each request would cost more than the query it saves)."""

    def build():
        home = AgencyHomePage.objects.filter(agency_id=agency_id).select_related("agency").first()
        if home is None:
            return {"home": None, "nav": []}
        nav = list(ColumnPage.objects.live().child_of(home).in_menu().order_by("path"))
        return {"home": home, "nav": nav}

    return cached(f"agency-frame:{agency_id}", build)


@register.simple_tag
def agency_home_of(page):
    """The agency home page that holds ``page``, or None on the group portal."""
    if isinstance(page, AgencyHomePage):
        return page
    agency_id = getattr(page, "agency_id", None)
    if agency_id is None:
        return None
    return agency_frame(agency_id)["home"]


@register.simple_tag
def top_columns(home):
    if home is None:
        return []
    return agency_frame(home.agency_id)["nav"]


@register.simple_tag
def breadcrumbs(page):
    """Ancestors from the portal down, without the tree root; shared by the pages of one
    parent through the cache."""
    parent_path = page.path[: -page.steplen]
    return cached(
        f"breadcrumbs:{parent_path}",
        lambda: list(page.get_ancestors().filter(depth__gt=1).live().specific()),
    )


def page_stub(title, agency=None):
    """What base.html needs of ``page`` for a view that is not a Wagtail page: a title, and
    the agency whose masthead to show (None for the group's)."""

    return SimpleNamespace(title=title, depth=0, agency_id=agency.pk if agency else None)


@register.simple_tag
def site_group():
    """The site group's name and filing numbers, for the portal's masthead and footer."""

    return cached("site-group", site_group_record)
