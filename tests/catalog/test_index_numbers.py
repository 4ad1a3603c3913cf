"""索引号: national form by default, unique, given at first publication, never changed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from gongkai.agencies.models import Agency
from gongkai.catalog.index_numbers import assign_index_number
from gongkai.catalog.models import InfoItem
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_a():
    agency = Agency.objects.get(slug="agency-a")
    agency.credit_code = "11360483MB17430258"  # GB 32100 check character 8
    agency.save()
    return agency


def test_national_form_uses_the_organisation_code_inside_the_credit_code(agency_a):
    assert agency_a.catalog_code == "MB1743025"
    assert agency_a.format_index_number(2020, 3, 110) == "MB1743025/2020-00110"
    assert len(agency_a.format_index_number(2020, 3, 110)) == 20


def test_first_publication_gives_consecutive_numbers(agency_a):
    first = publish_item("agency-a", "notices", "第一条通知", generated_on="2026-01-05")
    second = publish_item("agency-a", "notices", "第二条通知", generated_on="2026-01-05")
    year = first.first_published_at.astimezone(ZoneInfo("Asia/Shanghai")).year
    assert first.index_number.startswith(f"MB1743025/{year}-")
    serial = int(first.index_number[-5:])
    assert second.index_number == f"MB1743025/{year}-{serial + 1:05d}"


def test_number_survives_edit_unpublish_republish_and_move(agency_a):
    item = publish_item("agency-a", "notices", "关于春运工作的通知", generated_on="2026-01-05")
    number = item.index_number
    item.title = "关于做好春运工作的通知"
    item.save_revision().publish()
    item.unpublish()
    item.refresh_from_db()
    assert item.index_number == number
    # An old revision, saved before the number existed, must not wipe it out when republished.
    item.revisions.order_by("created_at").first().publish()
    item.refresh_from_db()
    assert item.index_number == number
    item.move(column("agency-a", "work-news"), pos="last-child")
    item.refresh_from_db()
    assert item.index_number == number


def test_a_copy_gets_its_own_number(agency_a):
    item = publish_item("agency-a", "notices", "关于汛期安全的通知", generated_on="2026-05-05")
    copy = item.copy(
        update_attrs={"slug": "copy-of-flood", "title": "关于汛期安全的通知（二）"}, keep_live=False
    )
    copy.refresh_from_db()
    assert copy.index_number == ""
    copy.save_revision().publish()
    copy.refresh_from_db()
    assert copy.index_number and copy.index_number != item.index_number


def test_agency_pattern_with_month(agency_a):
    agency_a.index_code = "11360483MB1743025K"
    agency_a.index_pattern = "{code}/{year}{month:02d}-{serial:05d}"
    agency_a.full_clean()
    agency_a.save()
    item = publish_item("agency-a", "notices", "关于路政巡查的通知", generated_on="2020-10-09")
    InfoItem.objects.filter(pk=item.pk).update(
        index_number="",
        first_published_at=datetime(2020, 10, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    item.refresh_from_db()
    assert assign_index_number(item).startswith("11360483MB1743025K/202010-")


def test_invalid_patterns_are_rejected_in_chinese(agency_a):
    agency_a.index_pattern = "{code}/{year}"
    with pytest.raises(ValidationError, match="流水号"):
        agency_a.full_clean()
    agency_a.index_pattern = "{code}/{yaer}-{serial}"
    with pytest.raises(ValidationError, match="索引号格式无效"):
        agency_a.full_clean()


def test_agency_without_codes_is_valid_and_listed_as_lacking_one():
    # Issue 13: the credit code may be empty; the 索引号 front code then falls back.
    Agency(slug="agency-x", name="某某局").full_clean()


def test_a_credit_code_with_a_wrong_check_character_is_refused():
    agency = Agency(slug="agency-x", name="某某局", credit_code="11360483MB1743025K")
    with pytest.raises(ValidationError, match="校验位错误，应为 8"):
        agency.full_clean()


def test_agency_without_codes_still_gets_unique_numbers():
    agency = Agency.objects.create(slug="agency-x", name="某某局", sort_order=9)
    assert agency.catalog_code == f"{agency.pk:09d}"
