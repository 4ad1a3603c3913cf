"""Which jobs exist: functions registered by name, and the periodic jobs declared as data.

An app declares its jobs in its own ``jobs`` module (``gongkai.<app>.jobs``), which
:func:`autodiscover` imports once all models are loaded::

    @job("applications.remind")
    def remind():
        ...

    PERIODIC = [Periodic("applications.remind", daily_at=time(7, 0))]

A job function takes only JSON-serialisable keyword arguments (they are stored with the
job; ``unique_key`` and ``run_after`` are ``enqueue``'s own). What it returns, if anything,
must be JSON-serialisable too: the queue keeps it in the job's ``result`` for whoever waits
for it (a page showing a scan's findings). Nothing here touches the database.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class JobSpec:
    name: str
    func: Callable[..., object]
    # None: the settings' defaults (GONGKAI_JOBS_MAX_ATTEMPTS, GONGKAI_JOBS_LEASE_SECONDS).
    max_attempts: int | None = None
    lease: timedelta | None = None


@dataclass(frozen=True)
class Periodic:
    """A job run every ``every``, or once a day at ``daily_at`` (China time)."""

    job: str
    every: timedelta | None = None
    daily_at: time | None = None
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        if (self.every is None) == (self.daily_at is None):
            raise ImproperlyConfigured(
                f"定时任务 {self.job}：须且只须给出 every 或 daily_at 之一 / "
                "give exactly one of every or daily_at"
            )
        if self.every is not None and self.every <= timedelta(0):
            raise ImproperlyConfigured(f"定时任务 {self.job}：间隔须为正 / every must be positive")

    def due_slot(
        self, now: datetime, last_slot: datetime | None, zone: ZoneInfo
    ) -> datetime | None:
        """The slot to run now, or None when the last run already covers it.

        A daily job's slot is the latest ``daily_at`` at or before ``now``: one run per day
        however often a worker restarts, and after days without a worker one catch-up run
        (for the latest slot only). An interval job is due ``every`` after its last run.
        """
        if self.every is not None:
            if last_slot is None or now >= last_slot + self.every:
                return now
            return None
        local = now.astimezone(zone)
        slot = datetime.combine(local.date(), self.daily_at, tzinfo=zone)
        if slot > local:
            slot = datetime.combine(local.date() - timedelta(days=1), self.daily_at, tzinfo=zone)
        slot = slot.astimezone(UTC)
        if last_slot is None or last_slot < slot:
            return slot
        return None


_jobs: dict[str, JobSpec] = {}
_periodic: dict[str, Periodic] = {}


def job(name: str, *, max_attempts: int | None = None, lease: timedelta | None = None):
    """Register the decorated function as the job ``name``."""

    def register(func):
        existing = _jobs.get(name)
        if existing is not None and existing.func is not func:
            raise ImproperlyConfigured(f"任务名 {name} 已被注册 / job {name!r} is registered twice")
        if max_attempts is not None and max_attempts < 1:
            raise ImproperlyConfigured(f"任务 {name}：max_attempts 至少为 1 / must be at least 1")
        _jobs[name] = JobSpec(name, func, max_attempts, lease)
        return func

    return register


def register_periodic(periodic: Periodic) -> None:
    if periodic.job not in _jobs:
        raise ImproperlyConfigured(
            f"定时任务 {periodic.job} 没有对应的任务函数 / periodic job names no registered job"
        )
    existing = _periodic.get(periodic.job)
    if existing is not None and existing != periodic:
        raise ImproperlyConfigured(
            f"定时任务 {periodic.job} 声明了两次 / periodic job {periodic.job!r} declared twice"
        )
    _periodic[periodic.job] = periodic


def get(name: str) -> JobSpec:
    try:
        return _jobs[name]
    except KeyError:
        raise LookupError(f"没有名为 {name} 的任务 / no job named {name!r}") from None


def names() -> list[str]:
    return sorted(_jobs)


def periodic_jobs() -> list[Periodic]:
    return [_periodic[name] for name in sorted(_periodic)]


def autodiscover() -> None:
    """Import ``<app>.jobs`` of every project app and collect its ``PERIODIC`` list."""
    for config in apps.get_app_configs():
        if not config.name.startswith("gongkai.") or not module_has_submodule(
            config.module, "jobs"
        ):
            continue
        module = importlib.import_module(f"{config.name}.jobs")
        for periodic in getattr(module, "PERIODIC", []):
            register_periodic(periodic)
