"""The figures of 信息报送 per agency and department per period, hand-counted, and their
XLSX export."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from gongkai.agencies.models import Agency
from gongkai.catalog.models import InfoItem
from gongkai.contributions.actions import do_adopt, do_return, do_submit
from gongkai.contributions.mapping import do_set_intake
from gongkai.contributions.models import Contribution
from gongkai.contributions.statistics import contribution_counts, department_rows
from tests.contributions.conftest import user
from tests.sitegroup import column, publish_item

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month, day, hour=10, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def dated(contribution, submitted, decided=None):
    Contribution.objects.filter(pk=contribution.pk).update(
        submitted_at=submitted, decided_at=decided
    )


@pytest.fixture
def history(item_a, target_b):
    """Agency A: c1 (运输管理股) submitted 10 March, adopted 12 March; c2 (办公室) submitted
    20 March, returned 2 April at 00:30 Beijing time (still 1 April in UTC); c3 (运输管理股)
    submitted 5 April, waiting. Agency B: c4 submitted 15 March, adopted 16 March."""
    notice = publish_item("agency-a", "notices", "甲市通知", generated_on=date(2026, 3, 1))
    licence = publish_item("agency-a", "licensing", "甲市许可公示", generated_on=date(2026, 3, 1))
    c1 = do_submit(item_a, target_b, acting_user=user("clerk_a"))
    do_adopt(c1, acting_user=user("clerk_b"))
    dated(c1, at(3, 10), at(3, 12))
    c2 = do_submit(notice, target_b, acting_user=user("reviewer_a"))
    do_return(c2, "不属本栏目", acting_user=user("clerk_b"))
    dated(c2, at(3, 20), at(4, 2, 0, 30))
    c3 = do_submit(licence, target_b, acting_user=user("clerk_a"))
    dated(c3, at(4, 5))
    a_notices = column("agency-a", "notices")
    do_set_intake(a_notices, True, acting_user=user("admin_a"))
    item_b = InfoItem.objects.get(title="乙市农业农村局部署春耕生产工作")
    c4 = do_submit(item_b, a_notices, acting_user=user("clerk_b"))
    do_adopt(c4, acting_user=user("reviewer_a"))
    dated(c4, at(3, 15), at(3, 16))
    return Agency.objects.get(slug="agency-a").pk, Agency.objects.get(slug="agency-b").pk


def test_counts_per_agency_for_the_evaluation(history):
    a, b = history
    assert contribution_counts([a, b], date(2026, 3, 1), date(2026, 3, 31)) == {
        a: {"submitted": 2, "adopted": 1, "returned": 0},
        b: {"submitted": 1, "adopted": 1, "returned": 0},
    }
    assert contribution_counts([a], date(2026, 4, 1), date(2026, 4, 30)) == {
        a: {"submitted": 1, "adopted": 0, "returned": 1}
    }
    # 1 April in UTC is 2 April in Beijing: the return is not on the 1st
    assert contribution_counts([a], date(2026, 4, 1), date(2026, 4, 1))[a]["returned"] == 0
    assert contribution_counts([b], date(2025, 1, 1), date(2025, 12, 31)) == {
        b: {"submitted": 0, "adopted": 0, "returned": 0}
    }


def test_rows_per_department_with_the_agency_total(history):
    a, _b = history
    rows = department_rows([a], date(2026, 3, 1), date(2026, 4, 30))
    table = [(r.department, r.submitted, r.adopted, r.returned) for r in rows]
    assert sorted(table[:-1]) == [("办公室", 1, 0, 1), ("运输管理股", 2, 1, 0)]
    assert table[-1] == ("合计", 3, 1, 1)
    assert rows[-1].adoption_rate == pytest.approx(1 / 3)


def test_the_xlsx_export_opens_with_the_same_numbers(history, client, persona):
    persona(client, "reviewer_a")
    response = client.get(
        "/admin/contributions/statistics/",
        {"start": "2026-03-01", "end": "2026-04-30", "format": "xlsx"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "信息报送统计（2026-03-01 至 2026-04-30）"
    assert values[1] == ("机关", "股室", "报送", "采用", "退回", "采用率")
    assert ("甲市交通运输局", "合计", 3, 1, 1, 0.3333) in values
    # the staff of agency A see agency A only
    assert all(row[0] == "甲市交通运输局" for row in values[2:])


def test_the_statistics_page_of_a_supervisor_lists_every_agency(history, client, persona):
    persona(client, "group_supervisor")
    html = client.get(
        "/admin/contributions/statistics/", {"start": "2026-03-01", "end": "2026-03-31"}
    ).content.decode()
    assert "甲市交通运输局" in html and "乙市农业农村局" in html
    assert '<td class="submitted">2</td>' in html and '<td class="adopted">1</td>' in html
