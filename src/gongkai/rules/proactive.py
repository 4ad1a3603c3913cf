"""Art. 26 of the Regulations: proactive information is published within 20 working days of
being formed or changed.

Pure: the caller passes the working-day calendar.
"""

from dataclasses import dataclass
from datetime import date

from gongkai.rules.calendar import WorkdayCalendar

# 《政府信息公开条例》第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起
# 20个工作日内予以公开。
PUBLICATION_LIMIT_WORKDAYS = 20


@dataclass(frozen=True)
class Timeliness:
    workdays: int
    provisional: bool
    limit: int = PUBLICATION_LIMIT_WORKDAYS

    @property
    def late(self) -> bool:
        return self.workdays > self.limit


def publication_timeliness(
    calendar: WorkdayCalendar, formed_on: date, published_on: date
) -> Timeliness:
    """Working days from the day the information was formed (not counted) to publication.

    A year without holiday data gives a provisional count (weekends only), said as such.
    """
    result = calendar.workdays_between(formed_on, published_on, provisional=True)
    return Timeliness(workdays=max(result.count, 0), provisional=result.provisional)


def timed_from(formed_on: date, changed_on: date | None) -> date:
    """The day Art. 26's 20 working days run from: the information's latest change when it
    was changed after it was formed (形成或者变更之日), else its formation."""
    if changed_on is not None and changed_on > formed_on:
        return changed_on
    return formed_on
