"""The dates that follow the calendar, and what each of them did when a schedule changed.

Storing a year's holiday schedule (``actions.do_store_schedule``) moves dates kept by the
layers above this one: open applications' reply deadlines, open messages' due dates, the
catalog's Art. 26 timeliness. Each app whose dates follow the calendar registers a
:class:`Dependent` when Django starts (its ``AppConfig.ready``), so that the base layer
imports none of them (docs/architecture.md).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Move:
    kind: str  # 依申请公开 / 留言 / 主动公开
    label: str  # a tracking code or a title, never personal data
    before: str
    after: str


class Dependent(ABC):
    """Dates of one kind that follow the calendar. ``order`` places its moves in the list
    the back office shows (applications, then messages, then the catalog)."""

    order: int = 0

    def snapshot(self) -> object:
        """What the dates are before the schedule is stored (None when nothing to keep)."""
        return None

    @abstractmethod
    def recompute(self, year: int, old_calendar, new_calendar, before) -> list[Move]:
        """Bring the dates in line with ``new_calendar`` (inside the storing transaction)
        and return those that moved."""


_dependents: list[Dependent] = []


def register(dependent: Dependent) -> None:
    if not any(type(d) is type(dependent) for d in _dependents):
        _dependents.append(dependent)


def dependents() -> list[Dependent]:
    return sorted(_dependents, key=lambda d: d.order)


def due_text(due: date | None, provisional: bool) -> str:
    if due is None:
        return "—"
    return f"{due:%Y-%m-%d}" + ("（暂算）" if provisional else "")
