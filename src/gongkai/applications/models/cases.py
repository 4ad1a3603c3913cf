"""The case and the records of its steps: the application, its clock events, extensions,
fees, transfers, the reply and its files, deadline changes, reminders and 承办.

Models hold facts; every change goes through ``actions``. The state of a case is an enum
with its allowed moves in :data:`TRANSITIONS`; the outcome is one code of the statutory list
of the 2021 report format, so that each concluded case sits in exactly one row of table 三.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.applications.particulars import GROUND_CHOICES
from gongkai.applications.states import (  # noqa: F401 — the models' vocabulary, re-exported
    CONCLUDED_STATES,
    CONFIRMATION_CHANNELS,
    DENIALS,
    OPEN_STATES,
    REPLY_OUTCOMES,
    TRANSITIONS,
    ApplicantKind,
    Channel,
    DeliveryRoute,
    IdDocumentType,
    OrganisationType,
    Outcome,
    ProvisionForm,
    ReceiptError,
    State,
    can_move,
    legal_receipt_date,
)
from gongkai.casework.uploads import private_storage
from gongkai.privacy.findings import mask_email, mask_name, mask_significant
from gongkai.rules.calendar import shanghai_date
from gongkai.rules.clock import EventKind

# --- the case ---------------------------------------------------------------------------------

#: The applicant and the request as Art. 29 ¶2 lists them: what the staff's registration
#: asks for and what a forwarded application copies.
APPLICANT_AND_REQUEST = (
    "applicant_kind",
    "organisation_type",
    "applicant_name",
    "id_document_type",
    "id_document_number",
    "phone",
    "email",
    "postal_address",
    "contact_person",
    "description",
    "document_number",
    "provision_form",
    "delivery_route",
)


class Application(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("受理机关"),
    )
    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True, editable=False)
    # sha256 of a 128-bit random secret: high entropy, so a fast hash is enough; compared in
    # constant time (tracking.py).
    secret_hash = models.CharField(_("查询密码摘要"), max_length=64, editable=False)

    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind)
    organisation_type = models.CharField(
        _("组织类型"), max_length=20, choices=OrganisationType, blank=True
    )
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=100)
    id_document_type = models.CharField(_("身份证明类型"), max_length=20, choices=IdDocumentType)
    id_document_number = models.CharField(_("身份证明号码"), max_length=40)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    postal_address = models.CharField(_("通信地址"), max_length=200, blank=True)
    # Art. 29 ¶2(1): an organisation's contact details reach a named person.
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    # A copy of the identity document the applicant may attach online: private storage, a
    # random stored name; staff see it only with the personal-data access recorded.
    id_document_copy = models.FileField(
        _("身份证明复印件"),
        storage=private_storage,
        upload_to="applications/identity/%Y/%m/",
        blank=True,
    )
    description = models.TextField(_("所需信息的内容描述"))
    document_number = models.CharField(_("文件名称、文号"), max_length=200, blank=True)
    provision_form = models.CharField(_("提供形式"), max_length=20, choices=ProvisionForm)
    delivery_route = models.CharField(_("获取方式"), max_length=20, choices=DeliveryRoute)

    channel = models.CharField(_("申请渠道"), max_length=20, choices=Channel)
    arrived_at = models.DateTimeField(_("申请到达时间"))
    confirmed_on = models.DateField(_("确认收到日期"), null=True, blank=True)
    # Art. 31(2): an ordinary letter is confirmed on the day it arrives; why it was not.
    confirmation_late_reason = models.TextField(_("未当日确认的原因"), blank=True)
    # Art. 35: the applicant was asked to explain an evidently excessive number or frequency
    # of applications; only then may the agency refuse to handle them as unreasonable.
    reasons_requested_on = models.DateField(_("要求说明理由日期"), null=True, blank=True)
    reasons_request = models.TextField(_("要求说明理由的事项"), blank=True)
    received_on = models.DateField(_("收到申请之日"), null=True, blank=True)

    state = models.CharField(_("状态"), max_length=30, choices=State)
    reply_due = models.DateField(_("答复期限"), null=True, blank=True)
    provisional = models.BooleanField(_("期限为暂定"), default=False)
    outcome = models.CharField(_("办理结果"), max_length=40, choices=Outcome, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)

    # What the remind command has sent, per deadline: claimed with a conditional UPDATE.
    due_soon_reminded_for = models.DateField(null=True, blank=True, editable=False)
    overdue_reminded_for = models.DateField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-arrived_at", "-pk"]
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(applicant_kind="natural_person", organisation_type="")
                    | (models.Q(applicant_kind="legal_person") & ~models.Q(organisation_type=""))
                ),
                name="application_org_type_iff_legal_person",
            ),
        ]
        indexes = [models.Index(fields=["agency", "state"])]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_open(self) -> bool:
        return State(self.state) in OPEN_STATES

    @property
    def applicant_column(self) -> str:
        """The applicant column of table 三 (a format column id)."""
        if self.applicant_kind == ApplicantKind.NATURAL_PERSON:
            return "natural_person"
        return self.organisation_type

    @property
    def masked_id_number(self) -> str:
        return mask_significant(self.id_document_number, 3, 2)

    @property
    def masked_phone(self) -> str:
        return mask_significant(self.phone, 3, 4) if self.phone else ""

    @property
    def masked_email(self) -> str:
        return mask_email(self.email) if self.email else ""

    @property
    def masked_name(self) -> str:
        if self.applicant_kind == ApplicantKind.LEGAL_PERSON:
            return self.applicant_name  # an organisation's name is not personal information
        return mask_name(self.applicant_name)

    @property
    def arrived_on(self) -> date:
        return shanghai_date(self.arrived_at)

    @property
    def confirmed_late(self) -> bool:
        """An ordinary letter confirmed after the day it arrived (Art. 31(2): 当日确认)."""
        return (
            self.channel == Channel.ORDINARY_LETTER
            and self.confirmed_on is not None
            and self.confirmed_on > self.arrived_on
        )

    @property
    def counted_from(self) -> date:
        """The day the case counts as received in the statistics: the legal receipt date, or
        the arrival while a confirmation (Art. 31) is outstanding."""
        return self.received_on or self.arrived_on


EVENT_LABELS = {
    EventKind.CORRECTION_REQUESTED: _("发出补正告知"),
    EventKind.CORRECTION_RECEIVED: _("收到补正后的申请"),
    EventKind.CONSULTATION_STARTED: _("发出征求意见函"),
    EventKind.CONSULTATION_ENDED: _("收到第三方意见或征求意见期满"),
    EventKind.EXTENSION: _("延期答复"),
    EventKind.FEE_NOTICE_SENT: _("发出收费通知"),
    EventKind.FEE_NOTICE_RECEIVED: _("申请人收到收费通知"),
    EventKind.FEE_PAID: _("申请人缴费"),
    EventKind.DEADLINE_SET: _("另行确定答复期限（第三十五条）"),
}


class ClockEventRecord(models.Model):
    """One event of the clock (``gongkai.rules.clock.EventKind``), with who recorded it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="clock_events"
    )
    kind = models.CharField(
        _("事项"), max_length=30, choices=[(k.value, EVENT_LABELS[k]) for k in EventKind]
    )
    on = models.DateField(_("日期"))
    working_days = models.PositiveSmallIntegerField(_("工作日数"), null=True, blank=True)
    until = models.DateField(_("期限"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    # CONSULTATION_STARTED/ENDED: which consultation, as several may run at once.
    consultation = models.ForeignKey(
        "Consultation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="clock_events",
        verbose_name=_("征求意见"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("期限事项")
        verbose_name_plural = _("期限事项")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Extension(models.Model):
    """Art. 33 ¶2: approved by the head of the disclosure office and notified."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="extensions"
    )
    working_days = models.PositiveSmallIntegerField(_("延长工作日数"))
    reason = models.TextField(_("延期理由"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("批准人（信息公开工作机构负责人）"),
    )
    # Printed on the 延期答复告知书 with the approver (Art. 33 ¶2); empty for records made
    # before the date was asked.
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    notice_sent_on = models.DateField(_("延期告知日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("延期答复")
        verbose_name_plural = _("延期答复")

    def __str__(self) -> str:
        return f"+{self.working_days} ({self.notice_sent_on})"


class FeeMethod(models.TextChoices):
    PER_PIECE = "per_piece", _("按件计收")
    PER_VOLUME = "per_volume", _("按量计收")


class FeeNotice(models.Model):
    """A 收费通知 under 国办函〔2020〕109号 and its payment."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="fee_notice"
    )
    method = models.CharField(_("计收方式"), max_length=20, choices=FeeMethod)
    basis = models.PositiveIntegerField(_("计费依据（当月累计件数或页数）"))
    amount = models.PositiveIntegerField(_("金额（元）"))
    sent_on = models.DateField(_("发出日期"))
    received_on = models.DateField(_("申请人收到日期"), null=True, blank=True)
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("信息处理费收费通知")
        verbose_name_plural = _("信息处理费收费通知")

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount} 元"


class Transfer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("转出机关")
    )
    to_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("转入机关")
    )
    reason = models.TextField(_("转办理由"))
    # A forward (Art. 36(5) answered, the applicant agreed): the new application of
    # ``to_agency``; empty for a transfer that moved the case itself.
    forwarded_as = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_from",
        verbose_name=_("转送后的新申请"),
    )
    consent = models.TextField(_("申请人同意转送的记录"), blank=True)
    transferred_at = models.DateTimeField(auto_now_add=True)
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("转办记录")
        verbose_name_plural = _("转办记录")

    def __str__(self) -> str:
        return f"{self.from_agency_id} → {self.to_agency_id}"


class Reply(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="reply")
    outcome = models.CharField(_("办理结果"), max_length=40, choices=Outcome)
    replied_on = models.DateField(_("答复日期"))
    text = models.TextField(_("答复内容"))
    # What the law requires the reply to say for its outcome (``particulars.py``).
    obtain_how = models.TextField(_("获取的方式、途径和时间"), blank=True)
    withheld_ground = models.CharField(
        _("不予公开部分的理由类别"), max_length=40, choices=GROUND_CHOICES, blank=True
    )
    refusal_reason = models.TextField(_("不予公开的具体理由"), blank=True)
    responsible_agency = models.CharField(_("负责公开该信息的行政机关"), max_length=200, blank=True)
    responsible_contact = models.CharField(_("该行政机关的联系方式"), max_length=200, blank=True)
    responsible_undetermined = models.BooleanField(
        _("无法确定负责公开该信息的行政机关"), default=False
    )
    other_procedure = models.TextField(_("应依照办理的法律、行政法规及程序"), blank=True)
    turn_to = models.TextField(_("申请人可以通过的途径"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")

    def __str__(self) -> str:
        return f"{self.application.tracking_code} {self.get_outcome_display()}"


class ReplyFile(models.Model):
    """A file released with a reply (the information disclosed). It passed the privacy gate,
    or a staff member recorded why it is released anyway."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        _("文件"), storage=private_storage, upload_to="applications/replies/%Y/%m/"
    )
    name = models.CharField(_("文件名"), max_length=200)
    privacy_override_reason = models.TextField(_("含个人信息仍提供的理由"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("答复附件")
        verbose_name_plural = _("答复附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class DeadlineChange(models.Model):
    """A deadline moved by a holiday schedule added or corrected (shown on the case)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="deadline_changes"
    )
    old_due = models.DateField(_("原答复期限"), null=True)
    new_due = models.DateField(_("新答复期限"), null=True)
    old_provisional = models.BooleanField(_("原期限为暂定"))
    new_provisional = models.BooleanField(_("新期限为暂定"))
    reason = models.CharField(_("原因"), max_length=200)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("期限变更")
        verbose_name_plural = _("期限变更")

    def __str__(self) -> str:
        return f"{self.old_due} → {self.new_due}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")


class Reminder(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("提醒类型"), max_length=20, choices=ReminderKind)
    due = models.DateField(_("答复期限"))
    recipients = models.JSONField(_("收件人"), default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("到期提醒")
        verbose_name_plural = _("到期提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "due"], name="reminder_once_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"


class Assignment(models.Model):
    """承办: the disclosure office asks a department for its opinion on a case.

    The department's editors see the request text, the deadline and the office's question,
    never the applicant's personal data; they return an opinion and files, and the office
    decides.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    department = models.ForeignKey(
        "agencies.Department",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("承办股室"),
    )
    question = models.TextField(_("需提出意见的事项"))
    opinion_due = models.DateField(_("意见反馈期限"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    opinion = models.TextField(_("承办意见"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("承办")
        verbose_name_plural = _("承办")

    def __str__(self) -> str:
        return f"{self.application.tracking_code} → {self.department.name}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class OpinionFile(models.Model):
    """A file a department returns with its opinion; private, like every case file."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        _("文件"), storage=private_storage, upload_to="applications/opinions/%Y/%m/"
    )
    name = models.CharField(_("文件名"), max_length=255)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("承办意见附件")
        verbose_name_plural = _("承办意见附件")

    def __str__(self) -> str:
        return self.name
