"""The site group, its agencies and their departments."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Site

from gongkai.agencies.access import is_supervisor
from gongkai.agencies.actions.common import (
    AGENCY_FIELDS,
    OnboardingError,
    _audit,
    _diff,
    _plain,
    _require_manager,
    _require_supervisor,
    _validated,
)
from gongkai.agencies.models import (
    Agency,
    AgencyKind,
    Department,
    ReconsiderationEntry,
    SiteGroup,
    StaffProfile,
)
from gongkai.agencies.roles import agency_collection, sync_agency, sync_portal
from gongkai.agencies.sites import sites

# -- the site group ----------------------------------------------------------------------


def portal():
    """The group's portal, created with the site group's name when it does not exist yet."""
    existing = sites().portal()
    if existing is not None:
        return existing
    group = SiteGroup.objects.first()
    return sites().ensure_portal(group.name if group else "政府网站群")


def site_group_name(top: Agency) -> str:
    """九江市人民政府 -> 九江市政府网站群."""
    base = top.name.removesuffix("人民政府")
    return f"{base}政府网站群"


def _ensure_site_group(top: Agency, user) -> SiteGroup:
    group = SiteGroup.objects.first()
    if group is not None:
        return group
    group = SiteGroup.objects.create(
        name=site_group_name(top),
        top_agency=top,
        icp_number=top.icp_number,
        police_number=top.police_number,
        site_code=top.site_code,
    )
    home = portal()
    if home.title != group.name:
        home.title = group.name
        # The action checked the actor; Wagtail's page permissions are for editors.
        home.save_revision().publish()
    _audit(group, "create_site_group", user, new={"name": group.name, "top_agency": top.name})
    return group


# -- agencies ----------------------------------------------------------------------------


@transaction.atomic
def do_create_agency(*, acting_user, **fields) -> Agency:
    """A new agency with its site (home page and the standard column tree), its document
    collection, its groups and its review workflow; the first agency without a government
    becomes the site group's top agency (主办单位)."""
    _require_supervisor(acting_user)
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    agency = Agency(**fields)
    _validated(agency)
    if agency.government_id is None and SiteGroup.objects.exists():
        raise OnboardingError(
            "网站群已有主办单位，人民政府须填写上一级人民政府",
            "the site group already has a top agency; name this agency's government",
        )
    agency.save()
    if agency.government_id is None:
        _ensure_site_group(agency, acting_user)
    sites().ensure_agency_site(portal(), agency)
    sync_agency(agency)
    sync_portal()
    _audit(agency, "create_agency", acting_user, new=_snapshot(agency))
    return agency


def _snapshot(agency: Agency) -> dict:
    return {field: _plain(getattr(agency, field)) for field in AGENCY_FIELDS}


@transaction.atomic
def do_change_agency(agency: Agency, *, acting_user, **changes) -> Agency:
    """Change an agency's record; its site, collection and workflow follow its name and host."""
    _require_manager(acting_user, agency)
    unknown = set(changes) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.is_retired:
        raise OnboardingError("机关已撤销，不能修改", "the agency is retired")
    if acting_user is not None and not is_supervisor(acting_user):
        # An agency admin keeps the group's structure as the supervisor set it.
        for field in ("slug", "kind", "government", "hostname"):
            if field in changes and changes[field] != getattr(agency, field):
                raise OnboardingError(
                    "机关类型、网址名、所属政府和域名只能由政务公开办修改",
                    "only the supervisor changes an agency's kind, slug, government or host",
                )
    old, new = _diff(agency, changes)
    if not new:
        return agency
    collection = agency_collection(agency)
    for field, value in changes.items():
        setattr(agency, field, value)
    _validated(agency, only=set(new))
    agency.save()
    _follow(agency, collection, old)
    sync_agency(agency)
    _audit(agency, "change_agency", acting_user, old=old, new=new)
    return agency


def _follow(agency: Agency, collection, old: dict) -> None:
    """The site's title, address and host name, and the collection's name, follow the record."""

    home = agency.home_page
    if "name" in old:
        collection.name = agency.name
        collection.save(update_fields=["name"])
        home.title = agency.name
        home.save_revision().publish()
    if "slug" in old:
        home.slug = agency.slug
        home.save_revision().publish()
    if "hostname" in old:
        if old["hostname"]:
            Site.objects.filter(hostname=old["hostname"], root_page=home).delete()
        if agency.hostname:
            Site.objects.update_or_create(
                hostname=agency.hostname,
                port=80,
                defaults={"root_page": home, "site_name": agency.name},
            )


RETIRED_NOTICE = (
    "本机关已于{on}撤销，本网站不再更新。原发布的政府信息已归档，如需查阅请联系{group}。"
)


@transaction.atomic
def do_retire_agency(agency: Agency, *, acting_user, on: date | None = None) -> Agency:
    """The site goes offline behind a notice on its home page; nothing is deleted: the pages
    are unpublished, the records and accounts stay (deactivate accounts one by one)."""

    _require_supervisor(acting_user)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.is_retired:
        return agency
    group = SiteGroup.objects.first()
    if group is not None and group.top_agency_id == agency.pk:
        raise OnboardingError("网站群主办单位不能撤销", "the site group's top agency cannot retire")
    on = on or timezone.localdate()
    agency.retired_on = on
    agency.save(update_fields=["retired_on"])
    home = agency.home_page
    for page in home.get_descendants().live().specific():
        page.unpublish(log_action=True)
    home.intro = "<p>{}</p>".format(
        escape(
            RETIRED_NOTICE.format(
                on=f"{on.year}年{on.month}月{on.day}日", group=group.name if group else "网站群"
            )
        )
    )
    home.save_revision().publish()
    _audit(agency, "retire_agency", acting_user, old={"retired_on": None}, new={"retired_on": on})
    return agency


@transaction.atomic
def do_record_reconsideration(agency: Agency, valid_from: date, bodies, *, acting_user):
    """From ``valid_from`` on, ``bodies`` (one or two names, or (name, agency) pairs) hear a
    reconsideration against ``agency``; an entry for the same day is replaced."""

    _require_manager(acting_user, agency)
    pairs = [body if isinstance(body, tuple) else (body, None) for body in bodies]
    if not 1 <= len(pairs) <= 2 or not all(name.strip() for name, _agency in pairs):
        raise OnboardingError("请填写一个或两个行政复议机关", "name one or two bodies")
    (first, first_agency), (second, second_agency) = pairs[0], (pairs + [("", None)])[1]
    if first_agency is None:
        first_agency = Agency.objects.filter(name=first).first()
    if second and second_agency is None:
        second_agency = Agency.objects.filter(name=second).first()
    entry = ReconsiderationEntry.objects.filter(agency=agency, valid_from=valid_from).first()
    old = str(entry) if entry else None
    values = {
        "first_name": first,
        "first_agency": first_agency,
        "second_name": second,
        "second_agency": second_agency,
    }
    if entry is not None and all(getattr(entry, k) == v for k, v in values.items()):
        return entry
    entry, _created = ReconsiderationEntry.objects.update_or_create(
        agency=agency, valid_from=valid_from, defaults=values
    )
    _audit(agency, "record_reconsideration", acting_user, old=old, new=str(entry))
    return entry


# -- departments -------------------------------------------------------------------------


def _new_department_slug(agency: Agency) -> str:
    taken = set(Department.objects.filter(agency=agency).values_list("slug", flat=True))
    number = len(taken) + 1
    while f"d{number}" in taken:
        number += 1
    return f"d{number}"


@transaction.atomic
def do_add_department(agency: Agency, name: str, *, acting_user) -> Department:
    _require_manager(acting_user, agency)
    name = name.strip()
    if agency.is_retired:
        raise OnboardingError("机关已撤销", "the agency is retired")
    if Department.objects.filter(agency=agency, name=name).exists():
        raise OnboardingError(f"本机关已有股室“{name}”", f"the agency already has {name}")
    department = Department(
        agency=agency,
        name=name,
        slug=_new_department_slug(agency),
        sort_order=Department.objects.filter(agency=agency).count(),
    )
    _validated(department)
    department.save()
    sync_agency(agency)
    _audit(department, "add_department", acting_user, new={"agency": agency, "name": name})
    return department


@transaction.atomic
def do_rename_department(department: Department, name: str, *, acting_user) -> Department:
    _require_manager(acting_user, department.agency)
    name = name.strip()
    if name == department.name:
        return department
    if Department.objects.filter(agency=department.agency, name=name).exists():
        raise OnboardingError(f"本机关已有股室“{name}”", f"the agency already has {name}")
    old = department.name
    department.name = name
    _validated(department)
    department.save(update_fields=["name"])
    _audit(department, "rename_department", acting_user, old={"name": old}, new={"name": name})
    return department


@transaction.atomic
def do_retire_department(department: Department, *, acting_user, on: date | None = None):
    """Retire a department that no longer owns a column or has staff; its group loses its
    page permissions. Its name stays on what it published."""

    _require_manager(acting_user, department.agency)
    if department.retired_on is not None:
        return department
    columns = list(sites().columns().filter(department=department).values_list("title", flat=True))
    if columns:
        raise OnboardingError(
            f"股室仍负责栏目：{'、'.join(columns)}，请先将这些栏目交给其他股室",
            "the department still owns columns; assign them to another department first",
        )
    if _department_has_staff(department):
        raise OnboardingError(
            "股室仍有工作人员，请先调整其角色", "the department still has staff; change them first"
        )
    department.retired_on = on or timezone.localdate()
    department.save(update_fields=["retired_on"])
    sync_agency(department.agency)
    _audit(
        department,
        "retire_department",
        acting_user,
        old={"retired_on": None},
        new={"retired_on": department.retired_on},
    )
    return department


def _department_has_staff(department: Department) -> bool:

    return StaffProfile.objects.filter(department=department, user__is_active=True).exists()


@transaction.atomic
def do_assign_column(column, department: Department | None, *, acting_user):
    """Make ``department`` responsible for ``column``; its editors may edit it at once."""
    column = column.specific
    agency = column.agency
    _require_manager(acting_user, agency)
    if department is not None:
        if department.agency_id != agency.pk:
            raise OnboardingError("股室必须属于栏目所在机关", "the department is of another agency")
        if department.retired_on is not None:
            raise OnboardingError("股室已撤销", "the department is retired")
    old = column.department
    if old == department:
        return column
    column.department = department
    column.save(update_fields=["department"])
    # A later publish copies the latest revision onto the page: keep the owner there too.
    revision = column.latest_revision
    if revision is not None:
        revision.content["department"] = department.pk if department else None
        revision.save(update_fields=["content"])
    sync_agency(agency)
    _audit(
        column,
        "assign_column",
        acting_user,
        old={"department": old},
        new={"department": department},
    )
    return column


def top_agency() -> Agency | None:
    group = SiteGroup.objects.select_related("top_agency").first()
    return group.top_agency if group else None


def kind_needs_government(kind: str) -> bool:
    return kind != AgencyKind.GOVERNMENT
