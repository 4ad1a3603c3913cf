"""The routes a security test found leaking another agency's records, each closed."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from gongkai.agencies.models import Agency, Department
from gongkai.agencies.roles import agency_collection
from tests.sitegroup import publish_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def document_a():
    return get_document_model().objects.create(
        title="甲局内部附件",
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        collection=agency_collection(Agency.objects.get(slug="agency-a")),
    )


def test_bulk_delete_of_another_agency_department_is_a_404_and_deletes_nothing(client, persona):
    other = Department.objects.get(agency__slug="agency-b", slug="construction")
    persona(client, "admin_a")
    url = f"/admin/bulk/agencies/department/delete/?id={other.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Department.objects.filter(pk=other.pk).exists()


def test_admin_api_lists_only_the_documents_of_ones_own_agency(client, persona, document_a):
    persona(client, "clerk_b")
    listed = client.get("/admin/api/main/documents/").json()["items"]
    assert document_a.pk not in [item["id"] for item in listed]
    assert client.get(f"/admin/api/main/documents/{document_a.pk}/").status_code == 404
    persona(client, "clerk_a")
    listed = client.get("/admin/api/main/documents/").json()["items"]
    assert document_a.pk in [item["id"] for item in listed]


def test_document_chooser_and_library_do_not_open_another_agency_document(
    client, persona, document_a
):
    persona(client, "clerk_b")
    for url in (
        f"/admin/documents/edit/{document_a.pk}/",
        f"/admin/documents/chooser/chosen/{document_a.pk}/",
        f"/admin/documents/chooser/chosen-multiple/?id={document_a.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert "甲局内部附件" not in client.get("/admin/documents/chooser/").content.decode()


@pytest.mark.parametrize(
    ("url", "supervisor"),
    [
        # Supervisors read every agency's pages (their role's Wagtail grant), so both open.
        ("/admin/reports/page-types-usage/", 200),
        ("/admin/reports/site-history/", 200),
    ],
)
def test_wagtail_group_wide_reports_are_for_supervisors_only(client, persona, url, supervisor):
    publish_item("agency-a", "licensing", "甲局草稿标题", generated_on=date(2026, 9, 1))
    for name in ("clerk_b", "admin_a", "reviewer_a"):
        persona(client, name)
        response = client.get(url)
        assert response.status_code == 403, name
        assert "甲局草稿标题" not in response.content.decode()
    persona(client, "group_supervisor")
    assert client.get(url).status_code == supervisor


def test_moving_or_comparing_another_agency_page_is_a_404_not_a_redirect(client, persona):
    item = publish_item("agency-a", "licensing", "甲局信息", generated_on=date(2026, 9, 1))
    persona(client, "clerk_b")
    assert client.get(f"/admin/pages/{item.pk}/move/").status_code == 404
    compare = f"/admin/pages/{item.pk}/revisions/compare/earliest...latest/"
    assert client.get(compare).status_code == 404


def test_wagtail_permission_denied_is_a_403_not_a_redirect(client, persona):
    # A column of another department of one's own agency: Wagtail refuses the editor.
    item = publish_item("agency-a", "major-projects", "甲局重大项目", generated_on=date(2026, 9, 1))
    persona(client, "clerk_a")
    response = client.get(f"/admin/pages/{item.pk}/edit/")
    assert response.status_code == 403
