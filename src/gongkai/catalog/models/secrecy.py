"""What Art. 17 and 18 of the Regulations ask to be recorded about an item.

- ``SecrecyReview`` (保密审查, Art. 17 ¶2): who reviewed the text about to be published and
  when; the publication gate (``catalog/secrecy_gate.py``) refuses to publish an item whose
  latest revision has no review.
- ``WithholdingReview`` (定期评估审查, Art. 18): a periodic look at what is not proactively
  disclosed (依申请公开, 不予公开), and whether it can now be published.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecrecyReview(models.Model):
    item = models.ForeignKey(
        "catalog.InfoItem", on_delete=models.CASCADE, related_name="secrecy_reviews"
    )
    # The text reviewed: a later edit is a new text and needs its own review.
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewer = models.CharField(_("保密审查人"), max_length=60)
    reviewed_on = models.DateField(_("保密审查日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "catalog"
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("保密审查记录")
        verbose_name_plural = _("保密审查记录")

    def __str__(self) -> str:
        return f"{self.reviewer} {self.reviewed_on}"


class ReviewConclusion(models.TextChoices):
    KEEP = "keep", _("维持现有公开属性")
    DISCLOSABLE = "disclosable", _("情势变化，可以主动公开")


class WithholdingReview(models.Model):
    item = models.ForeignKey(
        "catalog.InfoItem", on_delete=models.CASCADE, related_name="withholding_reviews"
    )
    reviewed_on = models.DateField(_("评估审查日期"))
    conclusion = models.CharField(_("评估结论"), max_length=20, choices=ReviewConclusion.choices)
    note = models.TextField(_("说明"), max_length=500, blank=True)
    # The attribute and reason the review looked at, as they were.
    mode_reviewed = models.CharField(_("当时的公开属性"), max_length=20)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "catalog"
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("不予公开信息定期评估审查")
        verbose_name_plural = _("不予公开信息定期评估审查")

    def __str__(self) -> str:
        return f"{self.reviewed_on} {self.get_conclusion_display()}"
