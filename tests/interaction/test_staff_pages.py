"""The back-office pages of 政民互动 through HTTP: who sees what, who may act, what is said."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Agency, Department
from gongkai.applications.models import Application
from gongkai.interaction import actions, staff
from gongkai.interaction.models import Campaign, Message, ReplyPolicy

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
QUEUE = "/admin/interaction/"
SETTINGS = "/admin/interaction/settings/"


def user(username):
    return get_user_model().objects.get(username=username)


def department(slug, agency="agency-a"):
    return Department.objects.get(agency__slug=agency, slug=slug)


def submit(agency="agency-a", received=None, **fields) -> Message:
    values = {
        "kind": "inquiry",
        "subject": "关于驾校培训收费的咨询",
        "body": "驾校培训收费标准在哪里公开？",
        "name": "吴十",
        "phone": "13612345678",
        "public_allowed": True,
    }
    values.update(fields)
    return actions.do_submit(Agency.objects.get(slug=agency), received_at=received, **values)[0]


def prepared(state, to="transport", **fields) -> Message:
    message = submit(**fields)
    if state in ("assigned", "drafted", "answered"):
        actions.do_assign(message, department(to), acting_user=user("officer_a"))
    if state in ("drafted", "answered"):
        actions.do_draft_reply(message, "收费标准见本局网站。", acting_user=user("officer_a"))
    if state == "answered":
        actions.do_approve_reply(message, acting_user=user("officer_a"))
    return message


def url(message, action=""):
    return f"/admin/interaction/{message.pk}/" + (f"do/{action}/" if action else "")


def post(client, message, data, **kwargs):
    """Post ``data`` to the form of its ``action``."""
    data = dict(data)
    return client.post(url(message, data.pop("action")), data, **kwargs)


def act(client, page, data, **kwargs):
    """Post ``data`` to its action's own URL, ``<page><action>/``."""
    data = dict(data)
    return client.post(f"{page}{data.pop('action')}/", data, **kwargs)


def snapshot(message):
    row = Message.objects.values("state", "reply", "department_id", "reply_public")
    return row.get(pk=message.pk), ModelLogEntry.objects.for_instance(message).count()


def convert_data(**extra):
    return {
        "action": "convert",
        "applicant_kind": "natural_person",
        "name": "吴十",
        "id_document_type": "id_card",
        "id_document_number": "11010519491231002X",
        "phone": "13612345678",
        "description": "驾校培训收费标准",
        "provision_form": "electronic",
        "delivery_route": "online",
        **extra,
    }


def inside_form(html, action) -> str:
    """The section of the page that holds the form of ``action``."""
    start = html.index(f'<section class="w-panel w-mb-8" id="message-{action}"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("outsider", ["clerk_b", "reviewer_b"])
def test_staff_of_another_agency_get_404_for_the_page_and_every_action(client, persona, outsider):
    message = prepared("drafted")
    before = snapshot(message)
    persona(client, outsider)
    assert client.get(url(message)).status_code == 404
    for data in [
        {"action": "assign", "department": department("transport", "agency-b").pk},
        {"action": "assign", "department": department("office").pk},
        {"action": "draft", "reply": "乙局改写的答复"},
        {"action": "approve", "reply_public": "on"},
        {"action": "redirect", "explanation": "乙局转信访"},
        convert_data(),
    ]:
        assert post(client, message, data).status_code == 404, data
    assert snapshot(message) == before and not Application.objects.exists()


def test_each_agency_queue_lists_only_its_own_open_and_finished_messages(client, persona):
    open_a = prepared("assigned", subject="甲局待办的留言")
    done_a = prepared("answered", subject="甲局办结的留言")
    open_b = submit("agency-b", subject="乙局待办的留言")
    persona(client, "officer_b")
    html = client.get(QUEUE).content.decode()
    assert open_b.tracking_code in html and "答复期限与征集活动设置" in html
    assert open_a.tracking_code not in html and done_a.tracking_code not in html
    persona(client, "clerk_a")  # an editor sees the messages assigned to their department
    html = client.get(QUEUE).content.decode()
    assert open_a.tracking_code in html and done_a.tracking_code in html
    assert open_b.tracking_code not in html
    page = client.get(url(open_a)).content.decode()
    assert url(open_a, "draft") in page and url(open_a, "assign") not in page
    persona(client, "clerk_a_construction")
    html = client.get(QUEUE).content.decode()
    assert open_a.tracking_code not in html and done_a.tracking_code not in html
    assert client.get(url(open_a)).status_code == 404


def test_editors_see_the_writers_phone_masked_and_the_office_in_clear(client, persona):
    from gongkai.casework.models import PersonalDataAccess

    message = prepared("assigned", subject="甲局待办的留言")
    persona(client, "clerk_a")
    page = client.get(url(message)).content.decode()
    assert "13612345678" not in page and "136****5678" in page
    assert not PersonalDataAccess.objects.exists()
    officer = persona(client, "officer_a")
    assert "13612345678" in client.get(url(message)).content.decode()
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.case_kind, access.case_id) == (officer, "message", message.pk)


def test_an_editor_of_another_department_cannot_open_or_draft(client, persona):
    message = prepared("assigned", to="construction")
    before = snapshot(message)
    persona(client, "clerk_a")
    assert client.get(url(message)).status_code == 404
    assert post(client, message, {"action": "draft", "reply": "越权的答复"}).status_code == 404
    assert snapshot(message) == before


def test_supervisor_reads_every_agency_but_gets_no_forms_and_no_settings(client, persona):
    message_a = prepared("drafted", subject="甲局的留言")
    message_b = submit("agency-b", subject="乙局的留言")
    persona(client, "group_supervisor")
    queue = client.get(QUEUE).content.decode()
    assert message_a.tracking_code in queue and message_b.tracking_code in queue
    assert "甲市交通运输局" in queue and "乙市农业农村局" in queue  # the agency column
    assert "答复期限与征集活动设置" not in queue
    page = client.get(url(message_a))
    assert page.status_code == 200 and "甲局的留言" in page.content.decode()
    assert "/do/" not in page.content.decode()
    before = snapshot(message_a)
    assert post(client, message_a, {"action": "approve", "reply_public": "on"}).status_code == 404
    assert snapshot(message_a) == before
    assert client.get(SETTINGS).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    message = prepared("drafted")
    before = snapshot(message)
    for response in (
        client.get(QUEUE),
        post(client, message, {"action": "approve", "reply_public": "on"}),
    ):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert snapshot(message) == before


def test_staff_actions_need_the_csrf_token():
    message = prepared("received")
    before = snapshot(message)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("officer_a"))
    data = {"action": "assign", "department": department("transport").pk}
    assert post(client, message, data).status_code == 403
    assert snapshot(message) == before


@pytest.mark.parametrize(
    ("state", "username", "data", "explanation"),
    [
        ("received", "officer_a", {"action": "assign"}, "请选择承办股室。"),
        ("received", "officer_a", {"action": "assign", "department": -1}, "请选择承办股室。"),
        ("assigned", "clerk_a", {"action": "draft", "reply": " \r\n "}, "答复内容不能为空。"),
        (
            "drafted",
            "clerk_a",
            {"action": "approve", "reply_public": "on"},
            "只有本机关政府信息公开工作机构的人员可以审核答复。",
        ),
        ("drafted", "officer_a", {"action": "approve"}, "答复不公开时必须填写理由。"),
        ("received", "officer_a", {"action": "redirect"}, "请填写转其他渠道的公开说明。"),
        (
            "answered",
            "officer_a",
            {"action": "draft", "reply": "改写已公开的答复"},
            "留言当前状态为“已答复”，不能执行此操作。",
        ),
        (
            "received",
            "officer_a",
            convert_data(id_document_number=" "),
            "请填写证件号码。",
        ),
    ],
)
def test_refused_action_is_explained_in_chinese_and_changes_nothing(
    client, persona, state, username, data, explanation
):
    state, _sep, to = state.partition(":")
    message = prepared(state, to=to or "transport")
    if data.get("department") == -1:  # a department of the other agency
        data = {**data, "department": department("transport", "agency-b").pk}
    before = snapshot(message)
    persona(client, username)
    response = post(client, message, data)
    # The form comes back with the refusal inside it, the page opening at that form.
    assert response.status_code == 200
    html = response.content.decode()
    assert explanation in inside_form(html, data["action"]) and "已保存。" not in html
    assert f'action="{url(message, data["action"])}#message-{data["action"]}"' in html
    assert snapshot(message) == before and not Application.objects.exists()


def test_private_reply_approved_on_the_page_shows_only_its_reason_publicly(client, persona):
    message = prepared("drafted", subject="关于个人驾照扣分的咨询")
    persona(client, "officer_a")
    response = post(
        client, message, {"action": "approve", "private_reason": "涉及个人信息"}, follow=True
    )
    assert "已保存。" in response.content.decode()
    message.refresh_from_db()
    assert message.state == "answered" and message.reply_public is False
    listing = client.get("/messages/agency-a/").content.decode()
    assert "关于个人驾照扣分的咨询" in listing and "涉及个人信息" in listing
    assert "收费标准见本局网站。" not in listing


def test_queue_and_page_mark_a_deadline_counted_without_holiday_data(client, persona):
    message = submit(received=datetime(2099, 12, 28, 10, tzinfo=SHANGHAI))
    persona(client, "officer_a")
    assert "（暂定）" in client.get(QUEUE).content.decode()
    assert "暂定：下一年度节假日安排尚未公布" in client.get(url(message)).content.decode()


@pytest.mark.parametrize(
    ("today", "sections"),
    [
        (date(2020, 11, 4), {"open"}),  # due Mon 9 Nov; two working days on is Fri 6 Nov
        (date(2020, 11, 5), {"due_soon"}),  # two working days on is Mon 9 Nov
        (date(2020, 11, 9), {"due_soon"}),  # the last day
        (date(2020, 11, 10), {"overdue"}),
        (date(2020, 12, 31), {"overdue"}),  # 59 days after receipt
        (date(2021, 1, 1), {"overdue", "alarm"}),  # 2 Nov + 28 + 31 + 1 = 60 days
    ],
)
def test_queue_sections_follow_the_deadline_and_the_alarm_on_both_sides(today, sections):
    # Received Mon 2 Nov 2020: five working days are 3, 4, 5, 6 and 9 November.
    message = submit(received=datetime(2020, 11, 2, 10, tzinfo=SHANGHAI))
    prepared("answered", received=datetime(2020, 11, 2, 10, tzinfo=SHANGHAI))
    found = staff.queue_sections(user("officer_a"), today=today)
    assert {name: [m.pk for m in found[name]] for name in found if found[name]} == {
        name: [message.pk] for name in sections
    }


def test_queue_makes_the_same_queries_for_one_message_or_many(client, persona):
    prepared("assigned")
    persona(client, "officer_a")
    # A second request each time: the first after a change rebuilds the public cache.
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    for state in ("received", "assigned", "drafted", "answered"):
        prepared(state, to="construction")
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as five:
        client.get(QUEUE)
    assert len(five) == len(one)


def test_reply_deadlines_accept_whole_numbers_from_one_to_sixty(client, persona):
    persona(client, "admin_a")
    days = {"inquiry_days": "1", "suggestion_days": "60", "complaint_days": "60"}
    response = act(client, SETTINGS, {"action": "policy", **days}, follow=True)
    assert "已保存。" in response.content.decode()
    for wrong in ({"complaint_days": "61"}, {"inquiry_days": "两"}, {"suggestion_days": ""}):
        response = act(client, SETTINGS, {"action": "policy", **days, **wrong}, follow=True)
        assert "答复期限应为1至60之间的整数（工作日）。" in response.content.decode()
    policy = ReplyPolicy.objects.get(agency__slug="agency-a")
    assert (policy.inquiry_days, policy.suggestion_days, policy.complaint_days) == (1, 60, 60)
    # One working day after Friday 6 November 2020 is Monday 9 November.
    assert submit(received=datetime(2020, 11, 6, 10, tzinfo=SHANGHAI)).due_on == date(2020, 11, 9)


def test_a_campaign_needs_a_title_and_belongs_to_its_agency(client, persona):
    persona(client, "officer_a")
    response = act(client, SETTINGS, {"action": "open_campaign", "title": "  "}, follow=True)
    assert "请填写活动名称。" in response.content.decode() and not Campaign.objects.exists()
    act(client, SETTINGS, {"action": "open_campaign", "title": "征" * 120})
    campaign = Campaign.objects.get()
    assert campaign.title == "征" * 100 and campaign.agency.slug == "agency-a"
    persona(client, "admin_a")
    assert "征" * 100 in client.get(SETTINGS).content.decode()
    persona(client, "reviewer_b")
    assert "征" * 100 not in client.get(SETTINGS).content.decode()
    toggle = {"action": "toggle_campaign", "campaign": campaign.pk}
    assert act(client, SETTINGS, toggle).status_code == 404
    assert Campaign.objects.get().is_open


def test_reading_the_settings_stores_nothing_and_each_change_is_audited(client, persona):
    persona(client, "admin_a")
    assert "留言设置" in client.get(SETTINGS).content.decode()
    assert not ReplyPolicy.objects.exists()  # the defaults are shown, not stored
    days = {"inquiry_days": "3", "suggestion_days": "8", "complaint_days": "9"}
    act(client, SETTINGS, {"action": "policy", **days})
    act(client, SETTINGS, {"action": "open_campaign", "title": "我为甲市献一策"})
    campaign = Campaign.objects.get()
    act(client, SETTINGS, {"action": "toggle_campaign", "campaign": campaign.pk})
    logged = [
        (e.action, e.user.username, e.data)
        for e in ModelLogEntry.objects.filter(action__startswith="gongkai.interaction.")
        .select_related("user")
        .order_by("pk")
    ]
    assert logged == [
        (
            "gongkai.interaction.set_reply_policy",
            "admin_a",
            {
                "old_state": "",
                "new_state": "",
                "data": {
                    "old": {"inquiry": 5, "suggestion": 10, "complaint": 10},
                    "new": {"inquiry": 3, "suggestion": 8, "complaint": 9},
                },
            },
        ),
        (
            "gongkai.interaction.open_campaign",
            "admin_a",
            {"old_state": "", "new_state": "open", "data": {}},
        ),
        (
            "gongkai.interaction.toggle_campaign",
            "admin_a",
            {"old_state": "open", "new_state": "closed", "data": {}},
        ),
    ]


def test_each_action_has_its_own_url_and_the_pages_take_no_post(client, persona):
    message = prepared("received")
    before = snapshot(message)
    persona(client, "officer_a")
    page = client.get(url(message)).content.decode()
    for name in ("assign", "draft", "convert", "redirect"):
        assert f'action="{url(message)}do/{name}/#message-{name}"' in page
    assert 'name="action"' not in page
    settings_page = client.get(SETTINGS).content.decode()
    assert f'action="{SETTINGS}policy/"' in settings_page and 'name="action"' not in settings_page
    assert client.post(url(message), {"action": "assign"}).status_code == 405
    assert client.post(SETTINGS, {"action": "policy"}).status_code == 405
    assert client.post(f"{url(message)}do/publish/", {}).status_code == 404
    assert client.post(f"{SETTINGS}delete_everything/", {}).status_code == 404
    assert client.get(f"{url(message)}do/draft/").status_code == 405
    assert snapshot(message) == before and not ReplyPolicy.objects.exists()
