"""Wagtail's user screens write nothing themselves: the superuser flag, a password an
administrator sets and the profile of an account made outside the back office go through
actions audited as ``gongkai.agencies.<action>`` (issue 14), scoped like the rest."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import ModelLogEntry

from gongkai.agencies import actions
from gongkai.agencies.actions import OnboardingError
from gongkai.agencies.models import Agency, Department, Role, StaffProfile

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Shuili-2026-mima"


def edit_data(user, **extra):
    """What the edit form posts for ``user`` as it is, plus ``extra``."""
    profile = StaffProfile.objects.filter(user=user).first()
    data = {
        "username": user.username,
        "first_name": user.first_name or "某人",
        "email": user.email,
        "mobile": "",
        "agency": profile.agency_id if profile and profile.agency_id else "",
        "department": profile.department_id if profile and profile.department_id else "",
        "roles": sorted(profile.roles) if profile else [],
        "is_active": "on",
    }
    return {**data, **extra}


def entries(action, user):
    return ModelLogEntry.objects.filter(action=f"gongkai.agencies.{action}", object_id=user.pk)


def test_an_agency_admin_sets_a_password_of_their_staff_audited_without_it(client, persona):
    admin = persona(client, "admin_a")
    clerk = User.objects.get(username="clerk_a")
    data = edit_data(clerk, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    response = client.post(f"/admin/users/edit/{clerk.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    clerk.refresh_from_db()
    assert clerk.check_password(NEW_PASSWORD)
    entry = entries("set_password", clerk).get()
    assert entry.user == admin
    assert entry.data == {"old_state": "", "new_state": "", "data": {}}
    assert NEW_PASSWORD not in str(ModelLogEntry.objects.values_list("data", flat=True))


def test_saving_without_a_password_keeps_it_and_logs_none(client, persona):
    persona(client, "admin_a")
    clerk = User.objects.get(username="clerk_a")
    before = clerk.password
    assert client.post(f"/admin/users/edit/{clerk.pk}/", edit_data(clerk)).status_code == 302
    clerk.refresh_from_db()
    assert clerk.password == before and not entries("set_password", clerk).exists()


def test_another_agencys_admin_can_neither_open_nor_set_the_password(client, persona):
    clerk_b = User.objects.get(username="clerk_b")
    before = clerk_b.password
    persona(client, "admin_a")
    data = edit_data(clerk_b, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    assert client.post(f"/admin/users/edit/{clerk_b.pk}/", data).status_code == 404
    clerk_b.refresh_from_db()
    assert clerk_b.password == before
    with pytest.raises(OnboardingError):
        actions.do_set_password(
            clerk_b, NEW_PASSWORD, acting_user=User.objects.get(username="admin_a")
        )
    clerk_b.refresh_from_db()
    assert clerk_b.password == before and not entries("set_password", clerk_b).exists()


def test_the_user_screens_need_the_csrf_token(persona):
    client = Client(enforce_csrf_checks=True)
    persona(client, "admin_a")
    clerk = User.objects.get(username="clerk_a")
    data = edit_data(clerk, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    assert client.post(f"/admin/users/edit/{clerk.pk}/", data).status_code == 403
    clerk.refresh_from_db()
    assert not clerk.check_password(NEW_PASSWORD)


def test_a_superuser_adds_another_superuser_through_the_action(client):
    root = User.objects.create_superuser("root-h8", password="root-password-2026")
    client.force_login(root)
    agency = Agency.objects.get(slug="agency-a")
    data = {
        "username": "second-root",
        "first_name": "赵七",
        "email": "",
        "mobile": "",
        "agency": agency.pk,
        "department": "",
        "roles": [Role.AGENCY_ADMIN],
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "is_superuser": "on",
        "is_active": "on",
    }
    response = client.post("/admin/users/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    made = User.objects.get(username="second-root")
    assert made.is_superuser and made.check_password(NEW_PASSWORD)
    entry = entries("make_superuser", made).get()
    assert entry.user == root
    assert (entry.data["old_state"], entry.data["new_state"]) == ("staff", "superuser")


def test_only_a_superuser_makes_a_superuser(client, persona):
    supervisor = persona(client, "group_supervisor")
    clerk = User.objects.get(username="clerk_a")
    with pytest.raises(OnboardingError):
        actions.do_make_superuser(clerk, acting_user=supervisor)
    clerk.refresh_from_db()
    assert not clerk.is_superuser and not entries("make_superuser", clerk).exists()
    # The screen does not even offer the box to a non-superuser.
    assert 'name="is_superuser"' not in client.get("/admin/users/new/").content.decode()


def test_an_account_made_outside_the_back_office_gets_its_profile_on_first_edit(client, persona):
    outsider = User.objects.create_user("made-by-cli", password="cli-password-2026")
    supervisor = persona(client, "group_supervisor")
    transport = Department.objects.get(agency__slug="agency-a", slug="transport")
    data = edit_data(
        outsider, agency=transport.agency_id, department=transport.pk, roles=[Role.EDITOR]
    )
    response = client.post(f"/admin/users/edit/{outsider.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = StaffProfile.objects.get(user=outsider)
    assert profile.agency_id == transport.agency_id and profile.roles == {Role.EDITOR}
    assert entries("add_profile", outsider).get().user == supervisor


def test_an_agency_admin_cannot_adopt_an_account_without_a_profile():
    outsider = User.objects.create_user("made-by-cli", password="cli-password-2026")
    with pytest.raises(OnboardingError):
        actions.do_add_profile(outsider, acting_user=User.objects.get(username="admin_a"))
    assert not StaffProfile.objects.filter(user=outsider).exists()
    assert actions.do_add_profile(outsider, acting_user=None).user == outsider  # the CLI
    assert entries("add_profile", outsider).count() == 1
    actions.do_add_profile(outsider, acting_user=None)  # a second call changes nothing
    assert entries("add_profile", outsider).count() == 1
