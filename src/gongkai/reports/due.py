"""When the annual report is due (Art. 49), as the dashboards show it.

From 1 January the report on the previous year is due: a department's by 31 January, a
people's government's own report by 31 March (the dates are statute data,
``gongkai.rules.statute``). Pure: the caller passes today's date
(``gongkai.rules.clock.china_today`` — the deadline is a date in China, not on the server).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.agencies.models import AgencyKind, SiteGroup
from gongkai.rules.statute import statute_for

DUE, OVERDUE, PUBLISHED = "due", "overdue", "published"


def deadline(kind: str, report_year: int) -> date:
    """Art. 49's deadline as the statute data in force on 1 January after the year sets it."""
    rules = statute_for(date(report_year + 1, 1, 1)).annual_report_deadlines
    return rules[AgencyKind(kind).value].on(report_year)


_LOOK_UP = object()


def agency_deadline(agency, report_year: int, *, site_group=_LOOK_UP) -> date:
    """Art. 49's deadline for one agency: a township or street office reports to the county
    by the statute's date unless the site group has set another one.

    ``site_group`` spares the query when the caller asks for many agencies (None: there is
    no site group record)."""
    if agency.kind in (AgencyKind.TOWNSHIP, AgencyKind.STREET):
        group = current_site_group() if site_group is _LOOK_UP else site_group
        if group and group.grassroots_report_month and group.grassroots_report_day:
            return date(report_year + 1, group.grassroots_report_month, group.grassroots_report_day)
    return deadline(agency.kind, report_year)


def current_site_group():

    return SiteGroup.objects.first()


@dataclass(frozen=True)
class DueStatus:
    report_year: int
    deadline: date
    state: str  # due | overdue | published
    days_left: int = 0  # due: whole days until the deadline, 0 on the day itself
    days_overdue: int = 0  # overdue: days past the deadline, 1 on the day after

    @property
    def label(self) -> str:
        if self.state == PUBLISHED:
            return "已发布"
        if self.state == OVERDUE:
            return f"已逾期{self.days_overdue}天"
        if self.days_left == 0:
            return "今天截止"
        return f"还剩{self.days_left}天"


def agency_due_status(agency, today: date, *, published: bool, site_group=_LOOK_UP) -> DueStatus:
    """The status on ``today`` of ``agency``'s report on the year before: townships and
    street offices by the site group's date where it sets one."""
    year = today.year - 1
    return _status(year, agency_deadline(agency, year, site_group=site_group), today, published)


def _status(year: int, end: date, today: date, published: bool) -> DueStatus:
    if published:
        return DueStatus(year, end, PUBLISHED)
    if today <= end:
        return DueStatus(year, end, DUE, days_left=(end - today).days)
    return DueStatus(year, end, OVERDUE, days_overdue=(today - end).days)
