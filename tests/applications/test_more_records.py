"""What the records feed: reminders near deadlines, repeat-application hints, the deadline
lists, tables 三 and 四 of the annual report, and the reply letter's content."""

import pytest
from django.core import mail

from gongkai.applications.actions import (
    do_close_unanswered,
    do_confirm_receipt,
    do_reply,
    do_request_correction,
    do_send_fee_notice,
    do_transfer,
    do_withdraw,
)
from gongkai.applications.letters import letter_content
from gongkai.applications.models import Outcome, ReminderKind
from gongkai.applications.queries import deadline_lists
from gongkai.applications.reminders import recipients, send_reminders
from gongkai.applications.repeats import EXCESSIVE_PER_MONTH, find_repeats, similarity
from gongkai.applications.reporting import t3_cells
from gongkai.disputes.actions import do_conclude_remedy, do_record_remedy
from gongkai.disputes.reporting import t4_cells
from gongkai.rules.formats import load_format
from tests.applications.conftest import at, d, on_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(users):
    for name in ("officer_a", "admin_a", "clerk_a", "reviewer_b", "group_supervisor"):
        users[name].email = f"{name}@example.gov.cn"
        users[name].save()
    return users


# --- reminders ------------------------------------------------------------------------------


def test_reminders_reach_the_disclosure_office_only_and_supervisors_when_late(register, emails):
    app = register(arrived=at(2026, 9, 21)).application
    # The agency admin lists cases but does not handle them: not reminded.
    assert recipients(app, ReminderKind.DUE_SOON) == ["officer_a@example.gov.cn"]
    assert recipients(app, ReminderKind.OVERDUE) == [
        "group_supervisor@example.gov.cn",
        "officer_a@example.gov.cn",
    ]
    emails["officer_a"].email = ""
    emails["officer_a"].save()
    assert recipients(app, ReminderKind.DUE_SOON) == []
    assert recipients(app, ReminderKind.OVERDUE) == ["group_supervisor@example.gov.cn"]


def test_reminder_texts(register, emails, django_capture_on_commit_callbacks):
    app = register(arrived=at(2026, 9, 21)).application
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=d(2026, 10, 19))
        send_reminders(today=d(2026, 10, 27))
    soon, late = mail.outbox
    assert soon.subject == f"依申请公开即将到期提醒：{app.tracking_code}"
    assert soon.body == (
        f"申请 {app.tracking_code}（甲市交通运输局）将于 2026-10-26 到期，剩余 5 个工作日。"
    )
    assert late.subject == f"依申请公开已逾期提醒：{app.tracking_code}"
    assert late.body == f"申请 {app.tracking_code}（甲市交通运输局）已超过答复期限 2026-10-26。"
    assert (
        "group_supervisor@example.gov.cn" in late.to
        and "group_supervisor@example.gov.cn" not in soon.to
    )


def test_a_case_first_seen_overdue_gets_only_the_overdue_reminder(register, emails):
    register(arrived=at(2026, 9, 21))
    assert [r.kind for r in send_reminders(today=d(2026, 10, 28))] == [ReminderKind.OVERDUE]
    assert send_reminders(today=d(2026, 10, 29)) == []


def test_an_agency_without_a_disclosure_office_still_records_the_reminder(
    register, emails, agency_b, django_capture_on_commit_callbacks
):
    register(agency=agency_b, acting_user=emails["officer_b"], arrived=at(2026, 9, 21))
    with django_capture_on_commit_callbacks(execute=True):
        (soon,) = send_reminders(today=d(2026, 10, 19))
    assert (soon.kind, soon.recipients) == (ReminderKind.DUE_SOON, [])
    assert mail.outbox == []  # the reviewer is not the disclosure office
    (late,) = send_reminders(today=d(2026, 10, 27))
    assert late.recipients == ["group_supervisor@example.gov.cn"]


def test_stopped_clocks_are_not_reminded(register, officer, emails):
    waiting = register(arrived=at(2026, 9, 21)).application
    do_request_correction(
        waiting,
        on=d(2026, 9, 22),
        correct_by=d(2026, 10, 15),
        acting_user=officer,
        note="请写明所需信息的具体名称和年份",
    )
    fee = register(arrived=at(2026, 9, 21)).application
    do_send_fee_notice(
        fee,
        method="per_volume",
        pages=150,
        sent_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    assert send_reminders(today=d(2026, 11, 30)) == []


@pytest.mark.parametrize(("today", "sent"), [(d(2026, 12, 30), False), (d(2026, 12, 31), True)])
def test_provisional_deadline_is_reminded_as_such(
    register, emails, today, sent, django_capture_on_commit_callbacks
):
    # Received Thu 12-10, due Fri 2027-01-08 counting weekends and 元旦 (a fixed day of the
    # festival law). From Wed 12-30 that is six working days (12-31, 01-04 … 01-08); from
    # Thu 12-31 five.
    app = register(arrived=at(2026, 12, 10)).application
    assert (app.reply_due, app.provisional) == (d(2027, 1, 8), True)
    with django_capture_on_commit_callbacks(execute=True):
        reminders = send_reminders(today=today)
    assert bool(reminders) is sent
    if sent:
        assert mail.outbox[0].body.endswith("将于 2027-01-08（暂定） 到期，剩余 5 个工作日。")


# --- repeats ---------------------------------------------------------------------------------


def test_similarity_threshold_is_inclusive(register):
    # {公交,交线,线路,路表} against {公交,交线}: 2 of 4 = 0.5; one bigram more, 2 of 5.
    assert similarity("公交线路表", "公交线") == 0.5
    first = register(description="公交线路表").application
    register(description="公交线路表格")
    new = register(description="公交线").application
    report = find_repeats(new)
    assert [(m.application, m.score) for m in report.repeats] == [(first, 0.5)]
    assert report.explanations()[0] == (
        f"同一申请人曾于 2026-09-21 提出相似申请（{first.tracking_code}，相似度 50%），"
        "可依第三十六条第（六）项不予重复处理"
    )


def test_document_number_counts_in_the_comparison(register):
    first = register(description="请提供文件", document_number="甲交〔2026〕12号").application
    new = register(description="申请该文件", document_number="甲交〔2026〕12号").application
    assert [m.application for m in find_repeats(new).repeats] == [first]
    alone = register(description="申请该文件").application
    assert find_repeats(alone).repeats == []


def test_only_earlier_applications_are_compared(register):
    first = register().application
    register()
    assert find_repeats(first).repeats == [] and find_repeats(first).applications_this_month == 1


def test_same_number_on_another_document_is_another_applicant(register):
    register(id_document_type="passport")
    new = register().application
    report = find_repeats(new)
    assert report.repeats == [] and len(report.same_information) == 1
    assert report.applications_this_month == 1
    assert report.explanations() == [
        "另有 1 件其他申请人的相似申请，可考虑依第四十四条纳入主动公开"
    ]


def test_ten_a_month_is_not_yet_excessive(register):
    for day in range(1, EXCESSIVE_PER_MONTH):
        register(arrived=at(2026, 9, day), description=f"第{day}号文件")
    register(arrived=at(2026, 9, 10), description="另一人", id_document_number="110105199001010011")
    tenth = find_repeats(register(arrived=at(2026, 9, 20), description="其他").application)
    assert tenth.applications_this_month == 10 and not tenth.excessive
    assert not any("第三十五条" in line for line in tenth.explanations())


def test_an_unconfirmed_application_counts_in_the_month_it_arrived(register):
    register(acting_user=None, channel="online", arrived_at=at(2026, 8, 31, 22), description="甲")
    register(acting_user=None, channel="online", arrived_at=at(2026, 9, 1, 8), description="乙")
    report = find_repeats(register(arrived=at(2026, 9, 2), description="丙").application)
    assert report.applications_this_month == 2


# --- deadline lists ----------------------------------------------------------------------------


def test_lists_skip_stopped_clocks_and_sort_by_due(register, officer, users):
    later = register(arrived=at(2026, 9, 23)).application  # due 10-28
    sooner = register(arrived=at(2026, 9, 21)).application  # due 10-26
    waiting = register(arrived=at(2026, 9, 21)).application
    do_request_correction(
        waiting,
        on=d(2026, 9, 22),
        correct_by=d(2026, 10, 15),
        acting_user=officer,
        note="请写明所需信息的具体名称和年份",
    )
    assert later.reply_due == d(2026, 10, 28)
    lists = deadline_lists(officer, today=d(2026, 10, 22))
    assert [c.application for c in lists.due_soon] == [sooner, later]
    assert [c.status.working_days_left for c in lists.due_soon] == [2, 4]
    lists = deadline_lists(officer, today=d(2026, 10, 27))
    assert [c.application for c in lists.overdue] == [sooner]
    assert lists.overdue[0].status.working_days_left == -1


# --- table 三 and 四 ---------------------------------------------------------------------------


def balanced(agency, year):
    for format_id in ("gb2019", "gb2021"):
        results = load_format(format_id).evaluate(t3_cells(agency, year, format_id))
        checked = [
            r for r in results if r.rule in ("T3_BALANCE", "T3_ROW_TOTAL", "T3_RESULTS_TOTAL")
        ]
        assert checked and all(r.status == "pass" for r in checked), (format_id, checked)


def test_a_transferred_case_counts_only_where_it_ended(
    register, officer, users, agency_a, agency_b
):
    app = register(arrived=at(2026, 3, 2)).application
    app = do_transfer(app, to_agency=agency_b, reason="属乙局职责", acting_user=officer)
    do_reply(
        app,
        outcome="art36_2_disclose",
        text="公开",
        replied_on=d(2026, 3, 20),
        acting_user=users["officer_b"],
        obtain_how="随本告知书提供",
    )
    a, b = t3_cells(agency_a, 2026), t3_cells(agency_b, 2026)
    assert (a["t3.new_received.total"], a["t3.results_total.total"]) == (0, 0)
    assert (b["t3.new_received.total"], b["t3.granted.natural_person"]) == (1, 1)
    balanced(agency_a, 2026)
    balanced(agency_b, 2026)


def test_fee_unpaid_and_organisation_columns(register, officer, agency_a):
    app = register(
        arrived=at(2026, 9, 21),
        applicant_kind="legal_person",
        applicant_name="某基金会",
        organisation_type="public_welfare",
    ).application
    do_send_fee_notice(
        app,
        method="per_volume",
        pages=150,
        sent_on=d(2026, 9, 22),
        acting_user=officer,
        how_to_pay="缴入本机关指定的非税收入账户",
    )
    do_close_unanswered(app, on=d(2026, 10, 28), acting_user=officer)  # payment due 10-27
    other = register(
        arrived=at(2026, 9, 21),
        applicant_kind="legal_person",
        applicant_name="某协会",
        organisation_type="other_org",
    ).application
    do_reply(
        other,
        outcome=Outcome.NP_PETITION,
        text="信访事项",
        replied_on=d(2026, 9, 30),
        acting_user=officer,
        turn_to="向本市信访局反映",
    )
    cells_2021 = t3_cells(agency_a, 2026, "gb2021")
    assert cells_2021["t3.other_fee_unpaid.public_welfare"] == 1
    assert cells_2021["t3.np_petition.other_org"] == 1
    assert (
        cells_2021["t3.new_received.public_welfare"] == cells_2021["t3.new_received.other_org"] == 1
    )
    assert cells_2021["t3.results_total.natural_person"] == 0
    assert t3_cells(agency_a, 2026, "gb2019")["t3.other.public_welfare"] == 1
    balanced(agency_a, 2026)


def test_an_application_withdrawn_before_confirmation_crosses_the_year(register, agency_a):
    app = register(acting_user=None, channel="online", arrived_at=at(2026, 12, 30, 20)).application
    with on_day(2027, 1, 4):
        do_withdraw(app, on=d(2027, 1, 4), acting_user=None)
    cells_2026 = t3_cells(agency_a, 2026, "gb2021")
    assert cells_2026["t3.new_received.natural_person"] == 1
    assert cells_2026["t3.carried_out.natural_person"] == 1
    cells_2027 = t3_cells(agency_a, 2027, "gb2021")
    assert cells_2027["t3.carried_in.natural_person"] == 1
    assert cells_2027["t3.other_other.natural_person"] == 1
    assert cells_2027["t3.new_received.total"] == 0
    balanced(agency_a, 2026)
    balanced(agency_a, 2027)


def test_a_confirmation_in_january_makes_it_next_years_application(register, officer, agency_a):
    app = register(channel="fax", arrived=at(2026, 12, 31, 16)).application
    with on_day(2027, 1, 4):
        do_confirm_receipt(app, confirmed_on=d(2027, 1, 4), acting_user=officer)
    assert t3_cells(agency_a, 2026, "gb2021")["t3.new_received.total"] == 0
    assert t3_cells(agency_a, 2027, "gb2021")["t3.new_received.total"] == 1
    balanced(agency_a, 2026)


def test_t4_counts_a_remedy_filed_in_one_year_and_decided_in_the_next_in_both(
    register, officer, agency_a
):
    app = register(arrived=at(2025, 11, 3)).application
    do_reply(
        app,
        outcome=Outcome.DENIED_PROCESS,
        text="过程性信息",
        replied_on=d(2025, 11, 20),
        acting_user=officer,
        refusal_reason="经审查，属于该项情形",
    )
    review = do_record_remedy(app, kind="review", filed_on=d(2025, 12, 20), acting_user=officer)
    do_conclude_remedy(review, decision="revoked", concluded_on=d(2026, 1, 10), acting_user=officer)
    do_record_remedy(
        app, kind="after_review", review=review, filed_on=d(2026, 1, 20), acting_user=officer
    )
    cells_2025, cells_2026 = t4_cells(agency_a, 2025), t4_cells(agency_a, 2026)
    # 2025: filed, not decided by 31 December.
    assert (cells_2025["t4.count.review_pending"], cells_2025["t4.count.review_corrected"]) == (
        1,
        0,
    )
    # 2026: decided (撤销 → 结果纠正), counted again; the lawsuit filed in 2026 is pending.
    assert (cells_2026["t4.count.review_corrected"], cells_2026["t4.count.review_total"]) == (
        1,
        1,
    )
    assert cells_2026["t4.count.review_pending"] == 0
    assert (
        cells_2026["t4.count.after_review_pending"]
        == cells_2026["t4.count.after_review_total"]
        == 1
    )


# --- the reply letter ------------------------------------------------------------------------


def test_letter_of_a_transferred_case_is_from_the_agency_that_answered(
    register, officer, users, agency_b
):
    app = register(arrived=at(2026, 9, 21)).application
    app = do_transfer(app, to_agency=agency_b, reason="职责", acting_user=officer)
    reply = do_reply(
        app,
        outcome=Outcome.UNABLE_NOT_THIS_AGENCY,
        text="第一段。\n\n   \n  第二段。  ",
        replied_on=d(2026, 10, 20),
        acting_user=users["officer_b"],
        responsible_agency="九江市交通运输局",
        responsible_contact="0792-0000000",
    )
    letter = letter_content(reply)
    assert letter.agency == "乙市农业农村局"
    # The sequence of the agency that answered (its first document of the year).
    assert letter.reference == "乙农依申〔2026〕1号"
    assert letter.reply == (
        "经查，您申请获取的政府信息不属于本机关负责公开。负责公开该政府信息的行政机关为"
        "九江市交通运输局，联系方式：0792-0000000。",
        "第一段。",
        "第二段。",
    )
    assert letter.contact == "联系地址：江西省九江市某路1号；联系电话：0792-1234567。"
    assert letter.date == "2026年10月20日"
    # 7 characters of name over a date 7 characters wide (8 half-width digits): no offset.
    assert letter.agency_indent == 4
    assert "第三十六条第五项" in letter.decision


def test_letter_counts_from_the_confirmation_and_masks_a_landline(register, officer, agency_a):
    app = register(
        channel="ordinary_letter", arrived=at(2026, 9, 17), phone="0792-1234567"
    ).application
    do_confirm_receipt(
        app, confirmed_on=d(2026, 9, 18), acting_user=officer, late_reason="周末无人值守"
    )
    agency_a.address = agency_a.phone = ""
    agency_a.save()
    reply = do_reply(
        app,
        outcome=Outcome.DISCLOSED,
        text="公开",
        replied_on=d(2026, 9, 30),
        acting_user=officer,
        obtain_how="随本告知书提供",
    )
    letter = letter_content(reply)
    assert letter.receipt.startswith("本机关于2026年9月18日收到您提出的政府信息公开申请")
    assert (
        letter.applicant == "申请人：张三（居民身份证110*************2X，联系电话079*-***4567）。"
    )
    assert letter.contact == ""
