"""承办: the office asks a department for its opinion; the department sees the request and
the deadline, never the applicant's personal data, and returns an opinion and files."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Department
from gongkai.applications.actions import (
    ACTION_PREFIX,
    ActionError,
    do_assign,
    do_reply,
    do_return_opinion,
)
from gongkai.applications.models import Outcome
from tests.applications.conftest import ID_NUMBER, PHONE, at, d

EMAIL = "zhangsan@example.com"

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register):
    return register(arrived=at(2026, 9, 21)).application


def department(agency_slug, slug):
    return Department.objects.get(agency__slug=agency_slug, slug=slug)


def assign(case, users, slug="transport", **extra):
    return do_assign(
        case,
        department=department("agency-a", slug),
        question="该批公交线路调整文件是否已形成、能否公开？",
        acting_user=users["officer_a"],
        **extra,
    )


def test_the_office_assigns_and_the_department_answers_once(case, users):
    assignment = assign(case, users)
    done = do_return_opinion(
        assignment,
        opinion="文件已于9月印发，可以公开。",
        files=[SimpleUploadedFile("调整方案.txt", "方案全文".encode())],
        acting_user=users["clerk_a"],
    )
    assert done.answered and done.answered_by == users["clerk_a"]
    assert [f.name for f in done.files.all()] == ["调整方案.txt"]
    with pytest.raises(ActionError, match="已反馈意见"):
        do_return_opinion(done, opinion="再补充", acting_user=users["clerk_a"])
    logged = ModelLogEntry.objects.for_instance(case).values_list("action", flat=True)
    assert {ACTION_PREFIX + "assign", ACTION_PREFIX + "return_opinion"} <= set(logged)


def test_only_the_office_assigns_and_only_the_department_answers(case, users):
    for who in ("clerk_a", "reviewer_a", "admin_a", "group_supervisor"):
        with pytest.raises(PermissionDenied):
            assign_by = dict(acting_user=users[who])
            do_assign(
                case, department=department("agency-a", "transport"), question="意见", **assign_by
            )
    assignment = assign(case, users)
    for who in ("clerk_a_construction", "officer_a", "clerk_b"):
        with pytest.raises(PermissionDenied):
            do_return_opinion(assignment, opinion="意见", acting_user=users[who])


def test_a_department_of_another_agency_or_a_closed_case_cannot_be_assigned(case, users):
    with pytest.raises(ActionError, match="本机关的股室"):
        do_assign(
            case,
            department=department("agency-b", "transport"),
            question="意见",
            acting_user=users["officer_a"],
        )
    do_reply(
        case,
        outcome=Outcome.DISCLOSED,
        text="公开",
        replied_on=d(2026, 9, 25),
        acting_user=users["officer_a"],
        obtain_how="随本告知书提供",
    )
    with pytest.raises(ActionError, match="不能交办"):
        assign(case, users)


def test_the_editor_sees_the_request_and_deadline_but_no_personal_data(
    client, persona, case, users
):
    assignment = assign(case, users)
    persona(client, "clerk_a")
    listing = client.get("/admin/applications/assigned/").content.decode()
    assert case.tracking_code in listing and "待反馈" in listing
    page = client.get(f"/admin/applications/assigned/{assignment.pk}/").content.decode()
    assert "2026年本市公交线路调整的决定及其依据" in page
    assert case.reply_due.isoformat() in page
    for secret in (ID_NUMBER, PHONE, EMAIL, "张三"):
        assert secret not in page
    # The case itself stays closed to the editor.
    assert client.get(f"/admin/applications/{case.pk}/").status_code in (403, 404)


def test_the_opinion_is_returned_over_http_and_shown_to_the_office(client, persona, case, users):
    assignment = assign(case, users)
    persona(client, "clerk_a")
    response = client.post(
        f"/admin/applications/assigned/{assignment.pk}/",
        {"opinion": "建议公开。", "files": SimpleUploadedFile("意见.txt", b"ok")},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.opinion == "建议公开。"
    (record,) = assignment.files.all()
    persona(client, "officer_a")
    detail = client.get(f"/admin/applications/{case.pk}/").content.decode()
    assert "建议公开。" in detail and "意见.txt" in detail
    download = client.get(f"/admin/applications/{case.pk}/opinions/{record.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"ok"


def test_another_department_cannot_open_the_assignment(client, persona, case, users):
    assignment = assign(case, users)
    for who in ("clerk_a_construction", "clerk_b"):
        persona(client, who)
        assert client.get(f"/admin/applications/assigned/{assignment.pk}/").status_code == 404
    persona(client, "clerk_a_construction")
    assert case.tracking_code not in client.get("/admin/applications/assigned/").content.decode()


def test_an_empty_opinion_is_refused_in_chinese(client, persona, case, users):
    assignment = assign(case, users)
    persona(client, "clerk_a")
    response = client.post(f"/admin/applications/assigned/{assignment.pk}/", {"opinion": " "})
    assert response.status_code == 200 and "必需字段" in response.content.decode()
    assignment.refresh_from_db()
    assert not assignment.answered
