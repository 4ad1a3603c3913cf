"""The onboarding screens through the real HTTP layer."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.agencies.models import Agency, Department, SiteGroup, StaffProfile
from gongkai.catalog.models import ColumnPage

pytestmark = pytest.mark.django_db

AGENCY_POST = {
    "name": "九江市人民政府",
    "slug": "jj",
    "kind": "government",
    "government": "",
    "leadership": "local",
    "superior_name": "",
    "credit_code": "11360400MB0000001M",
    "hostname": "",
    "address": "长虹大道699号",
    "postcode": "332000",
    "phone": "0792-8967000",
    "email": "",
    "icp_number": "",
    "police_number": "",
    "site_code": "",
}


def test_the_supervisor_creates_an_agency_with_its_site(client, persona):
    persona(client, "group_supervisor")
    assert client.get(reverse("agencies_onboarding")).status_code == 200
    response = client.post(reverse("agencies_onboarding_create"), AGENCY_POST)
    agency = Agency.objects.get(slug="jj")
    assert response.status_code == 302
    assert response["Location"] == reverse("agencies_onboarding_detail", args=[agency.pk])
    assert SiteGroup.objects.get().top_agency == agency
    assert client.get(agency.home_page.url).status_code == 200
    bad = client.post(
        reverse("agencies_onboarding_create"), {**AGENCY_POST, "slug": "jj2", "name": "另一个"}
    )
    assert bad.status_code == 200 and "主办单位" in bad.content.decode()


@pytest.mark.parametrize("username", ["admin_a", "clerk_a", "reviewer_a"])
def test_only_the_supervisor_opens_the_create_form(client, persona, username):
    persona(client, username)
    assert client.get(reverse("agencies_onboarding_create")).status_code == 404
    assert client.post(reverse("agencies_onboarding_create"), AGENCY_POST).status_code == 404
    assert not Agency.objects.filter(slug="jj").exists()


def test_an_agency_admin_manages_own_departments_and_columns_only(client, persona):
    persona(client, "admin_a")
    a, b = Agency.objects.get(slug="agency-a"), Agency.objects.get(slug="agency-b")
    response = client.get(reverse("agencies_onboarding"))
    assert response["Location"] == reverse("agencies_onboarding_detail", args=[a.pk])
    url = reverse("agencies_onboarding_detail", args=[a.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("agencies_onboarding_detail", args=[b.pk])).status_code == 404
    assert (
        client.post(
            reverse("agencies_onboarding_detail", args=[b.pk]),
            {"step": "add_department", "name": "法规股"},
        ).status_code
        == 404
    )
    client.post(url, {"step": "add_department", "name": "法规股"})
    legal = Department.objects.get(agency=a, name="法规股")
    policies = ColumnPage.objects.get(agency=a, slug="policies")
    client.post(url, {"step": "assign_column", f"column-{policies.pk}": legal.pk})
    policies.refresh_from_db()
    assert policies.department == legal
    other = Department.objects.filter(agency=b).first()
    response = client.post(url, {"step": "rename_department", "department": other.pk, "name": "x"})
    assert response.status_code == 404
    response = client.post(url, {"step": "retire_department", "department": legal.pk}, follow=True)
    assert "仍负责栏目" in response.content.decode()


def test_clerks_have_no_onboarding_screen(client, persona):
    persona(client, "clerk_a")
    assert client.get(reverse("agencies_onboarding")).status_code == 404


def _user_post(**fields):
    data = {
        "username": "wang",
        "first_name": "王五",
        "email": "",
        "password1": "",
        "password2": "",
        "agency": "",
        "department": "",
        "roles": [],
        "mobile": "",
    }
    data.update(fields)
    return data


def test_an_agency_admin_adds_a_person_in_wagtails_user_form(client, persona):
    persona(client, "admin_a")
    a = Agency.objects.get(slug="agency-a")
    transport = Department.objects.get(agency=a, slug="transport")
    form = client.get(reverse("wagtailusers_users:add")).content.decode()
    assert "甲市交通运输局" in form and "乙市农业农村局" not in form
    assert 'name="groups"' not in form
    response = client.post(
        reverse("wagtailusers_users:add"),
        _user_post(agency=a.pk, department=transport.pk, roles=["editor"]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = StaffProfile.objects.get(user__username="wang")
    assert profile.roles == {"editor"} and profile.department == transport
    assert profile.user.groups.filter(name__endswith=f":dept:{transport.slug}").exists()
    b = Agency.objects.get(slug="agency-b")
    response = client.post(
        reverse("wagtailusers_users:add"),
        _user_post(username="li", agency=b.pk, roles=["reviewer"]),
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="li").exists()
    response = client.post(
        reverse("wagtailusers_users:add"),
        _user_post(username="zhao", agency=a.pk, roles=["editor"]),
    )
    assert "股室信息员必须属于" in response.content.decode()


def test_an_agency_admin_edits_roles_of_own_staff_only(client, persona):
    persona(client, "admin_a")
    users = get_user_model().objects
    listing = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "clerk_a" in listing and "clerk_b" not in listing
    clerk_b = users.get(username="clerk_b")
    assert client.get(reverse("wagtailusers_users:edit", args=[clerk_b.pk])).status_code == 404
    reviewer = users.get(username="reviewer_a")
    a = Agency.objects.get(slug="agency-a")
    response = client.post(
        reverse("wagtailusers_users:edit", args=[reviewer.pk]),
        _user_post(
            username="reviewer_a",
            first_name="审核人甲",
            agency=a.pk,
            roles=["reviewer", "disclosure_officer"],
            is_active="on",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = StaffProfile.objects.get(user=reviewer)
    assert profile.roles == {"reviewer", "disclosure_officer"}
    assert set(reviewer.groups.values_list("name", flat=True)) == {
        "agency-a:reviewer",
        "agency-a:officer",
    }
