from types import SimpleNamespace

from django import template

from gongkai.catalog.models import AgencyHomePage, ColumnPage
from gongkai.catalog.site_group import site_group_record

register = template.Library()


@register.simple_tag
def agency_home_of(page):
    """The agency home page that holds ``page``, or None on the group portal."""
    if isinstance(page, AgencyHomePage):
        return page
    agency_id = getattr(page, "agency_id", None)
    if agency_id is None:
        return None
    return AgencyHomePage.objects.filter(agency_id=agency_id).select_related("agency").first()


@register.simple_tag
def top_columns(home):
    if home is None:
        return []
    return ColumnPage.objects.live().child_of(home).in_menu().order_by("path")


@register.simple_tag
def breadcrumbs(page):
    """Ancestors from the portal down, without the tree root."""
    return page.get_ancestors().filter(depth__gt=1).live()


def page_stub(title, agency=None):
    """What base.html needs of ``page`` for a view that is not a Wagtail page: a title, and
    the agency whose masthead to show (None for the group's)."""

    return SimpleNamespace(title=title, depth=0, agency_id=agency.pk if agency else None)


@register.simple_tag
def site_group():
    """The site group's name and filing numbers, for the portal's masthead and footer."""

    return site_group_record()
