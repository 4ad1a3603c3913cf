from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RemedyKind(models.TextChoices):
    REVIEW = "review", _("行政复议")
    DIRECT = "direct", _("未经复议直接起诉")
    AFTER_REVIEW = "after_review", _("复议后起诉")


class RemedyResult(models.TextChoices):
    """The column labels of table 四 (values are the format's column suffixes)."""

    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


class Remedy(models.Model):
    """One 行政复议 or 行政诉讼 (Art. 51) against a disclosure decision."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="remedies"
    )
    reply = models.ForeignKey(
        "applications.Reply",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remedies",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=RemedyKind)
    review = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lawsuits",
        verbose_name=_("所经行政复议"),
    )
    filed_on = models.DateField(_("受理日期"))
    result = models.CharField(
        _("结果"), max_length=20, choices=RemedyResult, default=RemedyResult.PENDING
    )
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table the register had in `applications` before it became its own app.
        db_table = "applications_remedy"
        ordering = ["filed_on", "pk"]
        verbose_name = _("行政复议、行政诉讼")
        verbose_name_plural = _("行政复议、行政诉讼")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on}"
