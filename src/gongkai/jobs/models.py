"""The job queue and the record of periodic runs, both in the database.

The queue survives a restart because it is nothing but these rows; several workers (and
app servers enqueueing) share it through conditional UPDATEs, never through locks held
while a job runs (see :mod:`gongkai.jobs.queue`).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "运行中"
    DONE = "done", "已完成"
    FAILED = "failed", "已失败"


ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)


class Job(models.Model):
    name = models.CharField("任务", max_length=100)
    params = models.JSONField("参数", default=dict, blank=True)
    state = models.CharField("状态", max_length=10, choices=JobState, default=JobState.QUEUED)
    attempts = models.PositiveIntegerField("已尝试次数", default=0)
    max_attempts = models.PositiveIntegerField("最多尝试次数")
    run_after = models.DateTimeField("最早运行时间", default=timezone.now)
    # Who runs it (host:pid:token) and until when its claim holds; a worker that stops
    # without finishing lets the lease expire and the job goes back to the queue.
    claimed_by = models.CharField("领取者", max_length=200, blank=True)
    claimed_at = models.DateTimeField("领取时间", null=True, blank=True)
    lease_expires_at = models.DateTimeField("租约到期", null=True, blank=True)
    # The exception's type and where it was raised, never its message (it may quote data).
    last_error = models.TextField("最近错误", blank=True)
    # Optional: while one job with this key is queued or running, enqueueing it again
    # returns that job instead of adding a second.
    unique_key = models.CharField("去重键", max_length=200, blank=True)
    # What the job function returned (JSON), kept for the page that waits for it: a privacy
    # scan's findings, a report check's defects. None for jobs that return nothing.
    result = models.JSONField("结果", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        indexes = [models.Index(fields=["state", "run_after"], name="job_state_run_after")]
        constraints = [
            models.UniqueConstraint(
                fields=["unique_key"],
                condition=Q(state__in=ACTIVE_STATES) & ~Q(unique_key=""),
                name="job_unique_key_while_active",
            )
        ]

    def __str__(self):
        return f"{self.name} #{self.pk}（{self.get_state_display()}）"


class PeriodicRun(models.Model):
    """The last slot each periodic job was queued for: a restart does not repeat it."""

    name = models.CharField("任务", max_length=100, unique=True)
    last_slot = models.DateTimeField("最近一次的计划时间", null=True, blank=True)
    last_queued_at = models.DateTimeField("最近一次入队时间", null=True, blank=True)
    last_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = "定时任务记录"
        verbose_name_plural = "定时任务记录"

    def __str__(self):
        return self.name
