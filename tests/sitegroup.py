"""A small site group for the web tests: two agencies, their departments, one persona per role.

Built once per test session by conftest.py with the same functions the demo and the
back office use; every test then runs in a transaction that is rolled back.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.agencies.models import Agency, Department, Role, StaffProfile, StaffRole
from gongkai.agencies.roles import apply_profile, sync_agency
from gongkai.catalog.models import ColumnPage, InfoItem
from gongkai.catalog.tree import ensure_agency_site, ensure_portal

PASSWORD = "persona-password-2026"

# username -> (role, agency slug, department slug)
PERSONAS = {
    "clerk_a": (Role.EDITOR, "agency-a", "transport"),
    "clerk_a_construction": (Role.EDITOR, "agency-a", "construction"),
    "reviewer_a": (Role.REVIEWER, "agency-a", None),
    "officer_a": (Role.DISCLOSURE_OFFICER, "agency-a", None),
    "head_a": (Role.DISCLOSURE_HEAD, "agency-a", None),
    "admin_a": (Role.AGENCY_ADMIN, "agency-a", None),
    "clerk_b": (Role.EDITOR, "agency-b", "transport"),
    "reviewer_b": (Role.REVIEWER, "agency-b", None),
    "officer_b": (Role.DISCLOSURE_OFFICER, "agency-b", None),
    "group_supervisor": (Role.SUPERVISOR, None, None),
}


def build_site_group():
    portal = ensure_portal("测试网站群")
    for order, (slug, name, prefix) in enumerate(
        [("agency-a", "甲市交通运输局", "甲交依申"), ("agency-b", "乙市农业农村局", "乙农依申")]
    ):
        agency = Agency.objects.create(
            slug=slug,
            name=name,
            sort_order=order,
            document_prefix=prefix,
            credit_code=f"11360400MB000000{order}{'JM'[order]}",
            phone="0792-1234567",
            address="江西省九江市某路1号",
            icp_number="赣ICP备00000001号",
            police_number="赣公网安备36040002000001号",
            site_code="3604000001",
        )
        home = ensure_agency_site(portal, agency)
        for dept_slug, dept_name in [
            ("office", "办公室"),
            ("transport", "运输管理股"),
            ("construction", "建设股"),
        ]:
            Department.objects.create(agency=agency, slug=dept_slug, name=dept_name)
        owners = {
            "transport": ["licensing", "work-news"],
            "construction": ["major-projects"],
            "office": ["notices"],
        }
        for dept_slug, columns in owners.items():
            ColumnPage.objects.descendant_of(home).filter(slug__in=columns).update(
                department=Department.objects.get(agency=agency, slug=dept_slug)
            )
        sync_agency(agency)
    users = {}
    for username, (role, agency_slug, dept_slug) in PERSONAS.items():
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        agency = Agency.objects.get(slug=agency_slug) if agency_slug else None
        department = Department.objects.get(agency=agency, slug=dept_slug) if dept_slug else None
        profile = StaffProfile.objects.create(user=user, agency=agency, department=department)
        set_roles(profile, [role])
        users[username] = user
    publish_item(
        "agency-a",
        "work-news",
        "甲市交通运输局召开2020年安全生产工作会议",
        generated_on=date(2020, 3, 2),
        published=datetime(2020, 3, 4, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    publish_item(
        "agency-b",
        "work-news",
        "乙市农业农村局部署春耕生产工作",
        generated_on=date(2020, 2, 20),
        published=datetime(2020, 2, 24, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    return users


@transaction.atomic
def set_roles(profile: StaffProfile, roles) -> None:
    """Give ``profile`` exactly ``roles`` (checked against its agency and department),
    without the audited actions: the personas' setup, and the tests of the role rules."""
    roles = frozenset(Role(role) for role in roles)
    profile.check_roles(roles)
    profile.role_grants.exclude(role__in=roles).delete()
    for role in roles:
        StaffRole.objects.get_or_create(profile=profile, role=role)
    profile.__dict__.pop("roles", None)
    apply_profile(profile)


def column(agency_slug: str, slug: str) -> ColumnPage:
    return ColumnPage.objects.get(agency__slug=agency_slug, slug=slug)


def publish_item(
    agency_slug, column_slug, title, *, generated_on, published=None, **fields
) -> InfoItem:
    """Create and publish an item; ``published`` backdates its first publication."""
    parent = column(agency_slug, column_slug)
    item = InfoItem(
        title=title,
        generated_on=generated_on,
        body="<p>正文内容。</p>",
        first_published_at=published,
        **fields,
    )
    parent.add_child(instance=item)
    item.save_revision().publish()
    if published is not None:
        InfoItem.objects.filter(pk=item.pk).update(last_published_at=published)
    item.refresh_from_db()
    return item


# A site group with its portal's owner (主办单位) and a county bureau, for the journeys of
# information flowing between sites (信息报送). Not part of the session's site group: a
# test that needs it calls add_portal_and_lushan() itself.
LUSHAN_PERSONAS = {
    "portal_editor": (Role.EDITOR, "jiujiang", "office"),
    "lushan_editor": (Role.EDITOR, "lushan-transport", "office"),
}


def add_portal_and_lushan():
    """九江市人民政府 as the site group's top agency (its editors edit the portal's columns)
    and 庐山市交通运输局 with one editor each; returns the two agencies."""
    from gongkai.agencies.models import AgencyKind, SiteGroup

    portal = ensure_portal("测试网站群")
    agencies = {}
    for order, (slug, name, kind) in enumerate(
        [
            ("jiujiang", "九江市人民政府", AgencyKind.GOVERNMENT),
            ("lushan-transport", "庐山市交通运输局", AgencyKind.DEPARTMENT),
        ],
        start=10,
    ):
        agency = Agency.objects.create(
            slug=slug,
            name=name,
            kind=kind,
            sort_order=order,
            document_prefix=f"测{order}依申",
            credit_code=f"11360400MB0000{order}1X",
            phone="0792-1234567",
            address="江西省九江市某路1号",
            icp_number="赣ICP备00000001号",
            police_number="赣公网安备36040002000001号",
            site_code="3604000001",
        )
        home = ensure_agency_site(portal, agency)
        office = Department.objects.create(agency=agency, slug="office", name="办公室")
        ColumnPage.objects.descendant_of(home).filter(slug="work-news").update(department=office)
        sync_agency(agency)
        agencies[slug] = agency
    SiteGroup.objects.get_or_create(
        defaults={"name": "测试网站群", "top_agency": agencies["jiujiang"]}
    )
    for username, (role, agency_slug, dept_slug) in LUSHAN_PERSONAS.items():
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        agency = agencies[agency_slug]
        department = Department.objects.get(agency=agency, slug=dept_slug)
        profile = StaffProfile.objects.create(user=user, agency=agency, department=department)
        set_roles(profile, [role])
    return agencies["jiujiang"], agencies["lushan-transport"]
