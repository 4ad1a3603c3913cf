"""What the procedure sends and records beside the case: the notices and their service
(送达), consultations (Art. 32, 34), corrections of a step's date (更正), reminders of every
period, and the applicant's online corrections (补正)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.applications.models.cases import Application, ClockEventRecord
from gongkai.casework.uploads import private_storage

# --- notices (告知书、通知书) and their service (送达) -----------------------------------------


class NoticeKind(models.TextChoices):
    """The documents the law makes the agency send in a case, named as they are titled."""

    RECEIPT = "receipt", _("收到申请确认书")
    CORRECTION = "correction", _("补正申请告知书")
    EXTENSION = "extension", _("延期答复告知书")
    CONSULTATION = "consultation", _("征求意见书")
    THIRD_PARTY_DECISION = "third_party_decision", _("决定公开告知书")
    FEE = "fee", _("收取信息处理费通知书")
    TERMINATION = "termination", _("终止办理告知书")
    REPLY = "reply", _("政府信息公开申请答复告知书")


class ServiceMethod(models.TextChoices):
    IN_PERSON = "in_person", _("直接送达")
    POST = "post", _("邮寄送达")
    EMAIL = "email", _("电子邮件送达")
    TRACKING_PAGE = "tracking_page", _("查询页面送达")


#: Served online: the letter names the online channel for 行政复议 (行政复议法 Art. 22 ¶2).
ONLINE_SERVICE = frozenset({ServiceMethod.EMAIL, ServiceMethod.TRACKING_PAGE})


class Notice(models.Model):
    """One document sent in a case, as issued: its 文号 from the agency's sequence and the
    text it carried (``content``, the snapshot the DOCX and PDF are rendered from), then how
    and when it was served (送达), from which the remedy periods run."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    # The issuing agency: a case transferred later keeps its documents' numbers.
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("发文机关")
    )
    kind = models.CharField(_("文书种类"), max_length=30, choices=NoticeKind)
    year = models.PositiveSmallIntegerField(_("年份"))
    serial = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("文号"), max_length=60)
    issued_on = models.DateField(_("发文日期"))
    addressee = models.CharField(_("收件人"), max_length=200)
    to_applicant = models.BooleanField(_("送申请人"), default=True)
    content = models.JSONField(_("文书内容"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    service_method = models.CharField(
        _("送达方式"), max_length=20, choices=ServiceMethod, blank=True
    )
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    service_note = models.CharField(_("送达说明"), max_length=200, blank=True)
    service_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    service_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["issued_on", "pk"]
        verbose_name = _("告知书")
        verbose_name_plural = _("告知书")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "serial"], name="notice_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def served(self) -> bool:
        return self.served_on is not None


# --- consultation (Art. 32, 34) -----------------------------------------------------------------


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("第三方（第三十二条）")
    AGENCY = "agency", _("共同制作的行政机关（第三十四条）")


class ConsultationResult(models.TextChoices):
    AGREES = "agrees", _("同意公开")
    OBJECTS = "objects", _("不同意公开")
    # Art. 34: an agency that does not answer within 15 working days is deemed to consent.
    DEEMED_CONSENT = "deemed_consent", _("逾期未提出意见，视为同意公开（第三十四条）")
    # Art. 32: a third party's silence is not consent; the agency decides under the Regulations.
    NO_ANSWER = "no_answer", _("逾期未提出意见，由本机关依法决定是否公开（第三十二条）")


#: The results that are an answer received (the others follow from the window's end).
ANSWERS = frozenset({ConsultationResult.AGREES, ConsultationResult.OBJECTS})
#: The result of silence after the window, by kind of party.
SILENCE = {
    ConsultationKind.THIRD_PARTY: ConsultationResult.NO_ANSWER,
    ConsultationKind.AGENCY: ConsultationResult.DEEMED_CONSENT,
}


class Consultation(models.Model):
    """征求意见: one letter to a third party (Art. 32) or a co-producing agency (Art. 34),
    and its result. Several may run at once; the clock excludes the union of their periods
    (Art. 33 ¶3). The fields are plain so that the 征求意见书 can be written from them."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    party_kind = models.CharField(_("征求意见对象类型"), max_length=20, choices=ConsultationKind)
    # A third party's name is kept from the public (the applicant's timeline shows the kind).
    party_name = models.CharField(_("征求意见对象"), max_length=200)
    party_contact = models.CharField(_("地址或联系方式"), max_length=300, blank=True)
    matter = models.TextField(_("征求意见的事项"))
    sent_on = models.DateField(_("发出日期"))
    window_ends_on = models.DateField(_("答复期限"))
    result = models.CharField(_("结果"), max_length=20, choices=ConsultationResult, blank=True)
    result_on = models.DateField(_("结果日期"), null=True, blank=True)
    result_note = models.TextField(_("意见内容"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_on", "pk"]
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")

    def __str__(self) -> str:
        return f"{self.get_party_kind_display()} {self.sent_on}"

    @property
    def is_open(self) -> bool:
        return not self.result


# --- 更正 of a step date --------------------------------------------------------------------------


class StepCorrection(models.Model):
    """更正: a step's date entered wrongly and corrected by the officer, with the reason. The
    step keeps the new date; this row keeps the old one, so the history stays whole."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="step_corrections"
    )
    event = models.ForeignKey(
        ClockEventRecord, on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        _("事项"), max_length=30, choices=ClockEventRecord._meta.get_field("kind").choices
    )
    old_on = models.DateField(_("原日期"))
    new_on = models.DateField(_("更正后日期"))
    reason = models.TextField(_("更正理由"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("日期更正")
        verbose_name_plural = _("日期更正")

    def __str__(self) -> str:
        return f"{self.old_on} → {self.new_on}"


# --- reminders of every period ------------------------------------------------------------------


class PeriodKind(models.TextChoices):
    RECEIPT_UNCONFIRMED = "receipt_unconfirmed", _("申请待确认收到")
    CORRECTION_NOTICE = "correction_notice", _("补正告知期限")
    CONSULTATION_WINDOW = "consultation_window", _("征求意见答复期限")
    FEE_PAYMENT = "fee_payment", _("缴费期限")


class PeriodReminder(models.Model):
    """A reminder of a period other than the reply's (that one is :class:`Reminder`), sent
    once per event: the unique constraint is the claim, so a rerun sends nothing twice."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="period_reminders"
    )
    kind = models.CharField(_("提醒类型"), max_length=30, choices=PeriodKind)
    due = models.DateField(_("期限"))
    # The consultation reminded of; 0 for the periods of the case itself.
    ref = models.PositiveIntegerField(default=0)
    recipients = models.JSONField(_("收件人"), default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("期限提醒")
        verbose_name_plural = _("期限提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "due", "ref"], name="period_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"


class Correction(models.Model):
    """补正 the applicant sent online from the tracking page (Art. 30): text and files."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(_("补正内容"))
    on = models.DateField(_("收到补正日期"))
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("申请人补正")
        verbose_name_plural = _("申请人补正")

    def __str__(self) -> str:
        return f"{self.application.tracking_code} {self.on}"


class CorrectionFile(models.Model):
    """A file of a correction: private like every case file. ``findings`` are what the
    privacy gate found in it, masked: the applicant's own data is expected in their own
    correction, and staff are told before they pass the file on."""

    correction = models.ForeignKey(Correction, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        _("文件"), storage=private_storage, upload_to="applications/corrections/%Y/%m/"
    )
    name = models.CharField(_("文件名"), max_length=200)
    findings = models.JSONField(_("个人信息检查结果（已遮盖）"), default=list, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("补正附件")
        verbose_name_plural = _("补正附件")

    def __str__(self) -> str:
        return self.name
