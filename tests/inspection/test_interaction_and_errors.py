"""互动回应差 and 严重错误 with hand-made histories at T."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from gongkai.agencies.models import Agency
from gongkai.catalog.models import InfoItem, InfoItemAttachment
from gongkai.inspection.actions import do_add_expression
from gongkai.interaction.models import Campaign
from tests.inspection.helpers import T, days_ago, indicator, item, message

pytestmark = pytest.mark.django_db


def test_an_inquiry_unanswered_for_more_than_3_months_fires_the_veto():
    message("agency-a", days_ago(100))
    result = indicator("interaction_poor")
    assert result.status == "veto"
    channel, overdue = result.evidence
    assert channel["channel_open"] is True and channel["url"] == "/messages/agency-a/new/"
    assert overdue["kind"] == "message" and overdue["days_unanswered"] == 100
    assert overdue["replied_at"] is None and overdue["url"].startswith("/admin/interaction/")


def test_an_inquiry_younger_than_3_months_is_not_late_yet():
    message("agency-a", days_ago(80))
    assert indicator("interaction_poor").status == "pass"


def test_an_inquiry_answered_after_4_months_is_late_one_answered_in_2_is_not():
    message("agency-a", days_ago(200), replied=days_ago(200 - 75))
    assert indicator("interaction_poor").status == "pass"
    message("agency-a", days_ago(200), replied=days_ago(200 - 125), subject="迟复")
    result = indicator("interaction_poor")
    assert result.status == "veto" and result.evidence[1]["days_unanswered"] == 125


def test_a_reply_after_t_does_not_count_at_t():
    message("agency-a", days_ago(120), replied=days_ago(-10))
    assert indicator("interaction_poor").status == "veto"


def test_only_the_year_before_t_counts():
    message("agency-a", days_ago(370))
    assert indicator("interaction_poor").status == "pass"


def test_suggestions_and_campaign_messages_are_not_inquiries():
    agency = Agency.objects.get(slug="agency-a")
    campaign = Campaign.objects.create(agency=agency, title="我为交通献一策")
    message("agency-a", days_ago(150), kind="suggestion")
    message("agency-a", days_ago(150), campaign=campaign, subject="征集")
    assert indicator("interaction_poor").status == "pass"


def test_no_working_channel_once_the_agency_is_retired():
    Agency.objects.filter(slug="agency-a").update(retired_on=T.date() - timedelta(days=1))
    result = indicator("interaction_poor")
    assert result.status == "veto" and result.evidence[0]["channel_open"] is False


def _supervisor():
    return get_user_model().objects.get(username="group_supervisor")


def test_a_wrong_expression_in_a_title_or_body_is_a_serious_error():
    do_add_expression(
        wrong="中华人民共和国国务院办公室", right="国务院办公厅", acting_user=_supervisor()
    )
    item(
        "agency-a", "notices", "通知", days_ago(3), body="<p>根据中华人民共和国国务院办公室要求</p>"
    )
    item("agency-b", "notices", "通知", days_ago(3), body="<p>根据国务院办公厅要求</p>")
    result = indicator("serious_errors")
    assert result.status == "veto"
    [entry] = result.evidence
    assert entry["kind"] == "expression" and entry["where"] == "body"
    assert entry["right"] == "国务院办公厅" and entry["item_title"] == "通知"
    assert indicator("serious_errors", "agency-b").status == "pass"


def test_a_wrong_expression_in_an_attachment_text_is_found():
    do_add_expression(wrong="一带一路战略", right="一带一路倡议", acting_user=_supervisor())
    page = item("agency-a", "policies", "规划", days_ago(3))
    document = get_document_model().objects.create(
        title="附件", file=ContentFile(b"x", name="plan.txt")
    )
    InfoItemAttachment.objects.create(
        item=page, document=document, extracted_text="推进一带一路战略"
    )
    [entry] = indicator("serious_errors").evidence
    assert entry["where"] == "attachment" and entry["wrong"] == "一带一路战略"


def test_an_item_that_became_public_after_t_is_not_checked():
    do_add_expression(wrong="错字", right="正字", acting_user=_supervisor())
    item("agency-a", "notices", "错字通知", days_ago(-2))
    assert indicator("serious_errors").status == "pass"


def test_a_backdated_item_written_here_is_a_fraudulent_date():
    page = item(
        "agency-a", "notices", "倒签的通知", days_ago(2), shown=days_ago(30), migrated=False
    )
    result = indicator("serious_errors")
    assert result.status == "veto"
    [entry] = result.evidence
    assert entry["problem"] == "backdated" and entry["date"] == "2026-05-31"
    assert entry["became_public_on"] == "2026-06-28"
    assert entry["admin_url"] == f"/admin/pages/{page.pk}/edit/"


def test_a_shown_date_later_than_t_is_a_fraudulent_date():
    item("agency-a", "notices", "超前的通知", days_ago(2), shown=days_ago(-5), migrated=False)
    [entry] = indicator("serious_errors").evidence
    assert entry["problem"] == "future_date"


def test_the_same_day_and_migrated_items_are_never_fraudulent():
    item("agency-a", "notices", "当天", days_ago(2), shown=days_ago(2.2), migrated=False)
    item("agency-a", "notices", "迁移", days_ago(400))
    assert InfoItem.objects.get(title="迁移").origin == "migrated"
    assert indicator("serious_errors").status == "pass"
