"""Who may do what in the back office: departments, agencies, supervisors."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from gongkai.catalog.models import InfoItem
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db


def item_form(title, slug="item-from-form", department="", **extra):
    data = {
        "title": title,
        "slug": slug,
        "department": department,
        "summary": "内容概述。",
        "generated_on": "2020-09-01",
        "changed_on": "",
        "effective_from": "",
        "withheld_ground": "",
        "withheld_reason": "",
        # 保密审查 (Art. 17): recorded when the publisher publishes; a test of the gate
        # posts secrecy_reviewed="" to leave it out.
        "secrecy_reviewed": "on",
        "secrecy_reviewer": "王审查",
        "secrecy_reviewed_on": "2020-09-02",
        "document_number": "",
        "category": "none",
        "topic": "",
        "genre": "",
        "keywords": "",
        "validity": "",
        "validity_changed_on": "",
        "body": rich_text("<p>正文。</p>"),
        "disclosure_mode": "proactive",
        "disclosure_scope": "public",
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(extra)
    return nested_form_data(data)


def add_url(parent):
    return f"/admin/pages/add/catalog/infoitem/{parent.pk}/"


def test_admin_login_page_is_served_in_chinese(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_every_persona_can_log_in_with_password(client):
    from tests.sitegroup import PASSWORD

    response = client.post("/admin/login/", {"username": "clerk_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_editor_can_open_the_create_form_in_own_department_column(client, persona):
    persona(client, "clerk_a")
    response = client.get(add_url(column("agency-a", "licensing")))
    assert response.status_code == 200
    # Only the editor's own department is offered.
    html = response.content.decode()
    assert "运输管理股" in html and "建设股" not in html


def test_editor_cannot_create_in_another_department_column(client, persona):
    persona(client, "clerk_a")
    response = client.post(
        add_url(column("agency-a", "major-projects")), item_form("越权创建的信息")
    )
    assert response.status_code in (302, 403)
    assert not InfoItem.objects.filter(title="越权创建的信息").exists()


def test_editor_cannot_edit_another_department_item(client, persona):
    item = publish_item(
        "agency-a", "major-projects", "甲市国省道改造工程进展情况", generated_on="2020-05-01"
    )
    persona(client, "clerk_a")
    response = client.post(
        f"/admin/pages/{item.pk}/edit/", item_form("被篡改的标题", slug=item.slug)
    )
    assert response.status_code in (302, 403)
    item.refresh_from_db()
    assert item.title == "甲市国省道改造工程进展情况"
    assert item.get_latest_revision().content["title"] == "甲市国省道改造工程进展情况"


def test_clerk_of_another_agency_gets_404_on_every_page_view(client, persona):
    item = publish_item(
        "agency-a", "licensing", "甲市道路运输经营许可公示", generated_on="2020-05-01"
    )
    persona(client, "clerk_b")
    licensing = column("agency-a", "licensing")
    for url in (
        f"/admin/pages/{item.pk}/edit/",
        f"/admin/pages/{item.pk}/",
        f"/admin/pages/{item.pk}/history/",
        f"/admin/pages/{item.pk}/unpublish/",
        f"/admin/pages/{item.pk}/delete/",
        f"/admin/pages/{licensing.pk}/",
        add_url(licensing),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/admin/pages/{item.pk}/edit/", item_form("乙局改写", slug=item.slug)
        ).status_code
        == 404
    )


def test_reviewer_of_another_agency_gets_404(client, persona):
    item = publish_item(
        "agency-a", "licensing", "甲市出租汽车经营许可公示", generated_on="2020-05-01"
    )
    persona(client, "reviewer_b")
    assert client.get(f"/admin/pages/{item.pk}/edit/").status_code == 404


def test_explorer_of_the_group_root_does_not_list_other_agencies(client, persona):
    persona(client, "clerk_b")
    agency_a_home = column("agency-a", "news").get_parent()
    portal = agency_a_home.get_parent()
    response = client.get(f"/admin/pages/{portal.pk}/")
    assert "甲市交通运输局" not in response.content.decode()


def test_supervisor_can_open_any_agency_page_and_the_overview(client, persona):
    item = publish_item(
        "agency-a", "licensing", "甲市危险货物运输许可公示", generated_on="2020-05-01"
    )
    persona(client, "group_supervisor")
    response = client.get("/admin/supervision/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲市交通运输局" in html and "乙市农业农村局" in html
    # Supervisors are read-mostly: no agency's page is theirs to edit, but none is hidden.
    assert client.get(f"/admin/pages/{item.pk}/edit/").status_code != 404


def test_overview_is_not_for_agency_staff(client, persona):
    persona(client, "admin_a")
    assert client.get("/admin/supervision/").status_code == 404


def test_agency_admin_sees_only_own_departments(client, persona):
    persona(client, "admin_a")
    # The old department list leads to the agency admin's own agency screen.
    response = client.get("/admin/snippets/agencies/department/", follow=True)
    assert response.status_code == 200
    assert response.context["agency"].slug == "agency-a"
    assert {d.agency.slug for d in response.context["departments"]} == {"agency-a"}
    html = response.content.decode()
    assert "甲市交通运输局" in html and "乙市农业农村局" not in html


def test_agency_admin_gets_404_on_other_agency_department(client, persona):
    from gongkai.agencies.models import Department

    other = Department.objects.get(agency__slug="agency-b", slug="office")
    persona(client, "admin_a")
    assert client.get(f"/admin/snippets/agencies/department/edit/{other.pk}/").status_code == 404


def test_page_chooser_search_does_not_offer_other_agencies(client, persona):
    item = publish_item("agency-a", "licensing", "甲市驾培机构备案公示", generated_on="2020-05-01")
    persona(client, "clerk_b")
    response = client.get("/admin/choose-page/search/", {"q": "甲市驾培机构备案公示"})
    assert response.status_code == 200
    assert f"/admin/pages/{item.pk}/" not in response.content.decode()
    assert "甲市驾培机构备案公示</a>" not in response.content.decode()
    persona(client, "clerk_a")
    response = client.get("/admin/choose-page/search/", {"q": "甲市驾培机构备案公示"})
    assert "甲市驾培机构备案公示" in response.content.decode()


def test_admin_page_search_does_not_list_other_agencies(client, persona):
    item = publish_item("agency-a", "licensing", "甲市维修企业备案公示", generated_on="2020-05-01")
    persona(client, "clerk_b")
    response = client.get("/admin/pages/search/", {"q": "甲市维修企业备案公示"})
    assert f"/admin/pages/{item.pk}/edit/" not in response.content.decode()
