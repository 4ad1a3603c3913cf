"""Every change to the site group's agencies, departments and staff goes through one function
here (STYLE.md practice 2).

Each action is atomic, checks that the actor may make the change, writes an audit entry
(Wagtail's ``log``: who and when, with the old and new values; a mobile number only
masked) and then derives the permissions again from the records with the idempotent
``sync_*`` functions of ``roles.py`` — permissions are never edited by hand.

``acting_user=None`` is the command line (``gongkai sitegroup import``, ``gongkai demo``):
whoever can run it already holds the database.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from wagtail.log_actions import log

from gongkai.agencies.access import is_supervisor, staff_profile
from gongkai.agencies.models import Agency, AgencyKind, Department, Role, SiteGroup
from gongkai.agencies.roles import agency_collection, sync_agency, sync_portal

ACTION_PREFIX = "gongkai_agencies."

#: action name -> label of its audit entry (registered in wagtail_hooks.py)
ACTIONS = {
    "create_agency": "新建机关",
    "change_agency": "修改机关信息",
    "retire_agency": "撤销机关",
    "create_site_group": "建立网站群",
    "record_reconsideration": "登记行政复议机关",
    "add_department": "新增股室",
    "rename_department": "股室更名",
    "retire_department": "撤销股室",
    "assign_column": "指定栏目责任股室",
    "create_person": "新增工作人员",
    "change_person": "修改工作人员信息",
    "grant_role": "授予角色",
    "change_role": "变更角色所属机关或股室",
    "revoke_role": "取消角色",
    "deactivate_person": "停用账号",
}

AGENCY_FIELDS = (
    "name",
    "slug",
    "kind",
    "government",
    "leadership",
    "superior_name",
    "credit_code",
    "hostname",
    "address",
    "postcode",
    "phone",
    "email",
    "icp_number",
    "police_number",
    "site_code",
    "party_gov_mark_url",
    "index_code",
    "refusal_needs_head_approval",
    "sort_order",
)


class OnboardingError(Exception):
    """A change refused, with its reason in Chinese and English."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


# -- who may act -------------------------------------------------------------------------
# A deliberately small local check; the capability policy (``can(user, capability, agency)``)
# replaces it.


def _require_supervisor(user) -> None:
    if user is not None and not is_supervisor(user):
        raise OnboardingError("只有政务公开办可以新建或撤销机关", "only the supervisor may do this")


def _require_manager(user, agency: Agency) -> None:
    """The supervisor, or an admin of this very agency."""
    if user is None or is_supervisor(user):
        return
    profile = staff_profile(user)
    if profile is None or profile.agency_id != agency.pk or not _is_admin(profile):
        raise OnboardingError(
            "只有政务公开办或本机关管理员可以办理", "only the supervisor or this agency's admin"
        )


def _is_admin(profile) -> bool:
    return Role.AGENCY_ADMIN in profile.roles


# -- audit -------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Agency | Department):
        return str(value)
    return value


def _audit(instance, action: str, user, **data) -> None:
    payload = {k: _plain(v) for k, v in data.items()}
    if user is None:
        payload["via"] = "命令行 / command line"
    log(instance=instance, action=ACTION_PREFIX + action, user=user, data=payload)


def _diff(instance, changes: dict) -> tuple[dict, dict]:
    old, new = {}, {}
    for field, value in changes.items():
        before = getattr(instance, field)
        if before != value:
            old[field], new[field] = _plain(before), _plain(value)
    return old, new


def _validated(instance, only=None) -> None:
    """Validate the record, or only the fields in ``only`` (older rows may predate a rule)."""
    try:
        if only is not None:
            exclude = [f.name for f in instance._meta.fields if f.name not in only]
            instance.full_clean(exclude=exclude)
        else:
            instance.full_clean()
        if isinstance(instance, Agency) and (only is None or {"kind", "government"} & set(only)):
            instance.clean_government()
    except ValidationError as error:
        raise OnboardingError(
            "；".join(f"{field}: {'，'.join(map(str, msgs))}" for field, msgs in _messages(error)),
            "the record is invalid",
        ) from None


def _messages(error: ValidationError):
    if hasattr(error, "message_dict"):
        return error.message_dict.items()
    return [("__all__", error.messages)]


# -- the site group ----------------------------------------------------------------------


def portal():
    """The group's portal, created with the site group's name when it does not exist yet."""
    from gongkai.catalog.models import PortalHomePage
    from gongkai.catalog.tree import ensure_portal

    existing = PortalHomePage.objects.first()
    if existing is not None:
        return existing
    group = SiteGroup.objects.first()
    return ensure_portal(group.name if group else "政府网站群")


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
    from gongkai.catalog.tree import ensure_agency_site

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
    ensure_agency_site(portal(), agency)
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
    from wagtail.models import Site

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
    from django.utils import timezone

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
    from gongkai.agencies.models import ReconsiderationEntry

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
    from django.utils import timezone

    from gongkai.catalog.models import ColumnPage

    _require_manager(acting_user, department.agency)
    if department.retired_on is not None:
        return department
    columns = list(ColumnPage.objects.filter(department=department).values_list("title", flat=True))
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
    from gongkai.agencies.models import StaffProfile

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


# -- people ------------------------------------------------------------------------------


def mask_mobile(mobile: str) -> str:
    """138****5678: the audit log never keeps a mobile number in clear."""
    return f"{mobile[:3]}****{mobile[-4:]}" if len(mobile) >= 7 else ("****" if mobile else "")


def _person_snapshot(profile) -> dict:
    user = profile.user
    return {
        "full_name": user.first_name,
        "email": user.email,
        "mobile": mask_mobile(profile.mobile),
        "agency": profile.agency,
        "department": profile.department,
        "roles": sorted(profile.roles),
    }


def check_assignment(roles, agency: Agency | None, department: Department | None) -> None:
    """Whether a person may hold ``roles`` in ``agency`` and ``department``."""
    roles = set(roles)
    unknown = roles - set(Role.values)
    if unknown:
        raise OnboardingError(f"未知角色：{'、'.join(sorted(unknown))}", "unknown role")
    if department is not None:
        if agency is None or department.agency_id != agency.pk:
            raise OnboardingError("股室必须属于所选机关", "the department is of another agency")
        if department.retired_on is not None:
            raise OnboardingError("股室已撤销", "the department is retired")
    if agency is not None and agency.is_retired:
        raise OnboardingError("机关已撤销", "the agency is retired")
    if Role.SUPERVISOR in roles:
        if department is not None:
            raise OnboardingError("监管人员不属于股室", "a supervisor has no department")
        if agency is not None and agency.kind != AgencyKind.GOVERNMENT:
            raise OnboardingError(
                "监管人员的机关应为其政务公开办所在的人民政府",
                "a supervisor's agency is a people's government",
            )
        if roles != {Role.SUPERVISOR}:
            raise OnboardingError(
                "监管人员不能同时担任机关内的角色", "a supervisor holds no role in an agency"
            )
    elif roles and agency is None:
        raise OnboardingError("请选择所属机关", "choose the person's agency")
    if Role.EDITOR in roles and department is None:
        raise OnboardingError("股室信息员必须属于一个股室", "an editor belongs to a department")


def _require_people_manager(user, roles, *agencies) -> None:
    if Role.SUPERVISOR in set(roles):
        _require_supervisor(user)
    for agency in agencies:
        if agency is not None:
            _require_manager(user, agency)
    if user is not None and not any(agencies) and not is_supervisor(user):
        raise OnboardingError("只有政务公开办可以办理", "only the supervisor")


def _apply(profile) -> None:
    """Groups from the records: the roles' groups, and the portal's for its editors."""
    from gongkai.agencies.roles import apply_profile, portal_members

    apply_profile(profile)
    portal_group = sync_portal()
    if portal_group is not None:
        if portal_members(profile):
            profile.user.groups.add(portal_group)
        else:
            profile.user.groups.remove(portal_group)


@transaction.atomic
def do_create_person(
    login: str,
    full_name: str,
    *,
    acting_user,
    roles,
    agency: Agency | None = None,
    department: Department | None = None,
    email: str = "",
    mobile: str = "",
    password: str | None = None,
):
    """A new staff account with its roles; without ``password`` it has none until the person
    sets one through a one-time link."""
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import StaffProfile

    roles = set(roles)
    check_assignment(roles, agency, department)
    _require_people_manager(acting_user, roles, agency)
    model = get_user_model()
    if model.objects.filter(username=login).exists():
        raise OnboardingError(f"登录名 {login} 已被使用", f"the login {login} is taken")
    user = model(username=login, first_name=full_name, email=email)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise OnboardingError(
            "；".join(f"{k}: {'，'.join(map(str, v))}" for k, v in _messages(error)),
            "invalid account",
        ) from None
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    profile = StaffProfile.objects.create(
        user=user, agency=agency, department=department, mobile=mobile
    )
    for role in sorted(roles):
        profile.role_grants.create(role=role)
    profile = StaffProfile.objects.get(pk=profile.pk)
    _apply(profile)
    _audit(user, "create_person", acting_user, new=_person_snapshot(profile))
    return user


def _profile(user):
    from gongkai.agencies.models import StaffProfile

    return StaffProfile.objects.select_for_update().select_related("user").get(user=user)


@transaction.atomic
def do_change_person(user, *, acting_user, full_name=None, email=None, mobile=None):
    profile = _profile(user)
    _require_people_manager(acting_user, profile.roles, profile.agency)
    before = _person_snapshot(profile)
    user = profile.user
    if full_name is not None:
        user.first_name = full_name
    if email is not None:
        user.email = email
    user.save(update_fields=["first_name", "email"])
    if mobile is not None and mobile != profile.mobile:
        profile.mobile = mobile
        profile.save(update_fields=["mobile"])
    after = _person_snapshot(profile)
    if after != before:
        _audit(user, "change_person", acting_user, **_changed(before, after))
    return user


def _changed(before: dict, after: dict) -> dict:
    keys = [k for k in after if before[k] != after[k]]
    return {"old": {k: before[k] for k in keys}, "new": {k: after[k] for k in keys}}


@transaction.atomic
def do_grant_role(user, role: str, *, acting_user):
    profile = _profile(user)
    if role in profile.roles:
        return profile
    roles = profile.roles | {role}
    check_assignment(roles, profile.agency, profile.department)
    _require_people_manager(acting_user, roles, profile.agency)
    profile.role_grants.create(role=role)
    return _after_roles(profile, "grant_role", acting_user, sorted(profile.roles))


@transaction.atomic
def do_revoke_role(user, role: str, *, acting_user):
    profile = _profile(user)
    if role not in profile.roles:
        return profile
    _require_people_manager(acting_user, profile.roles, profile.agency)
    old = sorted(profile.roles)
    profile.role_grants.filter(role=role).delete()
    return _after_roles(profile, "revoke_role", acting_user, old)


def _after_roles(profile, action: str, acting_user, old_roles):
    from gongkai.agencies.models import StaffProfile

    profile = StaffProfile.objects.select_related("user").get(pk=profile.pk)
    _apply(profile)
    _audit(
        profile.user,
        action,
        acting_user,
        old={"roles": old_roles},
        new={"roles": sorted(profile.roles)},
    )
    return profile


@transaction.atomic
def do_change_role(user, *, acting_user, agency: Agency | None, department: Department | None):
    """Move a person's roles to another agency or department."""
    profile = _profile(user)
    check_assignment(profile.roles, agency, department)
    _require_people_manager(acting_user, profile.roles, profile.agency, agency)
    old = {"agency": profile.agency, "department": profile.department}
    if old == {"agency": agency, "department": department}:
        return profile
    profile.agency, profile.department = agency, department
    profile.save(update_fields=["agency", "department"])
    _apply(profile)
    _audit(
        profile.user,
        "change_role",
        acting_user,
        old=old,
        new={"agency": agency, "department": department},
    )
    return profile


@transaction.atomic
def do_set_roles(user, roles, *, acting_user, agency, department):
    """One form or import row: the person holds exactly ``roles`` in ``agency``/``department``,
    through the grant, change and revoke actions (each audited)."""
    profile = _profile(user)
    roles = set(roles)
    check_assignment(roles, agency, department)
    # What goes goes first: the roles that remain are a subset of the new ones, so they fit
    # the new place; then move; then grant what is new.
    for role in sorted(profile.roles - roles):
        do_revoke_role(user, role, acting_user=acting_user)
    if (profile.agency, profile.department) != (agency, department):
        do_change_role(user, acting_user=acting_user, agency=agency, department=department)
    for role in sorted(roles - profile.roles):
        do_grant_role(user, role, acting_user=acting_user)
    return _profile(user)


@transaction.atomic
def do_deactivate_person(user, *, acting_user):
    """The account can no longer sign in or act; its records and roles stay for the file."""
    profile = _profile(user)
    _require_people_manager(acting_user, profile.roles, profile.agency)
    if acting_user is not None and acting_user.pk == user.pk:
        raise OnboardingError("不能停用自己的账号", "you cannot deactivate yourself")
    user = profile.user
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    _audit(
        user, "deactivate_person", acting_user, old={"is_active": True}, new={"is_active": False}
    )
    return user
