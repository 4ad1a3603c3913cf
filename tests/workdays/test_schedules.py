"""Holiday schedules stored by an admin on top of the shipped files, and the next-year check."""

import copy
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from gongkai.rules.calendar import DayKind, MissingHolidayData, builtin_schedules
from gongkai.workdays.checks import next_year_schedule
from gongkai.workdays.models import HolidaySchedule, current_calendar

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOTICE = "国办发明电〔2026〕99号"
# A made-up 2027 schedule (the real notice is not out): 元旦 Fri 1 - Sun 3 January;
# 劳动节 Sat 1 - Wed 5 May, with Sunday 25 April and Saturday 8 May worked.
SCHEDULE_2027 = {
    "year": 2027,
    "notices": [
        {
            "number": NOTICE,
            "title": "国务院办公厅关于2027年部分节假日安排的通知",
            "date": "2026-11-20",
        }
    ],
    "holidays": [
        {"name": "元旦", "start": "2027-01-01", "end": "2027-01-03", "notice": NOTICE},
        {"name": "劳动节", "start": "2027-05-01", "end": "2027-05-05", "notice": NOTICE},
    ],
    "adjusted_workdays": [
        {"date": "2027-04-25", "holiday": "劳动节", "notice": NOTICE},
        {"date": "2027-05-08", "holiday": "劳动节", "notice": NOTICE},
    ],
}


def at(y, m, d, h=10, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


def store(year, data):
    row = HolidaySchedule(year=year, data=data)
    row.full_clean()
    row.save()
    return row


def original_2020_notice():
    """2020 as 国办发明电〔2019〕16号 first set it: 春节 24-30 January, 1 February worked.

    The shipped file follows the later 国办发明电〔2020〕1号, which extended 春节 to 2 February.
    """
    data = builtin_schedules()[2020].to_dict()
    data["notices"] = [n for n in data["notices"] if n["number"] == "国办发明电〔2019〕16号"]
    spring = next(p for p in data["holidays"] if p["name"] == "春节")
    spring.update(end="2020-01-30", notice="国办发明电〔2019〕16号")
    spring.pop("note")
    data["adjusted_workdays"].append(
        {"date": "2020-02-01", "holiday": "春节", "notice": "国办发明电〔2019〕16号"}
    )
    return data


# --- the calendar ---------------------------------------------------------------------------


def test_year_without_a_schedule_is_an_explicit_error_in_chinese():
    calendar = current_calendar()
    with pytest.raises(MissingHolidayData) as error:
        calendar.day_kind(date(2027, 1, 4))
    assert error.value.year == 2027
    assert "缺少 2027 年的节假日安排" in str(error.value)
    # A count that merely reaches into the year fails the same way, never guessing weekends.
    with pytest.raises(MissingHolidayData):
        calendar.add_workdays(date(2026, 12, 31), 1)


def test_stored_schedule_adds_a_year_to_the_calendar():
    store(2027, SCHEDULE_2027)
    calendar = current_calendar()
    assert tuple(calendar.day_kind(date(2027, 1, 1))) == (DayKind.HOLIDAY, "元旦")
    assert tuple(calendar.day_kind(date(2027, 5, 8))) == (DayKind.ADJUSTED_WORKDAY, "劳动节")
    # Thursday 31 December 2026, then 1-3 January off: Monday 4 January.
    assert calendar.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    # Friday 30 April, then 1-5 May off: Thursday 6 May.
    assert calendar.add_workdays(date(2027, 4, 30), 1) == date(2027, 5, 6)
    # After Friday 23 April: Saturday off, Sunday 25 worked, Monday 26 worked.
    assert calendar.workdays_between(date(2027, 4, 23), date(2027, 4, 26)) == 2
    assert calendar.schedule(2027).notices[0].number == NOTICE


def test_stored_schedule_replaces_the_shipped_one_for_its_year():
    shipped = current_calendar()
    assert tuple(shipped.day_kind(date(2020, 1, 31))) == (DayKind.HOLIDAY, "春节")
    assert shipped.add_workdays(date(2020, 1, 23), 1) == date(2020, 2, 3)

    row = store(2020, original_2020_notice())
    calendar = current_calendar()
    assert calendar.day_kind(date(2020, 1, 31)).kind == DayKind.WORKDAY
    assert tuple(calendar.day_kind(date(2020, 2, 1))) == (DayKind.ADJUSTED_WORKDAY, "春节")
    assert calendar.add_workdays(date(2020, 1, 23), 1) == date(2020, 1, 31)
    # Friday 31 January, Saturday 1 February (worked), Monday 3 February.
    assert calendar.workdays_between(date(2020, 1, 23), date(2020, 2, 3)) == 3
    # Other years keep their shipped schedules.
    assert tuple(calendar.day_kind(date(2021, 1, 1))) == (DayKind.HOLIDAY, "元旦")

    row.delete()
    assert tuple(current_calendar().day_kind(date(2020, 1, 31))) == (DayKind.HOLIDAY, "春节")


# --- validation -----------------------------------------------------------------------------


def test_schedule_stored_under_the_wrong_year_is_refused():
    with pytest.raises(ValidationError) as error:
        store(2028, SCHEDULE_2027)
    [problem] = error.value.message_dict["data"]
    assert "2027" in problem and "2028" in problem
    assert not HolidaySchedule.objects.exists()


def test_every_defect_of_a_schedule_is_listed_at_once():
    data = builtin_schedules()[2020].to_dict()
    next(p for p in data["holidays"] if p["name"] == "清明节")["name"] = "植树节"
    worked = next(a for a in data["adjusted_workdays"] if a["date"] == "2020-04-26")
    worked["date"] = "2020-04-27"  # a Monday
    with pytest.raises(ValidationError) as error:
        store(2020, data)
    problems = error.value.message_dict["data"]
    assert len(problems) == 2
    assert "植树节" in problems[0]
    assert "2020-04-27" in problems[1]


def test_missing_year_and_data_are_refused_in_chinese():
    with pytest.raises(ValidationError) as error:
        HolidaySchedule(year=None, data={}).full_clean()
    assert error.value.message_dict["year"] == ["这个值不能为 null。"]
    assert "此字段不能为空。" in error.value.message_dict["data"]


def test_second_schedule_for_the_same_year_is_refused_in_chinese():
    store(2027, SCHEDULE_2027)
    with pytest.raises(ValidationError) as error:
        store(2027, copy.deepcopy(SCHEDULE_2027))
    assert error.value.message_dict == {"year": ["具有 年份 的 节假日安排 已存在。"]}


# --- the admin page -------------------------------------------------------------------------


@pytest.fixture
def superuser(client):
    root = get_user_model().objects.create_superuser(username="root", password="x")
    client.force_login(root)
    return root


def rows(*periods):
    """The form's POST data, one row per (name, start, end, adjusted) period."""
    data = {
        "rows-TOTAL_FORMS": str(len(periods)),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "1",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for i, (name, start, end, adjusted) in enumerate(periods):
        data.update(
            {
                f"rows-{i}-name": name,
                f"rows-{i}-start": start,
                f"rows-{i}-end": end,
                f"rows-{i}-adjusted": adjusted,
                f"rows-{i}-notice_number": NOTICE,
                f"rows-{i}-notice_date": "2026-11-20",
                f"rows-{i}-notice_title": "",
                f"rows-{i}-text": "放假调休。",
            }
        )
    return data


ROWS_2027 = rows(
    ("元旦", "2027-01-01", "2027-01-03", ""),
    ("劳动节", "2027-05-01", "2027-05-05", "2027-04-25, 2027-05-08"),
)


def test_superuser_stores_next_years_schedule_through_the_form(client, superuser):
    form = client.get("/admin/workdays/2027/")
    assert form.status_code == 200
    html = form.content.decode()
    # One row per festival of the law, ready to fill.
    assert html.count('name="rows-') and 'value="春节" selected' in html
    response = client.post("/admin/workdays/2027/", ROWS_2027)
    assert response.status_code == 200, response.content.decode()
    stored = HolidaySchedule.objects.get()
    assert stored.year == 2027
    assert stored.added_by == superuser  # 录入人
    assert stored.data == SCHEDULE_2027 | {
        "holidays": [{**period, "text": "放假调休。"} for period in SCHEDULE_2027["holidays"]]
    }
    assert current_calendar().add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    entry = ModelLogEntry.objects.get(action="gongkai_workdays.schedule_stored")
    assert entry.user_id == superuser.pk and entry.data["new"]["year"] == 2027
    assert entry.data["old"] is None


def test_form_shows_an_existing_year_and_refuses_a_bad_row_in_chinese(client, superuser):
    html = client.get("/admin/workdays/2025/").content.decode()
    assert "国办发明电〔2024〕12号" in html and "2025-01-26 2025-02-08" in html
    bad = rows(("元旦", "2027-01-03", "2027-01-01", "2027-01-0x"))
    response = client.post("/admin/workdays/2027/", bad)
    assert response.status_code == 200
    text = response.content.decode()
    assert "放假末日不能早于放假首日" in text and "不是日期" in text
    assert not HolidaySchedule.objects.exists()


def test_a_schedule_the_rules_refuse_lists_its_problems(client, superuser):
    # 1 May is a fixed holiday of the festival law: never a working day.
    bad = rows(("劳动节", "2027-05-02", "2027-05-05", "2027-05-01"))
    response = client.post("/admin/workdays/2027/", bad)
    assert response.status_code == 400
    assert "fixed holiday" in response.content.decode()
    assert not HolidaySchedule.objects.exists()


@pytest.mark.parametrize("username", ["group_supervisor", "admin_a", "officer_a"])
def test_only_superusers_may_store_a_schedule(client, persona, username):
    persona(client, username)
    assert client.get("/admin/workdays/2027/").status_code in (302, 403)
    response = client.post("/admin/workdays/2027/", ROWS_2027)
    assert response.status_code in (302, 403)
    assert not HolidaySchedule.objects.exists()


# --- the system check -----------------------------------------------------------------------


@time_machine.travel(at(2026, 11, 1, 0, 30), tick=False)
def test_check_command_reports_the_missing_year():
    stderr = io.StringIO()
    call_command("check", stdout=io.StringIO(), stderr=stderr)
    assert "gongkai.W001" in stderr.getvalue()
    assert "缺少 2027 年节假日安排" in stderr.getvalue()


@time_machine.travel(at(2026, 12, 31, 23, 59), tick=False)
def test_warning_names_next_year_and_says_where_to_add_it():
    [warning] = next_year_schedule()
    assert warning.id == "gongkai.W001"
    assert warning.msg.startswith("缺少 2027 年节假日安排")
    assert "节假日安排" in warning.hint and "rules/data/holidays/" in warning.hint


@time_machine.travel(at(2027, 1, 1, 0, 0), tick=False)
def test_no_warning_once_it_is_january_in_china_although_december_in_utc():
    assert next_year_schedule() == []


@time_machine.travel(at(2027, 11, 15), tick=False)
def test_a_stored_year_moves_the_warning_on_to_the_year_after():
    store(2027, SCHEDULE_2027)
    [warning] = next_year_schedule()
    assert "2028" in warning.msg and "2027" not in warning.msg


def test_a_schedule_for_the_wrong_year_is_refused_through_the_form(client, superuser):
    response = client.post("/admin/workdays/2028/", ROWS_2027)
    assert response.status_code == 400
    assert "节假日安排数据有误：" in response.content.decode()
    assert not HolidaySchedule.objects.exists()
