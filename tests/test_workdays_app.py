"""Holiday schedules stored by an admin, the next-year system check, and the commands."""

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongkai.rules.calendar import DayKind, builtin_schedules
from gongkai.workdays.checks import next_year_schedule
from gongkai.workdays.models import HolidaySchedule, current_calendar

pytestmark = pytest.mark.django_db
GONGKAI = Path(sys.executable).with_name("gongkai")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def schedule_2027():
    """2026's notice moved on by a year, standing in for the 2027 notice not yet issued."""
    text = json.dumps(builtin_schedules()[2026].to_dict(), ensure_ascii=False)
    data = json.loads(text.replace("2026", "2027").replace("2025", "2026"))
    # Keep only entries that stay plausible a year later: 调休 days must fall on weekends.
    data["adjusted_workdays"] = [
        entry
        for entry in data.get("adjusted_workdays", [])
        if date.fromisoformat(entry["date"]).weekday() >= 5
    ]
    return data


def test_stored_schedule_extends_the_calendar():
    with pytest.raises(Exception, match="2027"):
        current_calendar().is_workday(date(2027, 1, 4))
    row = HolidaySchedule(year=2027, data=schedule_2027())
    row.full_clean()
    row.save()
    calendar = current_calendar()
    assert calendar.has_year(2027)
    assert calendar.day_kind(date(2027, 1, 1)).kind == DayKind.HOLIDAY


def test_malformed_schedule_is_rejected_with_its_problems():
    row = HolidaySchedule(year=2027, data={"year": 2026, "holidays": "none"})
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert error.value.message_dict["data"]


@time_machine.travel(datetime(2026, 10, 31, 23, 0, tzinfo=SHANGHAI), tick=False)
def test_no_warning_before_november():
    assert next_year_schedule() == []


@time_machine.travel(datetime(2026, 11, 1, 0, 30, tzinfo=SHANGHAI), tick=False)
def test_warning_from_1_november_when_next_year_is_missing():
    warnings = next_year_schedule()
    assert [w.id for w in warnings] == ["gongkai.W001"]
    assert "2027" in warnings[0].msg


@time_machine.travel(datetime(2026, 11, 1, 0, 30, tzinfo=SHANGHAI), tick=False)
def test_warning_goes_away_once_the_schedule_is_stored():
    HolidaySchedule.objects.create(year=2027, data=schedule_2027())
    assert next_year_schedule() == []


@time_machine.travel(datetime(2025, 11, 15, 10, tzinfo=SHANGHAI), tick=False)
def test_no_warning_when_next_year_is_built_in():
    assert next_year_schedule() == []


def run(*args):
    return subprocess.run([str(GONGKAI), *args], capture_output=True, text=True, timeout=120)


def test_workdays_command_add_and_check():
    assert run("workdays", "add", "2020-01-20", "5").stdout == "2020-02-04\n"
    assert run("workdays", "check", "2020-01-19").stdout == "workday 调休\n"
    assert run("workdays", "check", "2020-01-27").stdout == "holiday 春节\n"
    assert run("workdays", "check", "2020-01-18").stdout == "weekend\n"


def test_workdays_command_missing_year_exits_2():
    result = run("workdays", "check", "2027-01-04")
    assert result.returncode == 2
    assert "2027" in result.stderr and result.stdout == ""


def test_report_check_command_exit_status():
    shared = Path(__file__).resolve().parents[2] / "shared"
    if not shared.is_dir():
        pytest.skip("../shared is not beside the checkout")
    assert run("report-check", str(shared / "seed")).returncode == 1
    assert run("report-check", "/no/such/path").returncode == 2


def test_privacy_scan_command(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("办公电话：0792-2662135。", encoding="utf-8")
    leak = tmp_path / "leak.txt"
    leak.write_text("申请人身份证号：11010519491231002X，手机13812345678。", encoding="utf-8")
    assert run("privacy-scan", str(clean)).returncode == 0
    result = run("privacy-scan", str(leak))
    assert result.returncode == 1
    assert "11010519491231002X" not in result.stdout and "13812345678" not in result.stdout
