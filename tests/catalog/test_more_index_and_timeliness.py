"""索引号 series and schemes, and the Art. 26 working-day count with the official calendar.

The session's group has one item per agency, both first published in 2020: agency A
(credit code 11360400MB0000000K, code MB0000000) and agency B (code MB0000001) each start
this file with serial 1 of 2020 handed out.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.agencies.models import Agency, Department
from gongkai.catalog.index_numbers import assign_index_number
from gongkai.catalog.models import IndexCounter, InfoItem
from gongkai.catalog.timeliness import recompute_provisional
from gongkai.workdays.models import HolidaySchedule
from tests.agencies.test_back_office_access import item_form
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def at(year, month, day, hour=9, tz=SHANGHAI, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def publish(agency, title, published, column_slug="notices", formed="2019-01-02"):
    return publish_item(agency, column_slug, title, generated_on=formed, published=published)


def set_pattern(slug, pattern):
    agency = Agency.objects.get(slug=slug)
    agency.index_pattern = pattern
    agency.full_clean()
    agency.save()


# ---- 索引号 -----------------------------------------------------------------------------


def test_each_agency_and_each_year_has_its_own_series():
    a_2020 = publish("agency-a", "甲局2020年第二条", at(2020, 5, 6))
    b_2020 = publish("agency-b", "乙局2020年第二条", at(2020, 5, 6))
    a_2019 = publish("agency-a", "甲局2019年第一条", at(2019, 5, 6))
    a_2019_next = publish("agency-a", "甲局2019年第二条", at(2019, 5, 7))
    assert a_2020.index_number == "MB0000000/2020-00002"
    assert b_2020.index_number == "MB0000001/2020-00002"
    assert a_2019.index_number == "MB0000000/2019-00001"
    assert a_2019_next.index_number == "MB0000000/2019-00002"
    # The national form is exactly 20 characters.
    assert {len(i.index_number) for i in (a_2020, b_2020, a_2019)} == {20}


def test_year_of_the_number_is_the_beijing_date_of_first_publication():
    # 15:30 UTC on 31 December is 23:30 in Beijing; 16:30 UTC is already New Year's Day.
    before = publish("agency-a", "除夕夜发布", at(2020, 12, 31, 15, UTC, 30))
    after = publish("agency-a", "元旦凌晨发布", at(2020, 12, 31, 16, UTC, 30))
    assert before.index_number == "MB0000000/2020-00002"
    assert after.index_number == "MB0000000/2021-00001"


def test_a_deleted_items_number_is_never_handed_out_again():
    first = publish("agency-a", "将被删除的通知", at(2020, 6, 1))
    assert first.index_number == "MB0000000/2020-00002"
    first.delete()
    second = publish("agency-a", "删除之后的通知", at(2020, 6, 2))
    assert second.index_number == "MB0000000/2020-00003"


def test_pattern_without_year_skips_numbers_other_years_already_took():
    set_pattern("agency-a", "{code}-{serial:05d}")
    first = publish("agency-a", "2019年的通知", at(2019, 3, 1))
    # 2021's counter starts at 1, which 2019 already used: skipped to 2.
    second = publish("agency-a", "2021年的通知", at(2021, 3, 1))
    # 2020's counter stands at 1 (the session's item): 2 is taken, so 3.
    third = publish("agency-a", "2020年的通知", at(2020, 3, 1))
    assert [first.index_number, second.index_number, third.index_number] == [
        "MB0000000-00001",
        "MB0000000-00002",
        "MB0000000-00003",
    ]


def test_agencies_sharing_a_pattern_without_code_still_get_unique_numbers():
    set_pattern("agency-a", "{year}-{serial:05d}")
    set_pattern("agency-b", "{year}-{serial:05d}")
    a = publish("agency-a", "甲局通知", at(2019, 3, 1))
    b = publish("agency-b", "乙局通知", at(2019, 3, 2))
    assert (a.index_number, b.index_number) == ("2019-00001", "2019-00002")


def test_changing_the_pattern_later_renumbers_nothing():
    old = publish("agency-a", "旧格式的通知", at(2020, 10, 9))
    set_pattern("agency-a", "{code}/{year}{month:02d}-{serial:05d}")
    old.title = "旧格式的通知（修订）"
    old.save_revision().publish()
    old.refresh_from_db()
    assert old.index_number == "MB0000000/2020-00002"
    new = publish("agency-a", "新格式的通知", at(2020, 10, 10))
    assert new.index_number == "MB0000000/202010-00003"


def test_assigning_again_neither_changes_the_number_nor_advances_the_counter():
    item = publish("agency-a", "已有索引号的通知", at(2020, 7, 1))
    agency = Agency.objects.get(slug="agency-a")
    assert IndexCounter.objects.get(agency=agency, year=2020).last_serial == 2
    assert assign_index_number(item) == "MB0000000/2020-00002"
    assert IndexCounter.objects.get(agency=agency, year=2020).last_serial == 2


def test_the_database_refuses_a_duplicate_number_but_not_many_drafts():
    a = publish("agency-a", "甲", at(2020, 7, 1))
    b = publish("agency-a", "乙", at(2020, 7, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        InfoItem.objects.filter(pk=b.pk).update(index_number=a.index_number)
    parent = column("agency-a", "notices")
    for title in ("草稿一", "草稿二"):
        parent.add_child(instance=InfoItem(title=title, generated_on="2021-01-01", live=False))
    assert InfoItem.objects.filter(title__in=["草稿一", "草稿二"], index_number="").count() == 2


def test_the_back_office_form_cannot_set_or_change_the_number(client, persona):
    item = publish("agency-a", "许可公示", at(2020, 8, 3), column_slug="licensing")
    persona(client, "reviewer_a")
    department = Department.objects.get(agency__slug="agency-a", slug="transport").pk
    response = client.post(
        f"/admin/pages/{item.pk}/edit/",
        item_form(
            "许可公示（更正）",
            slug=item.slug,
            department=department,
            index_number="FAKE/2020-99999",
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "许可公示（更正）"
    assert item.index_number == "MB0000000/2020-00002"


@pytest.mark.parametrize(
    ("index_code", "pattern", "message"),
    [
        ("A" * 30, "{code}/{year}-{serial:05d}", "索引号不能超过40个字符"),
        ("", "{code}/{year}-{serial:05q}", "索引号格式无效"),
        ("", "{}/{year}-{serial:05d}", "索引号格式无效"),
        ("", "{code}/{year}-{month}", "流水号 {serial}"),
    ],
)
def test_bad_schemes_are_refused_with_the_reason(index_code, pattern, message):
    agency = Agency.objects.get(slug="agency-a")
    agency.index_code, agency.index_pattern = index_code, pattern
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert message in " ".join(error.value.message_dict["index_pattern"])


def test_a_number_of_exactly_forty_characters_is_accepted():
    agency = Agency.objects.get(slug="agency-a")
    agency.index_code = "A" * 29  # 29 + "/2020-00001" = 40
    agency.full_clean()
    assert len(agency.format_index_number(2020, 1, 1)) == 40


# ---- Art. 26: 20 working days -------------------------------------------------------------


def timeliness(title, formed, published, agency="agency-a"):
    item = publish_item(agency, "licensing", title, generated_on=formed, published=published)
    return item.publication_workdays, item.publication_late, item.publication_provisional


def test_national_day_holiday_and_its_makeup_weekend_days_are_counted_right():
    # Formed Fri 25 Sep 2020. Sun 27 Sep and Sat 10 Oct were working days; 1-8 Oct were not:
    # 27, 28, 29, 30 Sep, 9, 10 Oct = 6; 12-16 = 11; 19-23 = 16; 26-29 Oct = 20.
    assert timeliness("国庆前形成的公示", "2020-09-25", at(2020, 10, 29)) == (20, False, False)
    assert timeliness("国庆前形成的公示二", "2020-09-25", at(2020, 10, 30)) == (21, True, False)


def test_extended_spring_festival_of_2020_is_not_counted():
    # Formed Fri 17 Jan 2020: Sun 19 Jan worked (1), 20-23 Jan (5), holiday to 2 Feb
    # (extended by 国办发明电〔2020〕1号, so Sat 1 Feb no longer worked), Mon 3 Feb (6).
    assert timeliness("春节前形成的公示", "2020-01-17", at(2020, 2, 3)) == (6, False, False)


def test_working_days_run_on_the_beijing_date_of_publication():
    # Formed 1 Jun 2020: 30 Jun is the 20th working day, 1 Jul the 21st.
    assert timeliness("午夜前发布", "2020-06-01", at(2020, 6, 30, 15, UTC, 30)) == (
        20,
        False,
        False,
    )
    assert timeliness("午夜后发布", "2020-06-01", at(2020, 6, 30, 16, UTC, 30)) == (21, True, False)


def test_same_day_or_backdated_formation_is_on_time_with_zero_days():
    assert timeliness("当天发布", "2020-06-01", at(2020, 6, 1, 18)) == (0, False, False)
    # A 成文日期 after the publication (a typing slip) never gives a negative count.
    assert timeliness("成文日期晚于发布", "2020-07-01", at(2020, 6, 1)) == (0, False, False)


def test_unpublish_and_republish_keep_the_first_count():
    item = publish_item(
        "agency-a",
        "licensing",
        "撤下后重新发布的公示",
        generated_on="2020-06-01",
        published=at(2020, 7, 1),
    )
    assert (item.publication_workdays, item.publication_late) == (21, True)
    item.unpublish()
    item.refresh_from_db()
    item.save_revision().publish()
    item.refresh_from_db()
    assert item.first_published_at == at(2020, 7, 1)
    assert (item.publication_workdays, item.publication_late) == (21, True)


def test_provisional_count_is_recounted_with_the_holidays_once_they_are_known():
    # Formed Wed 30 Dec 2026, published Tue 5 Jan 2027, before 2027's schedule exists:
    # weekends and the festival law's fixed days (1 Jan is 元旦): 31 Dec, 4 Jan, 5 Jan = 3
    # (provisional).
    item = publish_item(
        "agency-a",
        "licensing",
        "跨年形成的公示",
        generated_on="2026-12-30",
        published=at(2027, 1, 5),
    )
    assert (item.publication_workdays, item.publication_provisional) == (3, True)
    assert recompute_provisional() == 1  # only this item waits for a schedule
    from tests.test_workdays_app import schedule_2027

    # The notice confirms 元旦: still 3, no longer provisional.
    HolidaySchedule.objects.create(year=2027, data=schedule_2027())
    item.refresh_from_db()
    assert (item.publication_workdays, item.publication_provisional) == (3, False)
    assert recompute_provisional() == 0


def test_reviewer_sees_late_items_of_every_department_of_the_agency_only(client, persona):
    publish_item(
        "agency-a",
        "major-projects",
        "建设股逾期公示",
        generated_on="2020-06-01",
        published=at(2020, 8, 3),
    )
    publish_item(
        "agency-a",
        "licensing",
        "运输股按时公示",
        generated_on="2020-06-01",
        published=at(2020, 6, 3),
    )
    persona(client, "reviewer_a")
    html = client.get("/admin/").content.decode()
    assert "建设股逾期公示" in html and "运输股按时公示" not in html
    persona(client, "reviewer_b")
    assert "建设股逾期公示" not in client.get("/admin/").content.decode()
