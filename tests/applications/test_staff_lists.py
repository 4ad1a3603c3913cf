"""The case list, its due-soon and overdue sections, the deadline explanation on the case page
and the dashboard panel, with frozen time."""

from datetime import datetime

import pytest
import time_machine

from gongkai.applications.actions import do_register, do_reply
from gongkai.applications.models import DeadlineChange
from tests.applications.conftest import SHANGHAI, at, d

pytestmark = pytest.mark.django_db


def on(y, m, day):
    return time_machine.travel(datetime(y, m, day, 10, tzinfo=SHANGHAI), tick=False)


def listing(client, query="") -> str:
    response = client.get(f"/admin/applications/{query}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def cases(register, users, agency_b):
    """A case due Mon 2026-10-26, one overdue since September, one answered, one of agency B."""
    soon = register(arrived=at(2026, 9, 21)).application
    late = register(arrived=at(2026, 9, 1)).application
    done = register(arrived=at(2026, 9, 1)).application
    do_reply(
        done,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2026, 9, 10),
        acting_user=users["officer_a"],
        obtain_how="随本告知书提供",
    )
    other = register(
        agency=agency_b, acting_user=users["officer_b"], arrived=at(2026, 9, 1)
    ).application
    return {"soon": soon, "late": late, "done": done, "other": other}


@pytest.mark.parametrize(
    ("day", "section"),
    [
        ((2026, 10, 16), None),  # 6 working days left
        ((2026, 10, 19), "due_soon"),  # 5 working days left
        ((2026, 10, 26), "due_soon"),  # due today
        ((2026, 10, 27), "overdue"),
    ],
)
def test_due_soon_and_overdue_sections_on_both_sides_of_the_limits(
    client, persona, cases, day, section
):
    persona(client, "officer_a")
    code = cases["soon"].tracking_code
    with on(*day):
        due_soon = listing(client, "?section=due_soon")
        overdue = listing(client, "?section=overdue")
    assert (code in due_soon) == (section == "due_soon")
    assert (code in overdue) == (section == "overdue")
    assert cases["late"].tracking_code in overdue and cases["done"].tracking_code not in overdue


def test_sections_are_scoped_per_persona(client, persona, cases):
    with on(2026, 10, 20):
        persona(client, "officer_a")
        html = listing(client, "?section=overdue")
        assert "已逾期（1）" in html and "即将到期（1）" in html
        assert cases["other"].tracking_code not in html
        persona(client, "group_supervisor")
        html = listing(client, "?section=overdue")
        assert cases["late"].tracking_code in html and cases["other"].tracking_code in html
        assert "乙市农业农村局" in html
        filtered = listing(client, f"?section=overdue&agency={cases['other'].agency_id}")
        assert cases["late"].tracking_code not in filtered
        persona(client, "officer_b")
        html = listing(client, "?section=overdue")
        assert cases["other"].tracking_code in html and cases["late"].tracking_code not in html


def test_list_filters_by_state_and_tracking_code(client, persona, cases):
    persona(client, "officer_a")
    replied = listing(client, "?state=replied")
    assert cases["done"].tracking_code in replied and cases["soon"].tracking_code not in replied
    typed = cases["soon"].tracking_code.replace("-", "").lower()
    found = listing(client, f"?q={typed}")
    assert cases["soon"].tracking_code in found and cases["late"].tracking_code not in found
    assert "乙市农业农村局" not in listing(client)  # no agency column for an officer


def test_provisional_deadline_is_flagged_for_officer_and_supervisor(client, persona, register):
    with on(2026, 12, 10):
        app = register(arrived=at(2026, 12, 10)).application  # due in 2027: no schedule yet
        assert app.provisional
        for who in ("officer_a", "group_supervisor"):
            persona(client, who)
            assert "1 件申请的答复期限为暂定" in listing(client)
        persona(client, "officer_a")
        html = client.get(f"/admin/applications/{app.pk}/").content.decode()
        assert "暂定期限：2027 年节假日安排尚未录入" in html


def test_explanation_lists_holidays_and_adjusted_working_days(client, persona, register):
    app = register(arrived=at(2026, 9, 21)).application  # just before National Day
    persona(client, "officer_a")
    with on(2026, 9, 22):
        html = client.get(f"/admin/applications/{app.pk}/").content.decode()
    assert "2026-09-21（星期一） 收到申请，当日不计入期限" in html
    assert "中秋节放假，3 天不计入" in html
    assert "2026-10-01（星期四） 至 2026-10-07（星期三） 国庆节放假，7 天不计入" in html
    assert "2026-10-10（星期六） 为国庆节调休上班日，计为工作日" in html
    assert "答复期限：2026-10-26（星期一）（共计 20 个工作日）" in html


def test_explanation_shows_stops_and_extension(client, persona, register, users):
    from gongkai.applications.actions import do_end_consultation, do_extend, do_start_consultation

    officer = users["officer_a"]
    app = register(arrived=at(2026, 10, 19)).application
    do_start_consultation(
        app, on=d(2026, 10, 20), acting_user=officer, party_name="某公司", matter="是否同意公开"
    )
    do_end_consultation(app, on=d(2026, 10, 23), acting_user=officer, result="agrees")
    do_extend(
        app,
        working_days=5,
        reason="档案",
        approved_by=users["head_a"],
        notice_sent_on=d(2026, 10, 26),
        acting_user=officer,
    )
    persona(client, "officer_a")
    with on(2026, 10, 27):
        html = client.get(f"/admin/applications/{app.pk}/").content.decode()
    assert "征求第三方或其他机关意见，其间 4 个工作日不计入" in html
    assert "延长答复期限 5 个工作日" in html and "共计 25 个工作日" in html


def test_deadline_changes_and_audit_entries_are_in_the_history(client, persona, register):
    app = register(arrived=at(2026, 10, 19)).application
    DeadlineChange.objects.create(
        application=app,
        old_due=d(2027, 1, 4),
        new_due=d(2027, 1, 6),
        old_provisional=True,
        new_provisional=False,
        reason="2027年节假日安排更新",
    )
    persona(client, "officer_a")
    html = client.get(f"/admin/applications/{app.pk}/").content.decode()
    assert "2027年节假日安排更新" in html and "2027-01-06" in html
    assert "登记申请" in html and "officer_a" in html


def test_similar_earlier_application_is_hinted(client, persona, register):
    first = register(arrived=at(2026, 10, 12)).application
    second = register(arrived=at(2026, 10, 19)).application
    persona(client, "officer_a")
    html = client.get(f"/admin/applications/{second.pk}/").content.decode()
    assert f"同一申请人曾于 2026-10-12 提出相似申请（{first.tracking_code}" in html


def test_dashboard_panel_counts_per_persona(client, persona, cases, users, agency_b):
    with on(2026, 10, 20):
        persona(client, "officer_a")
        html = client.get("/admin/").content.decode()
        assert "依申请公开答复期限" in html and "<td>1</td><td>1</td>" in html
        persona(client, "group_supervisor")
        html = client.get("/admin/").content.decode()
        assert "<td>甲市交通运输局</td><td>1</td><td>1</td>" in html
        assert "<td>乙市农业农村局</td><td>0</td><td>1</td>" in html


def test_menu_item_for_the_disclosure_office_not_for_editors(client, persona):
    persona(client, "officer_a")
    assert '"url": "/admin/applications/"' in client.get("/admin/").content.decode()
    persona(client, "clerk_a")
    assert '"url": "/admin/applications/"' not in client.get("/admin/").content.decode()


def test_online_application_without_staff_appears_awaiting_confirmation(client, persona, agency_a):
    reg = do_register(
        agency=agency_a,
        acting_user=None,
        channel="online",
        arrived_at=at(2026, 10, 19),
        applicant_kind="natural_person",
        applicant_name="王五",
        id_document_type="id_card",
        id_document_number="360402199003071232",
        email="wangwu@example.com",
        description="本局2025年政府信息公开工作年度报告的附表",
        provision_form="electronic",
        delivery_route="email",
    )
    persona(client, "officer_a")
    html = listing(client, "?state=awaiting_confirmation")
    assert reg.application.tracking_code in html and "王*" in html
