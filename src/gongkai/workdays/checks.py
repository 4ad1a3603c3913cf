from django.core import checks
from django.db import DatabaseError
from django.utils import timezone

from gongkai.workdays.models import current_calendar


@checks.register()
def next_year_schedule(app_configs=None, **kwargs):
    """From 1 November, warn when next year's holiday schedule is missing.

    The State Council's notice usually comes out in November; without it every deadline
    that reaches into next year can only be provisional.
    """

    today = timezone.localdate()
    if today.month < 11:
        return []
    try:
        calendar = current_calendar()
    except DatabaseError:
        return []
    if calendar.has_year(today.year + 1):
        return []
    return [
        checks.Warning(
            f"缺少 {today.year + 1} 年节假日安排：跨年的法定期限只能暂按周末和法定固定假日计算。"
            f" / No holiday schedule for {today.year + 1}: deadlines reaching into it are provisional.",
            hint="在后台“节假日安排”中录入国务院办公厅的通知，或在 rules/data/holidays/ 增加数据文件。",
            id="gongkai.W001",
        )
    ]
