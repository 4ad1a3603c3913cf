"""Giving a person roles, changing and taking them away, deactivating: audited, and the
groups always derived from the records."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from gongkai.agencies import actions
from gongkai.agencies.actions import OnboardingError
from gongkai.agencies.models import Agency, Department, Role, StaffProfile
from gongkai.agencies.roles import group_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_a():
    return Agency.objects.get(slug="agency-a")


def groups(user):
    return set(user.groups.values_list("name", flat=True))


def test_an_agency_admin_adds_an_editor_of_their_department(persona, client, agency_a):
    admin = persona(client, "admin_a")
    transport = Department.objects.get(agency=agency_a, slug="transport")
    user = actions.do_create_person(
        "new-editor",
        "王五",
        acting_user=admin,
        roles={Role.EDITOR},
        agency=agency_a,
        department=transport,
        mobile="13912345678",
    )
    assert groups(user) == {group_name(agency_a, "editor", transport)}
    assert not user.has_usable_password()
    entry = ModelLogEntry.objects.get(action="gongkai_agencies.create_person", object_id=user.pk)
    assert entry.user == admin
    assert entry.data["new"]["mobile"] == "139****5678"
    assert entry.data["new"]["roles"] == ["editor"]


def test_an_agency_admin_cannot_add_staff_to_another_agency_or_a_supervisor(persona, client):
    admin = persona(client, "admin_a")
    agency_b = Agency.objects.get(slug="agency-b")
    with pytest.raises(OnboardingError):
        actions.do_create_person(
            "x", "某", acting_user=admin, roles={Role.REVIEWER}, agency=agency_b
        )
    with pytest.raises(OnboardingError):
        actions.do_create_person("y", "某", acting_user=admin, roles={Role.SUPERVISOR})
    assert not get_user_model().objects.filter(username__in=["x", "y"]).exists()


def test_roles_are_granted_changed_and_revoked_with_the_groups_following(agency_a):
    user = actions.do_create_person(
        "multi", "赵六", acting_user=None, roles={Role.REVIEWER}, agency=agency_a
    )
    actions.do_grant_role(user, Role.DISCLOSURE_OFFICER, acting_user=None)
    assert groups(user) == {f"{agency_a.slug}:reviewer", f"{agency_a.slug}:officer"}
    actions.do_revoke_role(user, Role.REVIEWER, acting_user=None)
    assert groups(user) == {f"{agency_a.slug}:officer"}
    office = Department.objects.get(agency=agency_a, slug="office")
    with pytest.raises(OnboardingError, match="股室信息员必须属于"):
        actions.do_grant_role(user, Role.EDITOR, acting_user=None)
    actions.do_set_roles(user, {Role.EDITOR}, acting_user=None, agency=agency_a, department=office)
    assert StaffProfile.objects.get(user=user).roles == {Role.EDITOR}
    assert groups(user) == {group_name(agency_a, "editor", office)}
    agency_b = Agency.objects.get(slug="agency-b")
    actions.do_set_roles(user, {Role.REVIEWER}, acting_user=None, agency=agency_b, department=None)
    assert groups(user) == {f"{agency_b.slug}:reviewer"}
    logged = list(
        ModelLogEntry.objects.filter(object_id=user.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert [a.removeprefix("gongkai_agencies.") for a in logged] == [
        "create_person",
        "grant_role",
        "revoke_role",
        "revoke_role",
        "change_role",
        "grant_role",
        "revoke_role",
        "change_role",
        "grant_role",
    ]


def test_a_department_of_another_agency_is_refused(agency_a):
    other = Department.objects.filter(agency__slug="agency-b").first()
    with pytest.raises(OnboardingError, match="股室必须属于所选机关"):
        actions.do_create_person(
            "z", "某", acting_user=None, roles={Role.EDITOR}, agency=agency_a, department=other
        )


def test_deactivating_a_person_keeps_their_records(persona, client):
    admin = persona(client, "admin_a")
    clerk = get_user_model().objects.get(username="clerk_a")
    actions.do_deactivate_person(clerk, acting_user=admin)
    clerk.refresh_from_db()
    assert not clerk.is_active and StaffProfile.objects.get(user=clerk).roles == {Role.EDITOR}
    with pytest.raises(OnboardingError, match="自己"):
        actions.do_deactivate_person(admin, acting_user=admin)
    other = get_user_model().objects.get(username="clerk_b")
    with pytest.raises(OnboardingError):
        actions.do_deactivate_person(other, acting_user=admin)
