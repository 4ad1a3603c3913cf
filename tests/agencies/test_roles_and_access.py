"""Each role's groups and permissions, the staff profile rules, and the access helpers."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.http import Http404
from wagtail.documents import get_document_model
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permissions import policy_registry

from gongkai.agencies.access import (
    access_object,
    agency_id_of_page,
    can_see_agency,
    is_supervisor,
    staff_profile,
    user_agency_id,
)
from gongkai.agencies.models import Agency, Department, Role, StaffProfile
from gongkai.agencies.roles import apply_profile, sync_agency
from gongkai.catalog.models import AgencyHomePage, ColumnPage, PortalHomePage
from tests.sitegroup import column, publish_item, set_roles

pytestmark = pytest.mark.django_db


def user(username):
    # A fresh object each time: Django and Wagtail cache permissions on the user instance.
    return get_user_model().objects.get(username=username)


def agency(slug):
    return Agency.objects.get(slug=slug)


def department(agency_slug, slug):
    return Department.objects.get(agency__slug=agency_slug, slug=slug)


def home(slug):
    return AgencyHomePage.objects.get(agency__slug=slug)


def can(username, page):
    return page.permissions_for_user(user(username))


# --- staff profiles ------------------------------------------------------------------------


GROUPS = {
    "clerk_a": "agency-a:dept:transport",
    "clerk_a_construction": "agency-a:dept:construction",
    "reviewer_a": "agency-a:reviewer",
    "officer_a": "agency-a:officer",
    "head_a": "agency-a:officer",
    "admin_a": "agency-a:admin",
    "clerk_b": "agency-b:dept:transport",
    "group_supervisor": "supervisors",
}


@pytest.mark.parametrize(("username", "group"), GROUPS.items())
def test_each_persona_is_in_exactly_the_group_of_its_role(username, group):
    # One group per account; an editor's group is named after the department, not the role.
    assert list(user(username).groups.values_list("name", flat=True)) == [group]


def test_every_role_group_may_enter_the_back_office():
    for group in Group.objects.all():
        assert group.permissions.filter(codename="access_admin").exists(), group.name


def test_changing_a_role_replaces_the_group_instead_of_adding_one():
    profile = StaffProfile.objects.get(user__username="reviewer_a")
    set_roles(profile, [Role.DISCLOSURE_OFFICER])
    assert StaffProfile.objects.get(pk=profile.pk).roles == {Role.DISCLOSURE_OFFICER}
    assert list(user("reviewer_a").groups.values_list("name", flat=True)) == ["agency-a:officer"]
    assert not can("reviewer_a", home("agency-a")).can_publish()
    assert can("reviewer_a", column("agency-a", "licensing")).can_publish()


def test_a_person_with_two_roles_is_in_both_groups():
    profile = StaffProfile.objects.get(user__username="admin_a")
    set_roles(profile, [Role.AGENCY_ADMIN, Role.DISCLOSURE_OFFICER])
    names = set(user("admin_a").groups.values_list("name", flat=True))
    assert names == {"agency-a:admin", "agency-a:officer"}
    assert StaffProfile.objects.get(pk=profile.pk).has_role(Role.DISCLOSURE_OFFICER)
    # Taking one role away leaves the other.
    set_roles(profile, [Role.AGENCY_ADMIN])
    assert list(user("admin_a").groups.values_list("name", flat=True)) == ["agency-a:admin"]


def test_a_profile_without_roles_is_refused():
    profile = StaffProfile.objects.get(user__username="admin_a")
    with pytest.raises(ValidationError) as error:
        set_roles(profile, [])
    assert error.value.messages == ["请至少选择一个角色。"]


def test_a_supervisor_names_a_government_but_holds_no_other_role():
    profile = StaffProfile.objects.create(
        user=get_user_model().objects.create_user(username="new_supervisor"),
        agency=agency("agency-a"),
    )
    set_roles(profile, [Role.SUPERVISOR])
    assert is_supervisor(user("new_supervisor"))
    with pytest.raises(ValidationError) as error:
        set_roles(profile, [Role.SUPERVISOR, Role.REVIEWER])
    assert error.value.messages == ["监管人员不能同时担任机关内的角色。"]


def test_moving_an_editor_to_another_department_moves_their_columns():
    profile = StaffProfile.objects.get(user__username="clerk_a")
    profile.department = department("agency-a", "construction")
    profile.save()
    apply_profile(profile)
    assert can("clerk_a", column("agency-a", "major-projects")).can_edit()
    assert not can("clerk_a", column("agency-a", "licensing")).can_edit()


@pytest.mark.parametrize(
    ("role", "agency_slug", "dept", "field", "message"),
    [
        (
            Role.SUPERVISOR,
            "agency-a",
            ("agency-a", "office"),
            "department",
            "监管人员面向整个网站群，不属于某个股室。",
        ),
        (Role.REVIEWER, None, None, "agency", "请选择该工作人员所属的机关。"),
        (Role.EDITOR, "agency-a", None, "department", "股室信息员必须属于一个股室。"),
        (
            Role.EDITOR,
            "agency-a",
            ("agency-b", "office"),
            "department",
            "股室必须属于所选机关。",
        ),
        (
            Role.AGENCY_ADMIN,
            "agency-a",
            ("agency-b", "office"),
            "department",
            "股室必须属于所选机关。",
        ),
    ],
)
def test_staff_profile_refuses_inconsistent_agency_and_department(
    role, agency_slug, dept, field, message
):
    profile = StaffProfile(
        user=get_user_model().objects.create_user(username="new_staff"),
        agency=agency(agency_slug) if agency_slug else None,
        department=department(*dept) if dept else None,
    )
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
        profile.check_roles([role])
    assert error.value.message_dict == {field: [message]}


# --- page permissions per role ------------------------------------------------------------


def test_editor_writes_only_in_own_department_columns_and_never_publishes():
    licensing = column("agency-a", "licensing")
    assert can("clerk_a", licensing).can_add_subpage()
    assert can("clerk_a", licensing).can_edit()
    assert not can("clerk_a", licensing).can_publish()
    # Without publish permission a live column cannot be deleted either.
    assert not can("clerk_a", licensing).can_delete()
    for other in (
        column("agency-a", "major-projects"),
        column("agency-a", "notices"),
        home("agency-a"),
    ):
        assert not can("clerk_a", other).can_edit(), other.slug
        assert not can("clerk_a", other).can_add_subpage(), other.slug
    assert not can("clerk_a", column("agency-b", "licensing")).can_edit()


def test_reviewer_publishes_anywhere_in_own_agency_but_deletes_only_leaves():
    item = publish_item(
        "agency-a", "notices", "甲局关于节前安全检查的通知", generated_on=date(2020, 9, 1)
    )
    news = column("agency-a", "news")
    assert can("reviewer_a", home("agency-a")).can_publish()
    assert can("reviewer_a", news).can_edit() and can("reviewer_a", news).can_lock()
    assert can("reviewer_a", item).can_delete()
    assert not can("reviewer_a", news).can_delete()  # no bulk_delete: news has sub-columns
    assert not can("reviewer_a", column("agency-b", "news")).can_edit()
    assert not can("reviewer_b", item).can_publish()


def test_disclosure_officer_works_only_under_the_disclosure_column():
    assert can("officer_a", column("agency-a", "disclosure")).can_publish()
    assert can("officer_a", column("agency-a", "licensing")).can_edit()
    assert not can("officer_a", column("agency-a", "work-news")).can_edit()
    assert not can("officer_a", home("agency-a")).can_publish()
    assert not can("officer_a", column("agency-b", "disclosure")).can_edit()


def test_agency_admin_may_delete_whole_branches_of_own_site_only():
    assert can("admin_a", column("agency-a", "news")).can_delete()
    assert can("admin_a", home("agency-a")).can_publish()
    assert not can("admin_a", column("agency-b", "news")).can_delete()
    assert not can("admin_a", home("agency-b")).can_edit()


def test_supervisor_reads_but_may_not_change_any_agency_page():
    # Wagtail opens its read screens (explorer, history, revisions, previews) only to those
    # it lets "edit"; the supervisors' grant is that and nothing more, and the policy refuses
    # every screen that changes a page (test_supervisor_reads_pages.py).
    for slug in ("agency-a", "agency-b"):
        tester = can("group_supervisor", home(slug))
        assert tester.can_edit()
        assert not (tester.can_publish() or tester.can_add_subpage() or tester.can_delete())
        assert not (tester.can_lock() or tester.can_unpublish())


@pytest.mark.parametrize(
    ("username", "allowed", "refused"),
    [
        (
            "admin_a",
            ["add_department", "change_department", "delete_department", "change_agency"],
            ["add_agency", "delete_agency"],
        ),
        ("reviewer_a", [], ["add_department", "change_department", "change_agency"]),
        ("officer_a", [], ["change_department", "change_agency"]),
        ("clerk_a", [], ["add_department", "change_agency"]),
        ("group_supervisor", [], ["change_department", "change_agency", "add_agency"]),
    ],
)
def test_only_agency_admins_manage_departments_and_agency_details(username, allowed, refused):
    account = user(username)
    for codename in allowed:
        assert account.has_perm(f"agencies.{codename}"), codename
    for codename in refused:
        assert not account.has_perm(f"agencies.{codename}"), codename


COLLECTIONS = {
    "clerk_a": ["甲市交通运输局"],
    "reviewer_b": ["乙市农业农村局"],
    "officer_a": ["甲市交通运输局"],
    "group_supervisor": [],
}


@pytest.mark.parametrize(("username", "collections"), COLLECTIONS.items())
def test_staff_upload_documents_only_into_their_agency_collection(username, collections):
    policy = policy_registry.get_by_type(get_document_model())
    found = policy.collections_user_has_permission_for(user(username), "add")
    assert sorted(found.values_list("name", flat=True)) == collections


# --- sync_agency ---------------------------------------------------------------------------


def permission_counts():
    return (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Workflow.objects.count(),
        WorkflowTask.objects.count(),
    )


def test_sync_agency_twice_changes_nothing():
    before = permission_counts()
    sync_agency(agency("agency-a"))
    sync_agency(agency("agency-a"))
    assert permission_counts() == before


def test_reassigning_a_column_moves_its_edit_rights_to_the_new_department():
    ColumnPage.objects.filter(pk=column("agency-a", "licensing").pk).update(
        department=department("agency-a", "construction")
    )
    sync_agency(agency("agency-a"))

    def columns_of(group):
        perms = GroupPagePermission.objects.filter(group__name=group)
        return set(perms.values_list("page__slug", flat=True))

    assert columns_of("agency-a:dept:transport") == {"work-news"}
    assert columns_of("agency-a:dept:construction") == {"major-projects", "licensing"}
    assert not can("clerk_a", column("agency-a", "licensing")).can_edit()
    assert can("clerk_a_construction", column("agency-a", "licensing")).can_edit()


def test_each_agency_site_goes_through_its_own_reviewers():
    for slug, name in (("agency-a", "甲市交通运输局"), ("agency-b", "乙市农业农村局")):
        workflow = WorkflowPage.objects.get(page=home(slug)).workflow
        assert workflow.name == f"{name}信息发布审核"
        [task] = workflow.tasks.all()
        assert task.name == f"{name}信息审核"
        assert list(task.specific.groups.values_list("name", flat=True)) == [f"{slug}:reviewer"]


# --- access helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "visible", "supervisor"),
    [
        ("clerk_a", {"agency-a"}, False),
        ("officer_a", {"agency-a"}, False),
        ("admin_a", {"agency-a"}, False),
        ("reviewer_b", {"agency-b"}, False),
        ("group_supervisor", {"agency-a", "agency-b"}, True),
    ],
)
def test_staff_see_their_own_agency_and_supervisors_see_every_agency(username, visible, supervisor):
    account = user(username)
    seen = {a.slug for a in Agency.objects.all() if can_see_agency(account, a.pk)}
    assert seen == visible
    assert is_supervisor(account) is supervisor
    assert user_agency_id(account) == (None if supervisor else agency(*visible).pk)


def test_anonymous_visitor_sees_no_agency_but_the_group_portal():
    anonymous = AnonymousUser()
    assert staff_profile(anonymous) is None and staff_profile(None) is None
    assert not is_supervisor(anonymous) and not is_supervisor(None)
    assert user_agency_id(anonymous) is None
    assert not can_see_agency(anonymous, agency("agency-a").pk)
    assert not can_see_agency(None, agency("agency-b").pk)
    assert can_see_agency(anonymous, None)


def test_account_without_staff_profile_sees_no_agency():
    outsider = get_user_model().objects.create_user(username="outsider")
    assert staff_profile(outsider) is None
    assert user_agency_id(outsider) is None
    assert not is_supervisor(outsider)
    assert not can_see_agency(outsider, agency("agency-a").pk)


def test_superuser_without_profile_has_group_wide_sight():
    root = get_user_model().objects.create_superuser(username="root", password="x")
    assert is_supervisor(root)
    assert user_agency_id(root) is None
    assert can_see_agency(root, agency("agency-b").pk)


def test_page_belongs_to_the_agency_whose_home_is_above_it():
    item = publish_item("agency-b", "budget", "乙局2020年部门预算", generated_on=date(2020, 3, 1))
    a, b = agency("agency-a").pk, agency("agency-b").pk
    assert agency_id_of_page(Page.get_first_root_node()) is None
    assert agency_id_of_page(PortalHomePage.objects.get()) is None
    assert agency_id_of_page(home("agency-a")) == a
    assert agency_id_of_page(column("agency-a", "licensing")) == a
    assert agency_id_of_page(item) == b


def test_access_object_hides_another_agencys_page_behind_404():
    item = publish_item(
        "agency-a", "licensing", "甲局道路运输许可公示", generated_on=date(2020, 5, 6)
    )
    portal = PortalHomePage.objects.get()
    assert access_object(user("clerk_a"), item) is item
    assert access_object(user("group_supervisor"), item) is item
    assert access_object(user("clerk_b"), portal) is portal
    with pytest.raises(Http404):
        access_object(user("clerk_b"), item)
    with pytest.raises(Http404):
        access_object(AnonymousUser(), item)


@pytest.mark.parametrize("username", ["group_supervisor", "officer_a"])
def test_a_deactivated_account_acts_for_no_agency(username):
    account = user(username)
    account.is_active = False
    account.save()
    assert staff_profile(account) is None
    assert not is_supervisor(account)
    assert not can_see_agency(account, agency("agency-a").pk)


def test_a_deactivated_officer_cannot_register_an_application():
    from django.core.exceptions import PermissionDenied

    from gongkai.applications.actions import do_register
    from tests.applications.conftest import at

    officer = user("officer_a")
    officer.is_active = False
    officer.save()
    with pytest.raises(PermissionDenied):
        do_register(
            agency=agency("agency-a"),
            acting_user=officer,
            channel="in_person",
            arrived_at=at(2026, 9, 21),
            applicant_kind="natural_person",
            applicant_name="张三",
            id_document_type="id_card",
            id_document_number="11010519491231002X",
            description="公交线路调整的决定",
            provision_form="electronic",
            delivery_route="email",
            email="zhangsan@example.com",
        )
