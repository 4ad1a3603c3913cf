"""The rules the message actions enforce: moves, refusals, audit entries, clock, publication."""

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Agency, Department
from gongkai.applications.models import Application
from gongkai.casework import ActionError
from gongkai.interaction import actions
from gongkai.interaction.models import Message, ReplyPolicy

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
ID_NUMBER = "11010519491231002X"
LISTING = "/messages/agency-a/"
STATE_LABELS = {
    "received": "已受理",
    "assigned": "已转办",
    "drafted": "答复待审核",
    "answered": "已答复",
    "redirected": "已转其他渠道",
}


def user(username):
    return get_user_model().objects.get(username=username)


def department(slug, agency="agency-a"):
    return Department.objects.get(agency__slug=agency, slug=slug)


def write(agency="agency-a", received=None, **fields) -> tuple[Message, str]:
    values = {
        "kind": "inquiry",
        "subject": "关于客运站开放时间的咨询",
        "body": "请问春节期间客运站几点开门？",
        "name": "孙八",
        "phone": "13812345678",
        "public_allowed": True,
        **fields,
    }
    return actions.do_submit(Agency.objects.get(slug=agency), received_at=received, **values)


def submit(agency="agency-a", received=None, **fields) -> Message:
    return write(agency, received, **fields)[0]


def bring_to(state, **fields) -> Message:
    """A message of agency A moved into ``state`` by the usual hands."""
    message = submit(**fields)
    if state == "redirected":
        actions.do_redirect(message, "请通过信访渠道反映。", acting_user=user("officer_a"))
    if state in ("assigned", "drafted", "answered"):
        actions.do_assign(message, department("transport"), acting_user=user("officer_a"))
    if state in ("drafted", "answered"):
        actions.do_draft_reply(message, "草拟的答复。", acting_user=user("clerk_a"))
    if state == "answered":
        actions.do_approve_reply(message, acting_user=user("officer_a"))
    return message


def convert(message, username="officer_a", id_number=ID_NUMBER):
    return actions.do_convert_to_application(
        message,
        acting_user=user(username),
        applicant_kind="natural_person",
        applicant_name="吴十",
        id_document_type="id_card",
        id_document_number=id_number,
        phone="13612345678",
        description="请公开2020年客运补贴发放明细。",
        provision_form="electronic",
        delivery_route="email",
    )


def audit(message):
    entries = ModelLogEntry.objects.for_instance(message).order_by("pk").select_related("user")
    return [(e.action, e.user.username if e.user else None, e.data) for e in entries]


def stored(message):
    return Message.objects.values("state", "reply", "department_id", "replied_at").get(
        pk=message.pk
    )


ATTEMPTS = {
    "assign": lambda m: actions.do_assign(
        m, department("construction"), acting_user=user("officer_a")
    ),
    "draft": lambda m: actions.do_draft_reply(m, "新的答复。", acting_user=user("officer_a")),
    "approve": lambda m: actions.do_approve_reply(m, acting_user=user("officer_a")),
    "redirect": lambda m: actions.do_redirect(m, "转信访。", acting_user=user("officer_a")),
}
TARGET = {"assign": "assigned", "draft": "drafted", "approve": "answered", "redirect": "redirected"}
ACTION_NAME = {
    "assign": "assign",
    "draft": "draft_reply",
    "approve": "approve_reply",
    "redirect": "redirect",
}
# Written out from the rule, not read from the code: a drafted reply is approved, sent back
# or redrafted; an answered or redirected message is final.
ALLOWED = {
    "received": {"assign", "draft", "redirect"},
    "assigned": {"assign", "draft", "redirect"},
    "drafted": {"assign", "draft", "approve"},
    "answered": set(),
    "redirected": set(),
}


@pytest.mark.parametrize("attempt", ATTEMPTS)
@pytest.mark.parametrize("state", ALLOWED)
def test_each_state_allows_only_its_listed_moves(state, attempt):
    message = bring_to(state)
    before, entries = stored(message), len(audit(message))
    if attempt in ALLOWED[state]:
        ATTEMPTS[attempt](message)
        assert stored(message)["state"] == TARGET[attempt]
        action, username, data = audit(message)[-1]
        assert action == f"gongkai.interaction.{ACTION_NAME[attempt]}" and username == "officer_a"
        assert (data["old_state"], data["new_state"]) == (state, TARGET[attempt])
    else:
        expected = f"留言当前状态为“{STATE_LABELS[state]}”，不能执行此操作。"
        with pytest.raises(ActionError) as refused:
            ATTEMPTS[attempt](message)
        assert refused.value.messages == [expected]
        assert stored(message) == before and len(audit(message)) == entries


def test_every_step_of_a_handling_is_audited_with_its_user_and_both_states():
    message = submit()
    actions.do_assign(message, department("construction"), acting_user=user("officer_a"))
    actions.do_assign(message, department("transport"), acting_user=user("officer_a"))
    actions.do_draft_reply(message, "客运站春节期间6点开门。", acting_user=user("clerk_a"))
    actions.do_approve_reply(message, acting_user=user("head_a"))
    actions.do_rate(message, 5)
    assert audit(message) == [
        (
            "gongkai.interaction.submit",
            None,
            {"old_state": "", "new_state": "received", "data": {"kind": "inquiry"}},
        ),
        (
            "gongkai.interaction.assign",
            "officer_a",
            {"old_state": "received", "new_state": "assigned", "data": {"department": "建设股"}},
        ),
        (
            "gongkai.interaction.assign",
            "officer_a",
            {
                "old_state": "assigned",
                "new_state": "assigned",
                "data": {"department": "运输管理股"},
            },
        ),
        (
            "gongkai.interaction.draft_reply",
            "clerk_a",
            {"old_state": "assigned", "new_state": "drafted", "data": {}},
        ),
        (
            "gongkai.interaction.approve_reply",
            "head_a",
            {"old_state": "drafted", "new_state": "answered", "data": {"public": True}},
        ),
        (
            "gongkai.interaction.rate",
            None,
            {"old_state": "answered", "new_state": "answered", "data": {"rating": 5}},
        ),
    ]


def test_no_audit_entry_holds_the_writers_name_phone_or_id_number():
    message = submit(name="孙八", phone="13812345678")
    convert(message)
    application = Application.objects.get(from_message=message)
    assert audit(message)[-1] == (
        "gongkai.interaction.convert_to_application",
        "officer_a",
        {
            "old_state": "received",
            "new_state": "redirected",
            "data": {"application": application.pk},
        },
    )
    everything = json.dumps(
        list(ModelLogEntry.objects.values_list("label", "data")), ensure_ascii=False
    )
    for secret in ("孙八", "13812345678", ID_NUMBER):
        assert secret not in everything


def test_converting_a_message_already_answered_registers_no_application():
    message = bring_to("answered")
    with pytest.raises(ActionError, match="“已答复”"):
        convert(message)
    assert not Application.objects.exists()
    assert Message.objects.get(pk=message.pk).application_id is None


def test_a_message_is_assigned_only_to_a_department_of_its_own_agency():
    message = submit()
    with pytest.raises(ActionError) as refused:
        actions.do_assign(
            message, department("transport", "agency-b"), acting_user=user("officer_a")
        )
    assert refused.value.messages == ["只能转办给本机关的股室。"]
    assert stored(message)["department_id"] is None and stored(message)["state"] == "received"


def test_editors_may_not_assign_approve_redirect_or_convert():
    message = bring_to("drafted")
    clerk = user("clerk_a")
    refused = [
        lambda: actions.do_assign(message, department("office"), acting_user=clerk),
        lambda: actions.do_approve_reply(message, acting_user=clerk),
        lambda: actions.do_redirect(message, "转信访。", acting_user=clerk),
        lambda: convert(message, "clerk_a"),
    ]
    for attempt in refused:
        with pytest.raises(
            PermissionDenied,
            match="只有本机关政府信息公开工作机构的人员可以(审核答复|办理本机关的申请)",
        ):
            attempt()
    assert stored(message)["state"] == "drafted" and not Application.objects.exists()


def test_a_blank_reply_is_refused_and_a_reply_is_saved_trimmed_with_its_department():
    message = bring_to("assigned")
    with pytest.raises(ActionError) as refused:
        actions.do_draft_reply(message, " \n\u3000 ", acting_user=user("clerk_a"))
    assert refused.value.messages == ["答复内容不能为空。"]
    with pytest.raises(ActionError) as refused:
        actions.do_redirect(message, "  ", acting_user=user("officer_a"))
    assert refused.value.messages == ["请填写转其他渠道的公开说明。"]
    assert stored(message) == {
        "state": "assigned",
        "reply": "",
        "department_id": department("transport").pk,
        "replied_at": None,
    }
    actions.do_draft_reply(message, "  6点开门。\n", acting_user=user("clerk_a"))
    message.refresh_from_db()
    assert message.reply == "6点开门。" and message.reply_drafted_by == user("clerk_a")
    assert message.reply_department == department("transport")


def test_private_reason_is_kept_only_for_a_private_reply():
    public = bring_to("drafted")
    actions.do_approve_reply(public, acting_user=user("officer_a"), private_reason="多余的理由")
    private = bring_to("drafted")
    actions.do_approve_reply(
        private, acting_user=user("officer_a"), public=False, private_reason="  涉及个人隐私 "
    )
    public.refresh_from_db()
    private.refresh_from_db()
    assert (public.reply_public, public.reply_private_reason) == (True, "")
    assert (private.reply_public, private.reply_private_reason) == (False, "涉及个人隐私")
    assert audit(private)[-1][2] == {
        "old_state": "drafted",
        "new_state": "answered",
        "data": {"public": False},
    }


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # 27 Sep 2020 (a Sunday worked for National Day) is the day of receipt: not counted.
        (datetime(2020, 9, 27, 15, 59, 59, tzinfo=UTC), date(2020, 10, 10)),
        # One second later it is 28 Sep in Shanghai: 29, 30 Sep, 9, 10 (Sat, worked), 12 Oct.
        (datetime(2020, 9, 27, 16, 0, 0, tzinfo=UTC), date(2020, 10, 12)),
    ],
)
def test_deadline_counts_from_the_day_of_receipt_in_shanghai(received, due):
    assert submit(received=received).due_on == due


def test_each_kind_and_each_agency_has_its_own_deadline_policy():
    ReplyPolicy.objects.create(
        agency=Agency.objects.get(slug="agency-a"), suggestion_days=2, complaint_days=15
    )
    ReplyPolicy.objects.create(agency=Agency.objects.get(slug="agency-b"), inquiry_days=1)
    monday = datetime(2020, 11, 2, 10, tzinfo=SHANGHAI)  # November 2020 has no holiday
    assert submit(received=monday, kind="suggestion").due_on == date(2020, 11, 4)
    assert submit(received=monday, kind="complaint").due_on == date(2020, 11, 23)
    assert submit(received=monday, kind="inquiry").due_on == date(2020, 11, 9)  # default 5
    assert submit("agency-b", received=monday).due_on == date(2020, 11, 3)


def test_deadline_running_into_a_year_without_holiday_data_is_provisional():
    inside = submit(received=datetime(2026, 12, 21, 10, tzinfo=SHANGHAI))
    assert (inside.due_on, inside.due_provisional) == (date(2026, 12, 28), False)
    # No schedule for 2099 and 2100: by weekday, and with the festival law's fixed days, from
    # Monday 28 December 2099 the fifth working day is Tuesday 5 January 2100 (29, 30, 31 Dec,
    # Mon 4 Jan, Tue 5 Jan; Fri 1 Jan is 元旦).
    across = submit(received=datetime(2099, 12, 28, 10, tzinfo=SHANGHAI))
    assert (across.due_on, across.due_provisional) == (date(2100, 1, 5), True)


@pytest.mark.parametrize(
    ("approved", "workdays"),
    [
        (datetime(2020, 10, 8, 15, 59, 59, tzinfo=UTC), 2),  # 8 Oct, a holiday: 29, 30 Sep
        (datetime(2020, 10, 8, 16, 0, 0, tzinfo=UTC), 3),  # 9 Oct in Shanghai, a working day
    ],
)
def test_reply_time_counts_working_days_to_the_approval_in_shanghai(approved, workdays):
    message = bring_to("drafted", received=datetime(2020, 9, 28, 10, tzinfo=SHANGHAI))
    with time_machine.travel(approved, tick=False):
        actions.do_approve_reply(message, acting_user=user("officer_a"))
    message.refresh_from_db()
    assert message.reply_workdays == workdays and message.replied_at == approved


def test_rating_waits_for_the_answer_and_accepts_one_to_five_stars_once():
    drafted = bring_to("drafted")
    with pytest.raises(ActionError, match="答复之后才能评价。"):
        actions.do_rate(drafted, 5)
    answered = bring_to("answered")
    for wrong in (0, 6):
        with pytest.raises(ActionError, match="评价应为1至5星。"):
            actions.do_rate(answered, wrong)
    actions.do_rate(answered, 1)
    with pytest.raises(ActionError, match="每条留言只能评价一次。"):
        actions.do_rate(answered, 5)
    assert Message.objects.get(pk=answered.pk).rating == 1


def test_tracking_accepts_what_a_person_types_and_nothing_else():
    message, secret = write()
    _other, other_secret = write(subject="另一条")
    assert actions.find_by_tracking(f" {message.tracking_code.lower()} ", f" {secret} ") == message
    assert actions.find_by_tracking(message.tracking_code, other_secret) is None
    assert actions.find_by_tracking("LY00000000", secret) is None


def test_the_sixty_day_alarm_skips_finished_and_younger_messages(
    django_capture_on_commit_callbacks,
):
    january_2 = datetime(2020, 1, 2, 9, tzinfo=SHANGHAI)
    sixty_days, drafted = submit(received=january_2), bring_to("drafted", received=january_2)
    submit(received=datetime(2020, 1, 3, 9, tzinfo=SHANGHAI))  # 59 days
    bring_to("answered", received=january_2)
    bring_to("redirected", received=january_2)
    # 2 Jan + 60 days = 2 Mar 2020 (29 days in February). Nobody has an address: no mail.
    with django_capture_on_commit_callbacks(execute=True):
        alarmed = actions.send_alarms(today=date(2020, 3, 2))
    assert {m.pk for m in alarmed} == {sixty_days.pk, drafted.pk}
    assert Message.objects.filter(alarm_sent_at__isnull=False).count() == 2
    assert mail.outbox == []


def listing_text(client, **params) -> str:
    return client.get(LISTING, params).content.decode()


def test_only_finished_messages_whose_writers_agreed_are_published(client):
    for state in ("received", "assigned", "drafted", "answered", "redirected"):
        bring_to(state, subject=f"状态{STATE_LABELS[state]}的留言")
    bring_to("answered", subject="不同意公开的留言", public_allowed=False)
    other = submit("agency-b", subject="乙局的留言")
    actions.do_redirect(other, "转信访。", acting_user=user("officer_b"))
    html = listing_text(client)
    assert "状态已答复的留言" in html and "状态已转其他渠道的留言" in html
    for hidden in ("已受理的留言", "已转办的留言", "答复待审核的留言", "不同意公开", "乙局的留言"):
        assert hidden not in html
    assert html.count("草拟的答复。") == 1  # only the approved one; the pending draft is not


def test_listing_shows_fifteen_messages_a_page_newest_reply_first(client):
    for number in range(1, 17):
        message = submit(subject=f"第{number:02d}号留言")
        with time_machine.travel(datetime(2020, 11, number, 9, tzinfo=SHANGHAI), tick=False):
            actions.do_redirect(message, "转信访。", acting_user=user("officer_a"))
    first, second = listing_text(client), listing_text(client, page=2)
    assert first.index("第16号留言") < first.index("第15号留言") < first.index("第02号留言")
    assert "第01号留言" not in first and first.count("号留言") == 15
    assert "第01号留言" in second and second.count("号留言") == 1


def test_listing_makes_the_same_queries_for_one_message_or_many(client):
    # Each count is of a second request: the first after a change rebuilds what the public
    # pages cache (catalog/public_cache.py) and costs more, whatever the number of messages.
    bring_to("answered")
    listing_text(client)
    with CaptureQueriesContext(connection) as one:
        listing_text(client)
    for _ in range(4):
        bring_to("answered")
    listing_text(client)
    with CaptureQueriesContext(connection) as five:
        listing_text(client)
    assert len(five) == len(one)


def test_writers_name_phone_address_and_id_number_never_reach_the_public(client):
    message, secret = write(
        subject="门口路灯坏了",
        body=f"住址：江西省九江市浔阳区庐山南路88号，身份证号{ID_NUMBER}，电话13812345678。",
    )
    actions.do_assign(message, department("transport"), acting_user=user("officer_a"))
    actions.do_draft_reply(message, "已致电13812345678，路灯已修复。", acting_user=user("clerk_a"))
    actions.do_approve_reply(message, acting_user=user("officer_a"))
    pages = {
        "listing": listing_text(client),
        "statistics": client.get("/messages/agency-a/statistics.json").content.decode(),
        "tracking": client.post(
            "/messages/track/", {"tracking_code": message.tracking_code, "secret": secret}
        ).content.decode(),
    }
    assert "门口路灯坏了" in pages["listing"] and "路灯已修复" in pages["tracking"]
    assert "138****5678" in pages["listing"] and "1101**********002X" in pages["listing"]
    for name, html in pages.items():
        assert "孙八" not in html, name
    for name in ("listing", "statistics"):
        for secret_text in ("13812345678", ID_NUMBER, "庐山南路88号"):
            assert secret_text not in pages[name], (name, secret_text)


def test_writer_sees_the_reply_only_once_it_is_approved(client):
    message, secret = write(subject="何时开通夜班公交")
    actions.do_draft_reply(message, "尚在审核的答复。", acting_user=user("officer_a"))
    credentials = {"tracking_code": message.tracking_code, "secret": secret}
    pending = client.post("/messages/track/", credentials).content.decode()
    assert "答复待审核" in pending and "尚在审核的答复。" not in pending
    actions.do_approve_reply(
        message, acting_user=user("officer_a"), public=False, private_reason="涉及个人事项"
    )
    answered = client.post("/messages/track/", credentials).content.decode()
    assert "尚在审核的答复。" in answered  # the writer reads a reply kept off the listing
    assert "尚在审核的答复。" not in listing_text(client)
    for rating in ("abc", "9"):
        response = client.post("/messages/track/", {**credentials, "rating": rating})
        assert response.status_code == 400 and "评价应为1至5星。" in response.content.decode()
    assert Message.objects.get(pk=message.pk).rating is None


# --- across agencies, in the actions themselves ------------------------------------------


@pytest.mark.parametrize("username", ["reviewer_b", "group_supervisor"])
def test_staff_of_another_agency_cannot_act_on_a_message(username):
    message = submit()
    other = user(username)
    with pytest.raises(PermissionDenied):
        actions.do_assign(message, department("transport"), acting_user=other)
    with pytest.raises(PermissionDenied):
        actions.do_redirect(message, "请通过信访渠道反映。", acting_user=other)
    with pytest.raises(PermissionDenied):
        actions.do_draft_reply(message, "越权起草的答复。", acting_user=other)
    message.refresh_from_db()
    assert (message.state, message.reply) == ("received", "")


def test_another_agencys_reviewer_cannot_approve_a_drafted_reply():
    message = bring_to("drafted")
    with pytest.raises(PermissionDenied):
        actions.do_approve_reply(message, acting_user=user("reviewer_b"))
    message.refresh_from_db()
    assert message.state == "drafted"


def test_only_own_agency_staff_may_write_a_superuser_without_a_profile_reads():
    message = submit()
    root = get_user_model().objects.create_superuser(username="root", password="x")
    assert actions.can_write(user("officer_a"), message)
    assert not actions.can_write(user("reviewer_b"), message)
    assert not actions.can_write(user("group_supervisor"), message)
    assert not actions.can_write(root, message)


# --- personal information written by staff or in subjects ----------------------------------


def test_a_redirect_explanation_and_a_private_reason_are_masked_in_public(client):
    redirected = submit(subject="第一条")
    actions.do_redirect(
        redirected,
        "已电话联系13612345678告知，身份证11010519491231002X",
        acting_user=user("officer_a"),
    )
    private = bring_to("drafted", subject="第二条")
    actions.do_approve_reply(
        private,
        acting_user=user("officer_a"),
        public=False,
        private_reason="涉及申请人13712345678的个人信息",
    )
    html = client.get(LISTING).content.decode()
    for number in ("13612345678", "11010519491231002X", "13712345678"):
        assert number not in html
    assert "已电话联系136****5678告知，身份证1101**********002X" in html
    assert "涉及申请人137****5678的个人信息" in html


def test_the_subject_is_not_the_label_of_audit_entries():
    message = submit(subject="我的电话13612345678请回电")
    actions.do_assign(message, department("transport"), acting_user=user("officer_a"))
    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels and all("13612345678" not in label for label in labels)
    assert str(message) == message.tracking_code


def test_a_carried_over_reply_keeps_its_own_time_within_the_message_s_life():
    message = bring_to("drafted")
    received = Message.objects.get(pk=message.pk).received_at
    with pytest.raises(ActionError, match="答复时间"):
        actions.do_approve_reply(
            message, acting_user=user("officer_a"), replied_at=datetime(2000, 1, 1, tzinfo=UTC)
        )
    with pytest.raises(ActionError, match="答复时间"):
        actions.do_approve_reply(
            message, acting_user=user("officer_a"), replied_at=datetime(2999, 1, 1, tzinfo=UTC)
        )
    assert stored(message)["state"] == "drafted"
    actions.do_approve_reply(message, acting_user=user("officer_a"), replied_at=received)
    assert stored(message)["state"] == "answered"
    assert stored(message)["replied_at"] == received
