"""The page types a role may create follow the role: an editor writes items, the agency
admin makes columns and the guide."""

import pytest

from gongkai.catalog.models import ColumnPage, GuidePage, InfoItem
from tests.sitegroup import column

pytestmark = pytest.mark.django_db


def add_subpage(parent):
    return f"/admin/pages/{parent.pk}/add_subpage/"


def add(model, parent):
    return f"/admin/pages/add/catalog/{model}/{parent.pk}/"


def refused(response):
    # Wagtail answers a PermissionDenied inside the admin with a redirect to the dashboard.
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def test_editor_is_offered_only_information_items(client, persona):
    persona(client, "clerk_a")
    licensing = column("agency-a", "licensing")
    response = client.get(add_subpage(licensing))
    assert response.status_code == 302
    assert response["Location"] == add("infoitem", licensing)


@pytest.mark.parametrize("model", ["columnpage", "guidepage"])
def test_editor_may_not_create_a_sub_column_or_a_guide_in_licensing(client, persona, model):
    persona(client, "clerk_a")
    licensing = column("agency-a", "licensing")
    assert refused(client.get(add(model, licensing)))
    data = {"title": "股室自建栏目", "slug": "own-column"}
    assert refused(client.post(add(model, licensing), data))
    assert not ColumnPage.objects.filter(slug="own-column").exists()
    assert not GuidePage.objects.child_of(licensing).exists()


def test_editor_still_writes_items_there(client, persona):
    persona(client, "clerk_a")
    response = client.get(add("infoitem", column("agency-a", "licensing")))
    assert response.status_code == 200


def test_agency_admin_is_offered_columns_and_items(client, persona):
    persona(client, "admin_a")
    licensing = column("agency-a", "licensing")
    response = client.get(add_subpage(licensing))
    assert response.status_code == 200
    html = response.content.decode()
    assert add("columnpage", licensing) in html and add("infoitem", licensing) in html
    assert client.get(add("columnpage", licensing)).status_code == 200


def test_the_rule_itself():
    from django.contrib.auth import get_user_model

    from gongkai.catalog.page_types import may_create

    users = get_user_model().objects
    clerk, admin, officer = (
        users.get(username=name) for name in ("clerk_a", "admin_a", "officer_a")
    )
    assert may_create(clerk, InfoItem) and not may_create(clerk, ColumnPage)
    assert not may_create(clerk, GuidePage)
    assert may_create(admin, ColumnPage) and may_create(admin, GuidePage)
    assert not may_create(officer, InfoItem)
