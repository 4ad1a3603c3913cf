"""Staff handle messages: queue, assign, draft, approve; public listing; privacy; alarms."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.models import ModelLogEntry

from gongkai.agencies.models import Agency, Department
from gongkai.casework import ActionError
from gongkai.interaction import actions
from gongkai.interaction.models import MessageState, ReplyPolicy
from gongkai.workdays.actions import do_store_schedule
from tests.test_workdays_app import schedule_2027

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
ID_NUMBER = "11010519491231002X"


def submit(agency_slug="agency-a", received=None, **fields):
    values = {
        "kind": "inquiry",
        "subject": "关于公交线路调整的咨询",
        "body": "请问12路公交何时恢复？",
        "name": "赵六",
        "phone": "13712345678",
        "public_allowed": True,
    }
    values.update(fields)
    return actions.do_submit(Agency.objects.get(slug=agency_slug), received_at=received, **values)[
        0
    ]


def user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def conversion(**overrides):
    """What the office gathered from the writer, as the public application form asks it."""
    return {
        "applicant_kind": "natural_person",
        "applicant_name": "赵六",
        "id_document_type": "id_card",
        "id_document_number": ID_NUMBER,
        "phone": "13712345678",
        "description": "请公开2020年客运补贴发放明细。",
        "provision_form": "electronic",
        "delivery_route": "email",
        **overrides,
    }


def answer(message, text="12路公交已于本周一恢复运营。", approver="officer_a"):
    transport = Department.objects.get(agency=message.agency, slug="transport")
    actions.do_assign(message, transport, acting_user=user(approver))
    actions.do_draft_reply(message, text, acting_user=user("clerk_a"))
    actions.do_approve_reply(message, acting_user=user(approver))


def test_deadline_counts_working_days_per_kind_and_agency_policy():
    inquiry = submit(received=datetime(2020, 9, 28, 10, tzinfo=SHANGHAI))
    assert inquiry.due_on.isoformat() == "2020-10-12"  # 5 working days over National Day
    complaint = submit(
        kind="complaint", subject="投诉", received=datetime(2020, 9, 28, 10, tzinfo=SHANGHAI)
    )
    assert complaint.due_on.isoformat() == "2020-10-19"  # 10 working days
    ReplyPolicy.objects.create(agency=Agency.objects.get(slug="agency-a"), inquiry_days=3)
    short = submit(subject="短期限", received=datetime(2020, 9, 28, 10, tzinfo=SHANGHAI))
    assert short.due_on.isoformat() == "2020-10-09"


def test_full_handling_publishes_message_and_reply_together(client):
    message = submit()
    assert "关于公交线路调整的咨询" not in client.get("/messages/agency-a/").content.decode()
    answer(message)
    message.refresh_from_db()
    assert message.state == MessageState.ANSWERED and message.reply_workdays == 0
    html = client.get("/messages/agency-a/").content.decode()
    assert "关于公交线路调整的咨询" in html and "12路公交已于本周一恢复运营。" in html
    assert "运输管理股" in html  # 答复部门
    assert "赵六" not in html and "13712345678" not in html
    actions_logged = set(
        ModelLogEntry.objects.filter(object_id=str(message.pk)).values_list("action", flat=True)
    )
    assert {
        "gongkai.interaction.submit",
        "gongkai.interaction.assign",
        "gongkai.interaction.draft_reply",
        "gongkai.interaction.approve_reply",
    } <= actions_logged


def test_personal_information_in_the_text_is_masked_publicly(client):
    message = submit(body=f"我的身份证号是{ID_NUMBER}，电话13612345678，请回电。")
    answer(message)
    html = client.get("/messages/agency-a/").content.decode()
    assert ID_NUMBER not in html and "13612345678" not in html
    assert "1101**********002X" in html


def test_message_not_allowed_public_is_not_listed(client):
    message = submit(subject="不愿公开的咨询", public_allowed=False)
    answer(message)
    assert "不愿公开的咨询" not in client.get("/messages/agency-a/").content.decode()


def test_reply_can_be_kept_private_with_a_reason(client):
    message = submit(subject="涉及个人事项的咨询")
    transport = Department.objects.get(agency=message.agency, slug="transport")
    actions.do_assign(message, transport, acting_user=user("officer_a"))
    actions.do_draft_reply(message, "已电话联系当事人说明。", acting_user=user("clerk_a"))
    with pytest.raises(ActionError):
        actions.do_approve_reply(message, acting_user=user("officer_a"), public=False)
    actions.do_approve_reply(
        message, acting_user=user("officer_a"), public=False, private_reason="涉及个人隐私"
    )
    html = client.get("/messages/agency-a/").content.decode()
    assert (
        "涉及个人事项的咨询" in html
        and "涉及个人隐私" in html
        and "已电话联系当事人说明。" not in html
    )


def test_xss_in_a_message_is_shown_inert(client):
    message = submit(
        subject="<script>alert(1)</script>",
        body='<a href="javascript:alert(2)">点我</a> &amp; &lt;b&gt;',
    )
    answer(message, text="<img src=x onerror=alert(3)>")
    html = client.get("/messages/agency-a/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert '<a href="javascript:' not in html and "<img src=x" not in html
    assert "&amp;amp;" in html  # an entity typed by the writer stays text


def test_editor_of_another_department_cannot_draft_and_editors_cannot_approve():
    message = submit()
    construction = Department.objects.get(agency=message.agency, slug="construction")
    actions.do_assign(message, construction, acting_user=user("officer_a"))
    with pytest.raises(PermissionDenied):
        actions.do_draft_reply(message, "越权答复", acting_user=user("clerk_a"))
    actions.do_draft_reply(message, "答复", acting_user=user("clerk_a_construction"))
    with pytest.raises(PermissionDenied):
        actions.do_approve_reply(message, acting_user=user("clerk_a_construction"))


def test_refused_transition():
    message = submit()
    with pytest.raises(ActionError, match="不能执行此操作"):
        actions.do_approve_reply(message, acting_user=user("officer_a"))


def test_outsider_gets_404_on_staff_pages(client, persona):
    message = submit()
    with pytest.raises(Http404):
        actions.access_message(user("clerk_b"), message.pk)
    persona(client, "clerk_b")
    assert client.get(f"/admin/interaction/{message.pk}/").status_code == 404
    assert message.subject not in client.get("/admin/interaction/").content.decode()
    persona(client, "group_supervisor")
    assert client.get(f"/admin/interaction/{message.pk}/").status_code == 200
    assert (
        client.post(
            f"/admin/interaction/{message.pk}/do/redirect/", {"explanation": "x"}
        ).status_code
        == 404
    )


def test_staff_pages_drive_the_whole_handling(client, persona):
    message = submit()
    transport = Department.objects.get(agency=message.agency, slug="transport")
    persona(client, "officer_a")
    assert message.subject in client.get("/admin/interaction/").content.decode()
    url = f"/admin/interaction/{message.pk}/"
    client.post(url + "do/assign/", {"department": transport.pk})
    persona(client, "clerk_a")
    client.post(url + "do/draft/", {"reply": "已恢复。"})
    persona(client, "officer_a")
    client.post(url + "do/approve/", {"reply_public": "on"})
    message.refresh_from_db()
    assert message.state == MessageState.ANSWERED and message.reply == "已恢复。"


def test_redirect_to_the_proper_channel_is_explained_publicly(client):
    message = submit(subject="举报某单位违规收费")
    actions.do_redirect(
        message, "该事项属于信访举报，已告知留言人通过信访渠道反映。", acting_user=user("officer_a")
    )
    html = client.get("/messages/agency-a/").content.decode()
    assert "举报某单位违规收费" in html and "已告知留言人通过信访渠道反映" in html


def test_rating_once_through_the_tracking_page(client):
    message, secret = actions.do_submit(
        Agency.objects.get(slug="agency-a"),
        kind="suggestion",
        subject="建议增设候车亭",
        body="建议在温泉镇增设候车亭。",
        name="钱七",
        phone="13512345678",
        public_allowed=True,
    )
    answer(message)
    data = {"tracking_code": message.tracking_code, "secret": secret}
    assert (
        "已恢复" not in client.post("/messages/track/", {**data, "secret": "bad"}).content.decode()
    )
    page = client.post("/messages/track/", data).content.decode()
    assert "12路公交已于本周一恢复运营。" in page and "对答复满意吗？" in page
    client.post("/messages/track/", {**data, "rating": "4"})
    message.refresh_from_db()
    assert message.rating == 4
    again = client.post("/messages/track/", {**data, "rating": "1"})
    assert again.status_code == 400 and "只能评价一次" in again.content.decode()
    message.refresh_from_db()
    assert message.rating == 4


def test_wrong_secret_reveals_nothing(client):
    message = submit(subject="不应泄露的标题")
    response = client.post(
        "/messages/track/", {"tracking_code": message.tracking_code, "secret": "guess"}
    )
    assert response.status_code == 400 and "不应泄露的标题" not in response.content.decode()


def test_statistics_json():
    with time_machine.travel(datetime(2020, 10, 12, 15, tzinfo=SHANGHAI), tick=False):
        message = submit(received=datetime(2020, 9, 28, 10, tzinfo=SHANGHAI))
        answer(message)
        submit(
            subject="另一条", kind="complaint", received=datetime(2020, 9, 29, 10, tzinfo=SHANGHAI)
        )
    from django.test import Client

    data = Client().get("/messages/agency-a/statistics.json", {"year": "2020"}).json()
    assert data["kinds"]["inquiry"] == {
        "label": "咨询",
        "received": 1,
        "answered": 1,
        "average_reply_workdays": 5.0,
        "longest_reply_workdays": 5,
    }
    assert (
        data["kinds"]["complaint"]["received"] == 1 and data["kinds"]["complaint"]["answered"] == 0
    )


def test_sixty_day_alarm_rings_once_for_agency_and_supervisor(django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    Agency.objects.filter(slug="agency-a").update(email="office@a.example.gov.cn")
    user("group_supervisor").__class__.objects.filter(username="group_supervisor").update(
        email="sup@example.gov.cn"
    )
    message = submit(received=datetime(2020, 1, 2, 9, tzinfo=SHANGHAI))
    # 59 days after receipt (2 Jan → 1 Mar 2020 is 59 days: 2020 is a leap year).
    with (
        time_machine.travel(datetime(2020, 3, 1, 23, 30, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert actions.send_alarms() == []
    with (
        time_machine.travel(datetime(2020, 3, 2, 0, 30, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        out = StringIO()
        call_command("remind", stdout=out)  # the daily timer
    assert "1 条留言告警" in out.getvalue()
    message.refresh_from_db()
    assert message.alarm_sent_at is not None
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"office@a.example.gov.cn", "sup@example.gov.cn"}
    assert "13712345678" not in mail.outbox[0].body
    with (
        time_machine.travel(datetime(2020, 3, 3, 9, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert actions.send_alarms() == []
    assert len(mail.outbox) == 1


def test_queue_sections_with_frozen_time(client, persona):
    overdue = submit(subject="逾期的咨询", received=datetime(2020, 9, 1, 9, tzinfo=SHANGHAI))
    with time_machine.travel(datetime(2020, 11, 2, 10, tzinfo=SHANGHAI), tick=False):
        persona(client, "officer_a")
        html = client.get("/admin/interaction/").content.decode()
        assert "已逾期" in html and overdue.tracking_code in html
        assert "超过60天未答复" in html
        dashboard = client.get("/admin/").content.decode()
        assert "留言办理提醒" in dashboard


def test_agency_opens_and_closes_a_campaign_and_sets_deadlines(client, persona):
    from gongkai.interaction.models import Campaign

    persona(client, "officer_a")
    client.post("/admin/interaction/settings/open_campaign/", {"title": "我为甲市献一策"})
    campaign = Campaign.objects.get(title="我为甲市献一策")
    assert campaign.is_open and campaign.agency.slug == "agency-a"
    assert "我为甲市献一策" in client.get("/messages/agency-a/new/").content.decode()
    client.post("/admin/interaction/settings/toggle_campaign/", {"campaign": campaign.pk})
    campaign.refresh_from_db()
    assert not campaign.is_open
    assert "我为甲市献一策" not in client.get("/messages/agency-a/new/").content.decode()
    client.post(
        "/admin/interaction/settings/policy/",
        {"inquiry_days": "3", "suggestion_days": "8", "complaint_days": "9"},
    )
    assert ReplyPolicy.objects.get(agency__slug="agency-a").inquiry_days == 3
    response = client.post(
        "/admin/interaction/settings/policy/",
        {"inquiry_days": "0", "suggestion_days": "8", "complaint_days": "9"},
        follow=True,
    )
    assert "答复期限应为1至60之间的整数" in response.content.decode()
    persona(client, "reviewer_b")
    client.post("/admin/interaction/settings/toggle_campaign/", {"campaign": campaign.pk})
    campaign.refresh_from_db()
    assert not campaign.is_open  # another agency's reviewer cannot touch it
    persona(client, "clerk_a")
    assert client.get("/admin/interaction/settings/").status_code == 404


def test_message_that_is_an_application_is_converted_keeping_its_receipt_date(client):
    from gongkai.applications.models import Application

    received = datetime(2020, 9, 28, 10, tzinfo=SHANGHAI)
    message = submit(
        subject="申请公开2020年客运补贴发放明细",
        body="请公开2020年客运补贴发放明细。",
        received=received,
    )
    with pytest.raises(ActionError, match="身份证明"):
        actions.do_convert_to_application(
            message,
            acting_user=user("officer_a"),
            **conversion(id_document_number=""),
        )
    registration = actions.do_convert_to_application(
        message,
        acting_user=user("officer_a"),
        **conversion(),
    )
    application = Application.objects.get(pk=registration.application.pk)
    assert application.received_on == date(2020, 9, 28)
    assert application.applicant_name == "赵六" and "客运补贴" in application.description
    message.refresh_from_db()
    assert message.state == MessageState.REDIRECTED and message.application_id == application.pk
    html = client.get("/messages/agency-a/").content.decode()
    assert "已转按依申请公开程序办理" in html and application.tracking_code not in html
    assert ID_NUMBER not in html and "赵六" not in html


def test_conversion_from_the_staff_page_tells_the_officer_the_codes(client, persona):
    from django.contrib.messages import get_messages

    message = submit(subject="申请公开某路段养护合同")
    persona(client, "officer_a")
    response = client.post(
        f"/admin/interaction/{message.pk}/do/convert/",
        {
            "applicant_kind": "natural_person",
            "name": "赵六",
            "id_document_type": "id_card",
            "id_document_number": ID_NUMBER,
            "phone": "13712345678",
            "description": "某路段养护合同",
            "provision_form": "electronic",
            "delivery_route": "online",
        },
    )
    message.refresh_from_db()
    notices = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert message.application is not None
    assert message.application.tracking_code in notices and "查询密码" in notices


def test_statistics_are_on_the_agency_interaction_column(client):
    answer(submit(subject="栏目页统计用的咨询"))
    html = client.get("/agency-a/interaction/").content.decode()
    assert "留言办理情况" in html and "平均答复用时（工作日）" in html
    assert 'href="/messages/agency-a/new/"' in html


def test_a_stored_holiday_schedule_moves_open_messages_due_dates_with_an_audit_entry():
    # Received Wed 2027-02-10, before the schedule for 2027 exists: the due date counts
    # weekends only. The stored schedule's 春节 (02-15 … 02-23 in the stand-in notice) then
    # pushes it back, and the message's history says so.
    received = datetime(2027, 2, 10, 9, 0, tzinfo=SHANGHAI)
    message = submit(received=received)
    before = message.due_on
    assert message.due_provisional
    do_store_schedule(2027, schedule_2027(), acting_user=None)
    message.refresh_from_db()
    assert message.due_on > before and not message.due_provisional
    entry = ModelLogEntry.objects.get(
        object_id=str(message.pk), action="gongkai.interaction.due_recomputed"
    )
    assert entry.data["data"] == {
        "old_due": before.isoformat(),
        "new_due": message.due_on.isoformat(),
    }
