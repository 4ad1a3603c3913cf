"""More of the back office through the HTTP client: the supervisor changes nothing through any
action, an account deactivated mid-session acts no more, list filters and pages, and the
registration and action forms refuse bad input in Chinese."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client
from wagtail.log_actions import registry as log_registry

from gongkai.applications.actions import ACTION_PREFIX, do_reply
from gongkai.applications.audit import LABELS
from gongkai.applications.models import Application, State
from gongkai.applications.staff import PER_PAGE
from gongkai.applications.staff_case import CASE_ACTIONS
from gongkai.applications.tracking import new_tracking_code
from tests.applications.conftest import SHANGHAI, at, d, on_day
from tests.applications.test_staff_http import registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False):
        yield


def url(app, action=""):
    return f"/admin/applications/{app.pk}/" + (f"do/{action}/" if action else "")


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def case(register):
    return register(arrived=at(2026, 10, 19)).application


# --- who may act ------------------------------------------------------------------------------


@pytest.mark.parametrize("action", sorted(CASE_ACTIONS))
def test_supervisor_posts_to_no_action(client, persona, case, action):
    persona(client, "group_supervisor")
    response = client.post(url(case, action), {"on": "2026-10-20", "text": "x"})
    assert response.status_code == 404
    stored = Application.objects.get(pk=case.pk)
    assert (stored.state, stored.reply_due) == (case.state, case.reply_due)
    assert not stored.clock_events.exists()


def test_supervisor_may_read_the_letter_but_not_register(client, persona, case, users):
    do_reply(
        case,
        outcome="art36_2_disclose",
        text="现予公开。",
        replied_on=d(2026, 10, 20),
        acting_user=users["officer_a"],
        obtain_how="随本告知书提供",
    )
    persona(client, "group_supervisor")
    assert client.get(f"/admin/applications/{case.pk}/letter.docx").status_code == 200
    listing = html(client.get("/admin/applications/"))
    assert "/admin/applications/new/" not in listing and case.tracking_code in listing
    response = client.post("/admin/applications/new/", registration_data())
    assert response.status_code == 404
    assert not Application.objects.filter(applicant_name="李四").exists()


def test_an_account_deactivated_mid_session_acts_no_more(client, persona, case):
    officer = persona(client, "officer_a")
    assert client.get(url(case)).status_code == 200
    officer.is_active = False
    officer.save()
    response = client.post(url(case, "withdraw"), {"on": "2026-10-20"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Application.objects.get(pk=case.pk).state == State.PROCESSING
    assert "/admin/login/" in client.get("/admin/applications/")["Location"]


# --- list -------------------------------------------------------------------------------------


def test_an_officer_cannot_widen_the_list_to_another_agency(
    client, persona, case, register, users, agency_b
):
    theirs = register(agency=agency_b, acting_user=users["officer_b"], arrived=at(2026, 10, 19))
    persona(client, "officer_a")
    page = html(client.get(f"/admin/applications/?agency={agency_b.pk}"))
    assert case.tracking_code in page
    assert theirs.application.tracking_code not in page


def test_an_unknown_state_filter_is_ignored(client, persona, case, register, users):
    done = register(arrived=at(2026, 10, 19)).application
    do_reply(
        done,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2026, 10, 20),
        acting_user=users["officer_a"],
        obtain_how="随本告知书提供",
    )
    persona(client, "officer_a")
    page = html(client.get("/admin/applications/?state=nonsense&section=nonsense"))
    assert case.tracking_code in page and done.tracking_code in page


def test_the_list_pages_by_fifty(client, persona, case):
    template = Application.objects.get(pk=case.pk)
    copies = []
    for _ in range(PER_PAGE):
        template.pk, template.tracking_code = None, new_tracking_code()
        template.arrived_at = at(2026, 10, 1)  # older: listed after the original
        template.save()
        copies.append(template.tracking_code)
    persona(client, "officer_a")
    first = html(client.get("/admin/applications/"))
    second = html(client.get("/admin/applications/?page=2"))
    assert "第 1 / 2 页" in first and "第 2 / 2 页" in second
    assert case.tracking_code in first and case.tracking_code not in second
    assert sum(code in first for code in copies) == PER_PAGE - 1
    assert sum(code in second for code in copies) == 1


def test_remedy_register_defaults_to_this_year(client, persona):
    persona(client, "officer_a")
    response = client.get("/admin/applications/remedies/?year=abc")
    assert response.status_code == 200 and response.context["year"] == 2026


# --- forms ------------------------------------------------------------------------------------


def test_registration_in_the_future_is_refused(client, persona):
    persona(client, "officer_a")
    response = client.post(
        "/admin/applications/new/", registration_data(arrived_at="2026-10-20T10:30")
    )
    assert response.status_code == 200 and "申请到达时间不能晚于现在。" in html(response)
    assert not Application.objects.filter(applicant_name="李四").exists()


def test_registration_of_a_person_drops_an_organisation_type(client, persona):
    persona(client, "officer_a")
    response = client.post(
        "/admin/applications/new/", registration_data(organisation_type="commercial")
    )
    assert response.status_code == 302
    app = Application.objects.get(applicant_name="李四")
    assert (app.organisation_type, app.agency.slug) == ("", "agency-a")


def test_registration_by_signed_letter_near_midnight_counts_in_china(client, persona):
    persona(client, "officer_a")
    client.post(
        "/admin/applications/new/",
        registration_data(channel="signed_letter", arrived_at="2026-10-19T23:50"),
    )
    app = Application.objects.get(applicant_name="李四")
    # Signed at 23:50 China time on Mon 10-19: received that day; 20 working days → 11-16.
    assert (app.received_on, app.reply_due) == (d(2026, 10, 19), d(2026, 11, 16))


def test_transfer_to_the_own_agency_is_not_offered(client, persona, case, agency_a):
    persona(client, "officer_a")
    response = client.post(url(case, "transfer"), {"to_agency": agency_a.pk, "reason": "职责"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in html(response)
    assert Application.objects.get(pk=case.pk).agency == agency_a


def test_an_action_not_allowed_now_is_explained(client, persona, case):
    persona(client, "officer_a")
    response = client.post(url(case, "record_payment"), {"paid_on": "2026-10-20"}, follow=True)
    assert "申请当前状态为“办理中”，不能登记缴费。" in html(response)
    assert Application.objects.get(pk=case.pk).state == State.PROCESSING


def test_a_blank_reply_is_refused_and_nothing_changes(client, persona, case):
    persona(client, "officer_a")
    response = client.post(
        url(case, "reply"),
        {
            "outcome": "art36_2_disclose",
            "text": "  \n ",
            "replied_on": "2026-10-20",
            "obtain_how": "电子邮件",
        },
    )
    assert response.status_code == 200 and 'id="reply-text"' in html(response)
    assert response.context["case_forms"]
    bound = dict((a.name, f) for a, f in response.context["case_forms"])["reply"]
    assert list(bound.errors) == ["text"]
    assert Application.objects.get(pk=case.pk).state == State.PROCESSING


def test_extension_of_more_than_what_is_left_is_refused(client, persona, case, users):
    persona(client, "officer_a")
    data = {
        "reason": "需调取档案",
        "approved_by": users["head_a"].pk,
        "approved_on": "2026-10-20",
        "notice_sent_on": "2026-10-20",
    }
    assert client.post(url(case, "extend"), {**data, "working_days": "15"}).status_code == 302
    response = client.post(url(case, "extend"), {**data, "working_days": "6"})
    assert "延长答复期限最长不得超过 20 个工作日" in html(response)
    assert client.post(url(case, "extend"), {**data, "working_days": "5"}).status_code == 302
    page = html(client.get(url(case)))
    assert 'do/extend/#action-extend"' not in page  # nothing left to extend
    assert sum(e.working_days for e in case.extensions.all()) == 20


# --- the history --------------------------------------------------------------------------


def test_every_action_has_a_chinese_label_in_the_log():
    for name, label in LABELS.items():
        assert log_registry.get_action_label(ACTION_PREFIX + name) == label


def test_history_shows_each_state_change_and_who(client, persona, case):
    persona(client, "officer_a")
    client.post(
        url(case, "request_correction"),
        {"on": "2026-10-20", "correct_by": "2026-11-05", "note": "请写明年份"},
    )
    with on_day(2026, 10, 26):
        persona(client, "officer_a")  # a staff session lasts 8 hours
        client.post(url(case, "receive_correction"), {"on": "2026-10-26"})
    page = html(client.get(url(case)))
    assert "告知补正" in page and "办理中 → 待补正" in page
    assert "收到补正" in page and "待补正 → 办理中" in page
    assert page.count("officer_a") >= 3
    other = Client()
    persona(other, "group_supervisor")
    assert "办理中 → 待补正" in html(other.get(url(case)))


# --- query strings --------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["0", "99999", "%C2%B2"])
def test_a_strange_year_falls_back_to_this_year(client, persona, year):
    persona(client, "officer_a")
    client.raise_request_exception = False
    response = client.get(f"/admin/applications/remedies/?year={year}")
    assert response.status_code == 200 and response.context["year"] == 2026


def test_a_strange_agency_filter_is_ignored(client, persona, case):
    persona(client, "group_supervisor")
    client.raise_request_exception = False
    response = client.get("/admin/applications/?agency=%C2%B2")
    assert response.status_code == 200 and case.tracking_code in html(response)


def test_staff_registration_recognises_the_same_applicant(client, persona, register):
    from gongkai.applications.actions import fee_for
    from gongkai.applications.repeats import find_repeats

    first = register(arrived=at(2026, 10, 12), description="2026年城区道路大修计划及资金安排")
    persona(client, "officer_a")
    client.post(
        "/admin/applications/new/",
        registration_data(id_document_number="110105 19491231002x"),
    )
    second = Application.objects.get(applicant_name="李四")
    assert [m.application for m in find_repeats(second).repeats] == [first.application]
    assert fee_for(second, "per_piece") == (2, 0)
