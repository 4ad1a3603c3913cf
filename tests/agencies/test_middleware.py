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


def run(path, username=None):
    """What the middleware says before the view of ``path`` runs: None lets the view run."""
    request = RequestFactory().get(path)
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
    # Reading, not writing: the editor is refused (403), the page is not hidden (404).
    with pytest.raises(PermissionDenied):
        run(f"/admin/pages/{item_a.pk}/edit/", "group_supervisor")
    assert run(f"/admin/pages/{column('agency-b', 'budget').pk}/", "group_supervisor") is None


@pytest.mark.parametrize("action", ["edit", "delete", "history", "usage"])
def test_another_agency_department_is_a_404(action):
    other = department_of("agency-b")
    with pytest.raises(Http404):
        run(f"/admin/snippets/agencies/department/{action}/{other.pk}/", "admin_a")


def test_own_department_is_left_to_the_view_and_a_missing_one_is_a_404():
    own = department_of("agency-a")
    assert run(f"/admin/snippets/agencies/department/edit/{own.pk}/", "admin_a") is None
    with pytest.raises(Http404):
        run(f"/admin/snippets/agencies/department/edit/{MISSING_PK}/", "admin_a")


def test_another_agency_record_is_a_404_but_not_for_the_supervisor():
    b = Agency.objects.get(slug="agency-b")
    with pytest.raises(Http404):
        run(f"/admin/snippets/agencies/agency/edit/{b.pk}/", "admin_a")
    with pytest.raises(Http404):
        run(f"/admin/snippets/agencies/agency/history/{b.pk}/", "clerk_a")
    assert run(f"/admin/snippets/agencies/agency/edit/{b.pk}/", "group_supervisor") is None
    a = Agency.objects.get(slug="agency-a")
    assert run(f"/admin/snippets/agencies/agency/edit/{a.pk}/", "admin_a") is None


def test_the_holiday_schedule_is_for_superusers_only():
    with pytest.raises(PermissionDenied):
        run("/admin/workdays/2027/", "clerk_a")
    with pytest.raises(PermissionDenied):
        run("/admin/workdays/", "group_supervisor")


# --- through the HTTP layer ----------------------------------------------------------------


def test_agency_admin_cannot_delete_another_agency_department(client, persona):
    other = department_of("agency-b", "construction")
    persona(client, "admin_a")
    response = client.post(f"/admin/snippets/agencies/department/delete/{other.pk}/")
    assert response.status_code == 404
    assert Department.objects.filter(pk=other.pk).exists()


def test_agency_admin_edits_own_agency_and_gets_404_on_the_other(client, persona):
    a = Agency.objects.get(slug="agency-a")
    b = Agency.objects.get(slug="agency-b")
    persona(client, "admin_a")
    assert client.get(f"/admin/snippets/agencies/agency/edit/{a.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/agencies/agency/edit/{b.pk}/").status_code == 404
    assert client.get(f"/admin/snippets/agencies/agency/history/{b.pk}/").status_code == 404


def test_agency_admin_lists_only_own_agency(client, persona):
    persona(client, "admin_a")
    response = client.get("/admin/snippets/agencies/agency/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲市交通运输局" in html and "乙市农业农村局" not in html


def test_agency_admin_renames_own_department(client, persona):
    own = department_of("agency-a", "construction")
    persona(client, "admin_a")
    response = client.post(
        f"/admin/snippets/agencies/department/edit/{own.pk}/",
        {"agency": own.agency_id, "name": "建设管理股", "slug": "construction", "sort_order": 3},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.name, own.sort_order) == ("建设管理股", 3)


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


def test_agency_admin_cannot_create_a_department_in_another_agency(client, persona):
    b = Agency.objects.get(slug="agency-b")
    persona(client, "admin_a")
    response = client.post(
        "/admin/snippets/agencies/department/add/",
        {"agency": b.pk, "name": "越权股", "slug": "yuequan", "sort_order": 0},
    )
    # The other agency is not among the choices: an invalid choice, said in Chinese.
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not Department.objects.filter(slug="yuequan").exists()


def test_agency_admin_cannot_move_a_department_to_another_agency(client, persona):
    own = department_of("agency-a", "office")
    b = Agency.objects.get(slug="agency-b")
    persona(client, "admin_a")
    response = client.post(
        f"/admin/snippets/agencies/department/edit/{own.pk}/",
        {"agency": b.pk, "name": own.name, "slug": own.slug, "sort_order": 0},
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.agency.slug == "agency-a"
