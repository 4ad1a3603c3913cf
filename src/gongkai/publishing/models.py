"""The files waiting to be rewritten: one row per (host, address), however often asked.

A change of a page queues every address whose rendering it changes (``targets.py``); the
``publishing.rewrite`` job renders each and writes or removes its file (``queue.py``).
Asking again for a row already waiting only moves its ``requested_at``, which tells a run
that rendered it before the newest change to leave it for the next round.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingState(models.TextChoices):
    PENDING = "pending", _("待发布")
    FAILED = "failed", _("发布失败")


class PendingFile(models.Model):
    # "" for the site group's default host, else an agency's own host name.
    host = models.CharField(_("域名"), max_length=255, blank=True)
    # Root-relative, with ``?page=N`` for a listing's further pages.
    address = models.CharField(_("地址"), max_length=1000)
    state = models.CharField(
        _("状态"), max_length=10, choices=PendingState.choices, default=PendingState.PENDING
    )
    requested_at = models.DateTimeField(_("请求时间"))
    attempts = models.PositiveIntegerField(_("已尝试次数"), default=0)
    # The exception's type and where it was raised (jobs.queue.describe_error), no data.
    last_error = models.TextField(_("最近错误"), blank=True)
    # Which run holds the row while rendering it; another run leaves it alone.
    claimed_by = models.CharField(_("处理者"), max_length=200, blank=True)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待发布文件")
        verbose_name_plural = _("待发布文件")
        constraints = [
            models.UniqueConstraint(fields=["host", "address"], name="pending_file_unique")
        ]
        indexes = [models.Index(fields=["state", "requested_at"], name="pending_file_state")]

    def __str__(self):
        return f"{self.host or '(default)'}{self.address}"


class PublishState(models.Model):
    """What the published site was last rebuilt whole with (``fingerprint.py``)."""

    key = models.CharField(_("名称"), max_length=40, unique=True)
    # SHA-256 of the templates, the static manifest and the versions (fingerprint.compute).
    fingerprint = models.CharField(_("模板指纹"), max_length=64, blank=True)
    rebuilt_at = models.DateTimeField(_("全部重建时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("发布状态")
        verbose_name_plural = _("发布状态")

    def __str__(self):
        return f"{self.key}: {self.fingerprint[:12]}"
