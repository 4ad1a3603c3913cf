"""The staff: accounts, roles and deactivation."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies.access import is_supervisor
from gongkai.agencies.actions.common import (
    OnboardingError,
    _audit,
    _error_text,
    _require_manager,
    _require_supervisor,
)
from gongkai.agencies.models import Agency, AgencyKind, Department, Role, StaffProfile
from gongkai.agencies.roles import (
    apply_profile,
    portal_members,
    sync_portal,
)

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
        raise OnboardingError(_error_text(error), "invalid account") from None
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
