"""The supervisors' list of wrong official expressions in the back office: every change
through an audited action, nobody else may touch it."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from gongkai.casework import ActionError
from gongkai.inspection.actions import do_add_expression
from gongkai.inspection.models import WrongExpression

pytestmark = pytest.mark.django_db
URL = "/admin/inspection/expressions/"


def _log(action):
    return ModelLogEntry.objects.filter(action=f"gongkai.inspection.{action}")


def test_a_supervisor_adds_changes_and_deletes_an_expression(client, persona):
    supervisor = persona(client, "group_supervisor")
    assert client.get(URL).status_code == 200
    response = client.post(
        URL, {"wrong": "国务院办公室", "right": "国务院办公厅", "note": "机构名称"}
    )
    assert response.status_code == 302
    expression = WrongExpression.objects.get()
    [entry] = _log("add_expression")
    assert entry.user_id == supervisor.pk and entry.data["data"]["new"]["wrong"] == "国务院办公室"
    assert "国务院办公室" in client.get(URL).content.decode()

    edit = f"{URL}{expression.pk}/"
    assert client.get(edit).status_code == 200
    client.post(edit, {"wrong": "国务院办公室", "right": "国务院办公厅", "note": "正式名称"})
    expression.refresh_from_db()
    assert expression.note == "正式名称"
    [change] = _log("change_expression")
    assert change.data["data"]["old"]["note"] == "机构名称"

    assert client.post(f"{edit}delete/").status_code == 302
    assert not WrongExpression.objects.exists()
    assert _log("delete_expression").get().data["data"]["old"]["wrong"] == "国务院办公室"


def test_a_duplicate_or_empty_expression_is_refused_with_the_reason(client, persona):
    persona(client, "group_supervisor")
    client.post(URL, {"wrong": "甲", "right": "乙"})
    response = client.post(URL, {"wrong": "甲", "right": "丙"})
    assert response.status_code == 400 and "该错误表述已在清单中" in response.content.decode()
    response = client.post(URL, {"wrong": "丁", "right": "丁"})
    assert response.status_code == 400
    assert WrongExpression.objects.count() == 1


@pytest.mark.parametrize("username", ["officer_a", "admin_a", "clerk_a"])
def test_agency_staff_neither_see_nor_change_the_list(client, persona, username):
    user = persona(client, username)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"wrong": "甲", "right": "乙"}).status_code == 404
    with pytest.raises(ActionError):
        do_add_expression(wrong="甲", right="乙", acting_user=user)
    assert not WrongExpression.objects.exists()


def test_the_menu_shows_the_list_to_supervisors_only(client, persona):
    persona(client, "group_supervisor")
    assert URL in client.get("/admin/").content.decode()
    client.logout()
    persona(client, "officer_a")
    assert URL not in client.get("/admin/").content.decode()
    assert get_user_model().objects.filter(username="officer_a").exists()
