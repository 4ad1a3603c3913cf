"""Turn agencies, departments and staff roles into Wagtail groups, page permissions and workflows.

The roles are the project's; Wagtail enforces them. Every function here is idempotent, so
it can run after any change to an agency, a department, a column's department or a staff
profile.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from gongkai.agencies.models import Agency, Department, Role, SiteGroup, StaffProfile
from gongkai.agencies.sites import sites

SUPERVISORS_GROUP = "supervisors"
ALL_PAGE_PERMISSIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
REVIEWER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
EDITOR_PAGE_PERMISSIONS = ("add", "change")
EDITOR_COLLECTION_PERMISSIONS = ("add_document", "choose_document", "add_image", "choose_image")
# Supervisors read every agency's pages: Wagtail opens its explorer, history, revisions,
# previews, usage and reports only to those who may "change" a page, and has no read-only
# page permission. Every screen that changes a page asks the policy first (the
# middleware's areas), where supervisors hold no ``pages.edit``: they read, and change nothing.
SUPERVISOR_PAGE_PERMISSIONS = ("change",)


def group_name(agency: Agency, role: str, department: Department | None = None) -> str:
    if department is not None:
        return f"{agency.slug}:dept:{department.slug}"
    return f"{agency.slug}:{role}"


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _admin_access() -> Permission:
    return _permission("wagtailadmin", "access_admin")


def _group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(_admin_access())
    return group


def _grant_pages(group: Group, page, kinds) -> None:
    wanted = {f"{kind}_page" for kind in kinds}
    GroupPagePermission.objects.filter(group=group).exclude(page=page).delete()
    GroupPagePermission.objects.filter(group=group, page=page).exclude(
        permission__codename__in=wanted
    ).delete()
    for kind in kinds:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", f"{kind}_page")
        )


def _grant_collection(group: Group, collection: Collection, codenames) -> None:
    for codename in codenames:
        app_label = "wagtaildocs" if codename.endswith("document") else "wagtailimages"
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )


def agency_collection(agency: Agency) -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=agency.name).first()
    return existing or root.add_child(name=agency.name)


@transaction.atomic
def sync_agency(agency: Agency) -> None:
    """Groups, page permissions, collection and review workflow of one agency."""
    home = agency.home_page
    collection = agency_collection(agency)

    admin = _group(group_name(agency, "admin"))
    _grant_pages(admin, home, ALL_PAGE_PERMISSIONS)
    _grant_collection(admin, collection, EDITOR_COLLECTION_PERMISSIONS)
    for codename in ("add_department", "change_department", "delete_department", "change_agency"):
        admin.permissions.add(_permission("agencies", codename))
    # The users screens, scoped to the agency's own staff (staff_users.py); never delete.
    for codename in ("add_user", "change_user"):
        admin.permissions.add(_permission("auth", codename))

    reviewer = _group(group_name(agency, "reviewer"))
    _grant_pages(reviewer, home, REVIEWER_PAGE_PERMISSIONS)
    _grant_collection(reviewer, collection, EDITOR_COLLECTION_PERMISSIONS)

    officer = _group(group_name(agency, "officer"))
    disclosure = sites().columns(home).filter(depth=home.depth + 1, slug="disclosure").first()
    if disclosure is not None:
        _grant_pages(officer, disclosure, REVIEWER_PAGE_PERMISSIONS)
    _grant_collection(officer, collection, EDITOR_COLLECTION_PERMISSIONS)

    for department in agency.departments.all():
        group = _group(group_name(agency, "editor", department))
        columns = sites().columns(home).filter(department=department)
        if department.retired_on is not None:
            columns = columns.none()
        # A department may own several columns; permissions on a column cover its subtree.
        GroupPagePermission.objects.filter(group=group).exclude(page__in=columns).delete()
        for column in columns:
            for kind in EDITOR_PAGE_PERMISSIONS:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=column, permission=_permission("wagtailcore", f"{kind}_page")
                )
        _grant_collection(group, collection, EDITOR_COLLECTION_PERMISSIONS)

    _sync_workflow(agency, home, reviewer)


def _sync_workflow(agency: Agency, home, reviewer: Group) -> None:
    """Nothing an editor writes goes public until a reviewer of the agency approves it."""
    task = sites().review_task(f"{agency.name}信息审核")
    task.groups.set([reviewer])
    workflow, _ = Workflow.objects.get_or_create(name=f"{agency.name}信息发布审核")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


PORTAL_GROUP = "portal"
PORTAL_PAGE_PERMISSIONS = ("change", "publish")


def sync_portal() -> Group | None:
    """The portal belongs to the site group's top agency: its editors and reviewers edit it.

    Wagtail's page permissions cover a page's subtree; the agency scoping of the back
    office (``access.py``, the middleware) keeps the other agencies' pages out of reach.
    """
    portal = sites().portal()
    group = SiteGroup.objects.first()
    if portal is None or group is None:
        return None
    portal_group = _group(PORTAL_GROUP)
    _grant_pages(portal_group, portal, PORTAL_PAGE_PERMISSIONS)
    return portal_group


def portal_members(profile: StaffProfile) -> bool:
    """Whether the account edits the portal: an editor or reviewer of the top agency."""
    group = SiteGroup.objects.first()
    if group is None or profile.agency_id != group.top_agency_id:
        return False
    roles = getattr(profile, "roles", None)
    if roles is None:
        roles = {profile.role}
    return bool({Role.EDITOR, Role.REVIEWER} & set(roles))


def sync_supervisors() -> Group:
    from wagtail.models import Page

    group = _group(SUPERVISORS_GROUP)
    _grant_pages(group, Page.get_first_root_node(), SUPERVISOR_PAGE_PERMISSIONS)
    # The 政务公开办 opens agencies and their first accounts (the users screens).
    for codename in ("add_user", "change_user"):
        group.permissions.add(_permission("auth", codename))
    return group


_ROLE_GROUPS = {
    Role.AGENCY_ADMIN: "admin",
    Role.REVIEWER: "reviewer",
    Role.DISCLOSURE_OFFICER: "officer",
    Role.DISCLOSURE_HEAD: "officer",
}


def apply_profile(profile: StaffProfile) -> None:
    """Put the account in exactly the groups its roles and agency call for."""
    groups = {}
    for role in profile.roles:
        if role == Role.SUPERVISOR:
            group = sync_supervisors()
        elif role == Role.EDITOR:
            group = _group(group_name(profile.agency, Role.EDITOR, profile.department))
        else:
            group = _group(group_name(profile.agency, _ROLE_GROUPS[role]))
        groups[group.pk] = group
    profile.user.groups.set(groups.values())
