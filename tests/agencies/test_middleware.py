"""AgencyScopeMiddleware: another agency's page, agency or department answers 404."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve

from gongkai.agencies.middleware import AgencyScopeMiddleware
from gongkai.agencies.models import Agency, Department
from gongkai.catalog.models import PortalHomePage
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db
MISSING_PK = 987654


def never_called(request):
    raise AssertionError("process_view must not produce the response")


def run(path, username=None, method="get"):
    """What the middleware says before the view of ``path`` runs: None lets the view run."""
    request = getattr(RequestFactory(), method)(path)
    request.user = get_user_model().objects.get(username=username) if username else AnonymousUser()
    match = resolve(path)
    request.resolver_match = match
    middleware = AgencyScopeMiddleware(never_called)
    return middleware.process_view(request, match.func, match.args, match.kwargs)


@pytest.fixture
def item_a():
    return publish_item(
        "agency-a", "licensing", "甲局客运班线许可公示", generated_on=date(2020, 6, 1)
    )


def department_of(agency_slug, slug="office"):
    return Department.objects.get(agency__slug=agency_slug, slug=slug)


def test_anonymous_request_is_left_to_the_admin_login_redirect(item_a):
    assert run(f"/admin/pages/{item_a.pk}/edit/") is None


def test_own_agency_page_lets_the_view_run(item_a):
    assert run(f"/admin/pages/{item_a.pk}/edit/", "clerk_a") is None
    assert run(f"/admin/pages/{item_a.pk}/history/", "reviewer_a") is None


@pytest.mark.parametrize("username", ["clerk_b", "reviewer_b"])
def test_another_agency_page_is_a_404_before_the_view_runs(item_a, username):
    with pytest.raises(Http404):
        run(f"/admin/pages/{item_a.pk}/edit/", username)


def test_adding_under_another_agency_column_is_a_404():
    parent = column("agency-a", "licensing")
    with pytest.raises(Http404):
        run(f"/admin/pages/add/catalog/infoitem/{parent.pk}/", "clerk_b")
    assert run(f"/admin/pages/add/catalog/infoitem/{parent.pk}/", "clerk_a") is None


def test_page_that_does_not_exist_is_a_404_for_staff():
    with pytest.raises(Http404):
        run(f"/admin/pages/{MISSING_PK}/edit/", "clerk_a")


def test_group_portal_is_open_to_staff_of_every_agency():
    portal = PortalHomePage.objects.get()
    assert run(f"/admin/pages/{portal.pk}/", "clerk_b") is None


def test_supervisor_passes_on_every_agency_page(item_a):
    assert run(f"/admin/pages/{item_a.pk}/history/", "group_supervisor") is None
    # Reading, not writing: saving in the editor is refused (403), the page is not hidden
    # (404), and opening the editor shows the page's latest version instead.
    with pytest.raises(PermissionDenied):
        run(f"/admin/pages/{item_a.pk}/edit/", "group_supervisor", method="post")
    response = run(f"/admin/pages/{item_a.pk}/edit/", "group_supervisor")
    assert response["Location"] == f"/admin/pages/{item_a.pk}/view_draft/"
    assert run(f"/admin/pages/{column('agency-b', 'budget').pk}/", "group_supervisor") is None


def test_the_holiday_schedule_is_for_superusers_only():
    with pytest.raises(PermissionDenied):
        run("/admin/workdays/2027/", "clerk_a")
    with pytest.raises(PermissionDenied):
        run("/admin/workdays/", "group_supervisor")


# --- through the HTTP layer ----------------------------------------------------------------


# Agencies and departments are no longer snippets: their records change only through the
# onboarding screens (and so through the audited actions). The old snippet addresses lead
# there, scoped as the screens are.


@pytest.mark.parametrize("action", ["delete", "history", "usage", "add"])
def test_the_old_snippet_screens_that_changed_departments_directly_are_gone(
    client, persona, action
):
    other = department_of("agency-b", "construction")
    persona(client, "admin_a")
    path = f"/admin/snippets/agencies/department/{action}/"
    if action != "add":
        path += f"{other.pk}/"
    assert client.post(path, {"agency": other.agency_id, "name": "越权股"}).status_code == 404
    assert Department.objects.get(pk=other.pk).retired_on is None
    assert not Department.objects.filter(name="越权股").exists()


def test_old_department_addresses_lead_to_its_agency_screen_or_404(client, persona):
    own = department_of("agency-a", "construction")
    other = department_of("agency-b", "construction")
    persona(client, "admin_a")
    response = client.get(f"/admin/snippets/agencies/department/edit/{own.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/onboarding/{own.agency_id}/#departments"
    assert client.get(f"/admin/snippets/agencies/department/edit/{other.pk}/").status_code == 404
    missing = f"/admin/snippets/agencies/department/edit/{MISSING_PK}/"
    assert client.get(missing).status_code == 404
    persona(client, "clerk_a")
    assert client.get(f"/admin/snippets/agencies/department/edit/{own.pk}/").status_code == 404


def test_old_agency_addresses_lead_to_onboarding_or_404(client, persona):
    a = Agency.objects.get(slug="agency-a")
    b = Agency.objects.get(slug="agency-b")
    persona(client, "admin_a")
    response = client.get(f"/admin/snippets/agencies/agency/edit/{a.pk}/")
    assert (response.status_code, response["Location"]) == (302, f"/admin/onboarding/{a.pk}/")
    assert client.get(f"/admin/snippets/agencies/agency/edit/{b.pk}/").status_code == 404
    assert client.get(f"/admin/snippets/agencies/agency/history/{b.pk}/").status_code == 404
    # The list leads an agency admin to their own agency, the supervisor to every agency.
    response = client.get("/admin/snippets/agencies/agency/")
    assert (response.status_code, response["Location"]) == (302, f"/admin/onboarding/{a.pk}/")
    persona(client, "group_supervisor")
    response = client.get(f"/admin/snippets/agencies/agency/edit/{b.pk}/")
    assert (response.status_code, response["Location"]) == (302, f"/admin/onboarding/{b.pk}/")
    html = client.get("/admin/snippets/agencies/agency/").content.decode()
    assert "甲市交通运输局" in html and "乙市农业农村局" in html
    persona(client, "clerk_a")
    assert client.get(f"/admin/snippets/agencies/agency/edit/{a.pk}/").status_code == 404


def test_agency_admin_edits_own_agency_and_gets_404_on_the_other(client, persona):
    a = Agency.objects.get(slug="agency-a")
    b = Agency.objects.get(slug="agency-b")
    persona(client, "admin_a")
    assert client.get(f"/admin/onboarding/{a.pk}/").status_code == 200
    assert client.get(f"/admin/onboarding/{b.pk}/").status_code == 404
    response = client.post(
        f"/admin/onboarding/{b.pk}/", {"step": "add_department", "name": "越权股"}
    )
    assert response.status_code == 404
    assert not Department.objects.filter(name="越权股").exists()


def test_agency_admin_renames_own_department_through_the_audited_action(client, persona):
    from wagtail.models import ModelLogEntry

    own = department_of("agency-a", "construction")
    persona(client, "admin_a")
    response = client.post(
        f"/admin/onboarding/{own.agency_id}/",
        {"step": "rename_department", "department": own.pk, "name": "建设管理股"},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name == "建设管理股"
    entry = ModelLogEntry.objects.filter(action="gongkai_agencies.rename_department").latest("pk")
    assert entry.user.username == "admin_a" and entry.object_id == str(own.pk)


def test_agency_admin_cannot_reach_another_agency_department_from_own_screen(client, persona):
    own_agency = Agency.objects.get(slug="agency-a")
    other = department_of("agency-b", "office")
    persona(client, "admin_a")
    for step in ("rename_department", "retire_department"):
        response = client.post(
            f"/admin/onboarding/{own_agency.pk}/",
            {"step": step, "department": other.pk, "name": "越权股"},
        )
        assert response.status_code == 404
    other.refresh_from_db()
    assert (other.name, other.retired_on) == ("办公室", None)


@pytest.mark.parametrize("username", ["group_supervisor", "clerk_a"])
def test_inactive_account_is_sent_back_to_login(client, username):
    account = get_user_model().objects.get(username=username)
    account.is_active = False
    account.save()
    client.force_login(account)
    item_url = f"/admin/pages/{column('agency-a', 'licensing').pk}/"
    for url in (item_url, "/admin/supervision/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
