"""What the public pages print about the site group itself: its name and its 主办单位's
filing numbers (ICP, 公安备案号, 网站标识码).

Read through ``site_group_record()`` only: the site group's own record
(:class:`gongkai.agencies.models.SiteGroup`); on an installation without one yet (before
the first agency is imported), the portal's title and the first 人民政府 of the group.
"""

from dataclasses import dataclass

from django.conf import settings

from gongkai.agencies.models import Agency, AgencyKind, SiteGroup
from gongkai.catalog.models import PortalHomePage


@dataclass(frozen=True)
class SiteGroupRecord:
    name: str
    host_agency: object  # the 主办单位 (an Agency) or None
    icp_number: str
    police_number: str
    site_code: str


def site_group_record() -> SiteGroupRecord:

    group = SiteGroup.objects.select_related("top_agency").first()
    if group is not None:
        return SiteGroupRecord(
            name=group.name,
            host_agency=group.top_agency,
            icp_number=group.icp_number,
            police_number=group.police_number,
            site_code=group.site_code,
        )
    portal = PortalHomePage.objects.only("title").first()
    name = portal.title if portal else settings.WAGTAIL_SITE_NAME
    top = Agency.objects.filter(kind=AgencyKind.GOVERNMENT).order_by("sort_order", "pk").first()
    return SiteGroupRecord(
        name=name,
        host_agency=top,
        icp_number=top.icp_number if top else "",
        police_number=top.police_number if top else "",
        site_code=top.site_code if top else "",
    )
