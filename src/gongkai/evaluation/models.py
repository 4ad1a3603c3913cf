"""The evaluation's records: the scheme of each year, the supervisor's manual scores and
the daily inspection snapshots from which scores over time are drawn."""

import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency


def private_storage() -> FileSystemStorage:
    """Outside MEDIA_ROOT: evidence files reach only supervisors and the agency's own staff,
    through the download view that checks the policy."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def evidence_path(instance, filename: str) -> str:
    # A random folder (96 bits), as catalog.storage.UnguessableStorage does for uploads.
    return f"evaluation/evidence/{secrets.token_urlsafe(12)}/{filename[-80:]}"


class EvaluationScheme(models.Model):
    """The site group's evaluation scheme for one year (scheme.py describes ``data``)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    data = models.JSONField(_("方案"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("考评方案")
        verbose_name_plural = _("考评方案")

    def __str__(self) -> str:
        return f"{self.year} {self.data.get('name', '')}"


class ManualScore(models.Model):
    """The supervisor's score of one manual indicator for one agency in one quarter."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("考评期"), max_length=7)  # 2026Q4
    indicator = models.CharField(_("指标"), max_length=60)
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("评分理由"))
    evidence_text = models.TextField(_("佐证说明"), blank=True)
    evidence_url = models.URLField(_("佐证链接"), blank=True)
    evidence_file = models.FileField(
        _("佐证材料"), storage=private_storage, upload_to=evidence_path, blank=True
    )
    evidence_name = models.CharField(_("佐证材料文件名"), max_length=200, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scored_at = models.DateTimeField(_("评分时间"))

    class Meta:
        verbose_name = _("人工评分")
        verbose_name_plural = _("人工评分")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period", "indicator"], name="manual_score_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.period} {self.indicator} {self.points}"


class InspectionSnapshot(models.Model):
    """An inspection of one agency stored as it came out (``AgencyVerdict.as_json``)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    taken_at = models.DateTimeField(_("检查时刻"))
    verdict = models.CharField(_("结论"), max_length=10)
    score = models.FloatField(_("检查得分"), null=True)
    vetoes = models.JSONField(_("单项否决"), default=list)
    result = models.JSONField(_("检查结果"))

    class Meta:
        verbose_name = _("检查快照")
        verbose_name_plural = _("检查快照")
        indexes = [models.Index(fields=["agency", "taken_at"])]

    def __str__(self) -> str:
        return f"{self.agency} {self.taken_at:%Y-%m-%d} {self.verdict}"
