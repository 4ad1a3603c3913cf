"""Agency kinds, the 行政复议机关 on a date, and the annual-report deadline per kind."""

from datetime import date

import pytest

from gongkai.agencies import actions
from gongkai.agencies.models import (
    AgencyKind,
    Leadership,
    ReconsiderationEntry,
    SiteGroup,
    credit_code_check_character,
)
from gongkai.agencies.reconsideration import bodies_text, reconsideration_bodies
from gongkai.reports.due import agency_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(migrated_only):
    top = actions.do_create_agency(
        acting_user=None, name="九江市人民政府", slug="jj", kind=AgencyKind.GOVERNMENT
    )
    lushan = actions.do_create_agency(
        acting_user=None,
        name="庐山市人民政府",
        slug="ls",
        kind=AgencyKind.GOVERNMENT,
        government=top,
    )
    return top, lushan


def _agency(government, slug, name, kind=AgencyKind.DEPARTMENT, **fields):
    return actions.do_create_agency(
        acting_user=None, name=name, slug=slug, kind=kind, government=government, **fields
    )


def test_gb32100_check_character():
    # 91350100M000100Y43 is a published example of a valid code.
    assert credit_code_check_character("91350100M000100Y4") == "3"


def test_a_department_before_and_after_2024(county):
    _top, lushan = county
    transport = _agency(
        lushan, "ls-transport", "庐山市交通运输局", superior_name="九江市交通运输局"
    )
    assert bodies_text(reconsideration_bodies(transport, date(2023, 12, 31))) == (
        "庐山市人民政府或者九江市交通运输局"
    )
    after = reconsideration_bodies(transport, date(2024, 1, 1))
    assert bodies_text(after) == "庐山市人民政府" and after[0].agency == lushan


def test_governments_townships_justice_and_vertical_bodies(county):
    top, lushan = county
    assert bodies_text(reconsideration_bodies(lushan, date(2025, 1, 1))) == "九江市人民政府"
    assert bodies_text(reconsideration_bodies(top, date(2025, 1, 1))) == "上一级人民政府"
    town = _agency(lushan, "ls-t", "白鹿镇人民政府", AgencyKind.TOWNSHIP)
    assert bodies_text(reconsideration_bodies(town, date(2025, 1, 1))) == "庐山市人民政府"
    justice = _agency(
        lushan, "ls-j", "庐山市司法局", leadership=Leadership.JUSTICE, superior_name="九江市司法局"
    )
    assert bodies_text(reconsideration_bodies(justice, date(2025, 1, 1))) == (
        "庐山市人民政府或者九江市司法局"
    )
    tax = _agency(
        lushan,
        "ls-tax",
        "国家税务总局庐山市税务局",
        leadership=Leadership.VERTICAL,
        superior_name="国家税务总局九江市税务局",
    )
    assert bodies_text(reconsideration_bodies(tax, date(2025, 1, 1))) == "国家税务总局九江市税务局"


def test_a_recorded_entry_wins_from_its_date(county):
    _top, lushan = county
    transport = _agency(lushan, "ls-transport", "庐山市交通运输局")
    ReconsiderationEntry.objects.create(
        agency=transport, valid_from=date(2024, 6, 1), first_name="九江市人民政府"
    )
    assert bodies_text(reconsideration_bodies(transport, date(2024, 5, 31))) == "庐山市人民政府"
    assert bodies_text(reconsideration_bodies(transport, date(2024, 6, 1))) == "九江市人民政府"


def test_report_deadlines_follow_the_kind_and_the_site_groups_date(county):
    _top, lushan = county
    town = _agency(lushan, "ls-t", "白鹿镇人民政府", AgencyKind.TOWNSHIP)
    street = _agency(lushan, "ls-s", "南康街道办事处", AgencyKind.STREET)
    transport = _agency(lushan, "ls-transport", "庐山市交通运输局")
    assert agency_deadline(lushan, 2025) == date(2026, 3, 31)
    assert agency_deadline(transport, 2025) == date(2026, 1, 31)
    assert agency_deadline(town, 2025) == agency_deadline(street, 2025) == date(2026, 1, 31)
    SiteGroup.objects.update(grassroots_report_month=1, grassroots_report_day=15)
    assert agency_deadline(town, 2025) == date(2026, 1, 15)
    assert agency_deadline(transport, 2025) == date(2026, 1, 31)
