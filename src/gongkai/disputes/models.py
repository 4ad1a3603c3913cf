from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.casework.uploads import private_storage


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


class Decision(models.TextChoices):
    """The detailed result of a 复议决定 or a judgment, as the register records it."""

    UPHELD = "upheld", _("维持")
    REVOKED = "revoked", _("撤销")
    CONFIRMED_ILLEGAL = "confirmed_illegal", _("确认违法")
    ORDERED_TO_ACT = "ordered_to_act", _("责令履行")
    DISMISSED = "dismissed", _("驳回")
    OTHER = "other", _("其他")


#: The column of table 四 each detailed result is counted in (docs/legal-provisions.md says
#: why, under "The register of 行政复议 and 行政诉讼"):
#: the act stands (维持; 驳回, which since 行政诉讼法 Art. 69 and 行政复议法 Art. 69 is how a
#: challenge that fails ends) — 结果维持; the act is set aside, declared unlawful or the
#: agency is ordered to act — 结果纠正; anything else (withdrawal, settlement, termination)
#: — 其他结果.
TABLE4_RESULT = {
    Decision.UPHELD: RemedyResult.UPHELD,
    Decision.DISMISSED: RemedyResult.UPHELD,
    Decision.REVOKED: RemedyResult.CORRECTED,
    Decision.CONFIRMED_ILLEGAL: RemedyResult.CORRECTED,
    Decision.ORDERED_TO_ACT: RemedyResult.CORRECTED,
    Decision.OTHER: RemedyResult.OTHER,
}


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
    # The case's place in table 四 (the year) is fixed by this date, the day it was accepted.
    filed_on = models.DateField(_("受理日期"))
    applied_on = models.DateField(_("申请复议或起诉日期"), null=True, blank=True)
    body = models.CharField(_("复议机关或人民法院"), max_length=200, blank=True)
    challenged_act = models.TextField(_("被申请复议或被诉的行政行为"), blank=True)
    result = models.CharField(
        _("结果"), max_length=20, choices=RemedyResult, default=RemedyResult.PENDING
    )
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    decision = models.CharField(_("具体结果"), max_length=20, choices=Decision, blank=True)
    decision_document = models.FileField(
        _("复议决定书或裁判文书"),
        storage=private_storage,
        upload_to="disputes/decisions/%Y/%m/",
        blank=True,
    )
    decision_document_name = models.CharField(_("文书文件名"), max_length=200, blank=True)
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
