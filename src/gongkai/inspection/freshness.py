"""首页不更新 and 栏目不更新 over one agency's columns (``site.Column``) at T.

- home page: no item became public anywhere on the agency's site in (T − 14 days, T];
- columns: (1) 动态、要闻类 columns not updated in 14 days plus first-level 通知公告、政策文件类
  columns not updated in 6 months, together ≥ 5; (2) columns that should be updated and have
  not been — 人事、规划计划类 in 1 year, other columns in their configured period, and
  通知公告、政策文件类 columns below the first level in 6 months — ≥ 10; (3) blank leaf
  columns (never held an item) ≥ 5. A closed column (历史栏目) and the columns under it are
  excluded and listed with their reason; a column whose function stands in for items
  (依申请公开, 政民互动, 年报) is neither blank nor stale while the function works.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from gongkai.catalog.categories import ColumnClass
from gongkai.inspection.results import NOT_MEASURED, PASS, VETO, IndicatorResult, evidence
from gongkai.inspection.scheme import Scheme
from gongkai.inspection.site import Column, Item
from gongkai.inspection.windows import days_before, inside, months_before

NEWS_AND_NOTICES, SHOULD_UPDATE, BLANK, CLOSED = (
    "news_and_notices",
    "should_update",
    "blank",
    "closed",
)
RULE_LABELS = {
    NEWS_AND_NOTICES: "动态要闻类、通知公告政策文件类栏目未按期更新",
    SHOULD_UPDATE: "应更新而长期未更新",
    BLANK: "空白栏目",
    CLOSED: "历史栏目（不计入）",
}


def _day(moment: datetime | None) -> str | None:
    return timezone.localdate(moment).isoformat() if moment else None


def item_fields(item: Item | None) -> dict:
    if item is None:
        return {"newest_title": None, "newest_url": None, "newest_date": None}
    return {
        "newest_title": item.title,
        "newest_url": item.url,
        "newest_date": _day(item.became_public_at),
    }


def column_evidence(column: Column, rule: str, period: str | None) -> dict:
    latest = column.latest
    return evidence(
        "column",
        column.title,
        column.url,
        _day(latest.became_public_at) if latest else None,
        rule=rule,
        rule_label=RULE_LABELS[rule],
        admin_url=column.admin_url,
        column_class=column.column_class,
        column_class_label=str(ColumnClass(column.column_class).label),
        period=period,
        first_level=column.first_level,
        closed_reason=column.closed_reason or None,
        **item_fields(latest),
    )


def homepage_not_updated(columns: list[Column], at: datetime, scheme: Scheme, home_url):
    days = scheme.veto("homepage_not_updated", "window_days")
    newest = max(
        (c.newest for c in columns if c.newest), key=lambda i: i.became_public_at, default=None
    )
    updated = inside(newest.became_public_at if newest else None, days_before(at, days), at)
    entry = evidence(
        "item",
        f"首页最新信息：{newest.title}" if newest else "首页没有任何信息",
        newest.url if newest else home_url,
        _day(newest.became_public_at) if newest else None,
        home_url=home_url,
        window_days=days,
        **item_fields(newest),
    )
    return IndicatorResult.of("homepage_not_updated", PASS if updated else VETO, [entry])


def _closed(column: Column) -> bool:
    while column is not None:
        if column.closed:
            return True
        column = column.parent
    return False


def _check(column: Column, at: datetime, cfg: dict) -> tuple[str, str, datetime] | None:
    """The rule a column falls under, its period's label and the window's start."""
    cls = column.column_class
    if cls == ColumnClass.DYNAMIC_NEWS:
        days = cfg["dynamic_news_days"]
        return NEWS_AND_NOTICES, f"{days}天", days_before(at, days)
    if cls == ColumnClass.NOTICE_POLICY:
        months = cfg["notice_policy_months"]
        rule = NEWS_AND_NOTICES if column.first_level else SHOULD_UPDATE
        return rule, f"{months}个月", months_before(at, months)
    if cls == ColumnClass.PERSONNEL_PLAN:
        months = cfg["personnel_plan_months"]
        return SHOULD_UPDATE, f"{months}个月", months_before(at, months)
    if column.update_days:
        return SHOULD_UPDATE, f"{column.update_days}天", days_before(at, column.update_days)
    return None


def columns_not_updated(
    columns: list[Column], at: datetime, scheme: Scheme, working: set[str]
) -> IndicatorResult:
    """``working``: the functions (``scheme.functional_columns`` values) that work for the
    agency at T."""
    cfg = scheme.vetoes["columns_not_updated"]
    found = {NEWS_AND_NOTICES: [], SHOULD_UPDATE: [], BLANK: [], CLOSED: []}
    for column in columns:
        if _closed(column):
            if column.closed:
                found[CLOSED].append(column_evidence(column, CLOSED, None))
            continue
        if scheme.functional_columns.get(column.slug) in working:
            continue
        if column.is_leaf and column.latest is None:
            found[BLANK].append(column_evidence(column, BLANK, None))
        checked = _check(column, at, cfg)
        if checked is not None:
            rule, period, start = checked
            if not inside(column.latest.became_public_at if column.latest else None, start, at):
                found[rule].append(column_evidence(column, rule, period))
    fired = (
        len(found[NEWS_AND_NOTICES]) >= cfg["stale_news_and_notices_threshold"]
        or len(found[SHOULD_UPDATE]) >= cfg["should_update_threshold"]
        or len(found[BLANK]) >= cfg["blank_threshold"]
    )
    entries = [
        entry for rule in (NEWS_AND_NOTICES, SHOULD_UPDATE, BLANK, CLOSED) for entry in found[rule]
    ]
    if not columns:
        return IndicatorResult.of("columns_not_updated", NOT_MEASURED, [])
    return IndicatorResult.of("columns_not_updated", VETO if fired else PASS, entries)
