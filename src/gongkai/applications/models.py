"""Applications for disclosure (依申请公开) and what happens to them.

Models hold facts; every change goes through ``actions.py``. The state of a case is an enum
with its allowed moves in :data:`TRANSITIONS`; the outcome is one code of the statutory list
of the 2021 report format, so that each concluded case sits in exactly one row of table 三.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.privacy.findings import mask_email, mask_name, mask_significant
from gongkai.rules.calendar import shanghai_date
from gongkai.rules.clock import EventKind

# --- applicant --------------------------------------------------------------------------------


class ApplicantKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("自然人")
    LEGAL_PERSON = "legal_person", _("法人或其他组织")


class OrganisationType(models.TextChoices):
    """The five organisation columns of table 三 (values are the format's column ids)."""

    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_WELFARE = "public_welfare", _("社会公益组织")
    LEGAL_SERVICES = "legal_services", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


class IdDocumentType(models.TextChoices):
    ID_CARD = "id_card", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_TAIWAN = "hmt_permit", _("港澳台居民往来内地通行证或居住证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    OTHER = "other", _("其他身份证明")


class ProvisionForm(models.TextChoices):
    """Art. 29 ¶2(3), Art. 40: the form the applicant asks for."""

    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子数据")
    INSPECTION = "inspection", _("当场阅览、抄录")


class DeliveryRoute(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上获取")
    COLLECT = "collect", _("当面领取")
    FAX = "fax", _("传真")


# --- channel and Art. 31 ------------------------------------------------------------------------


class Channel(models.TextChoices):
    ONLINE = "online", _("互联网渠道")
    IN_PERSON = "in_person", _("当面提交")
    SIGNED_LETTER = "signed_letter", _("需签收的邮件")
    ORDINARY_LETTER = "ordinary_letter", _("无需签收的普通信件")
    FAX = "fax", _("传真")


# Art. 31: which channels fix the legal receipt date by a confirmation with the applicant
# rather than by the physical arrival. Handed in (31(1)): the day it is handed in; post that
# must be signed for (31(2)): the day the agency signs — i.e. the arrival we record; an
# ordinary letter (31(2)): the day the office confirms with the applicant; online or fax
# (31(3)): the day both sides confirm.
CONFIRMATION_CHANNELS = frozenset({Channel.ONLINE, Channel.ORDINARY_LETTER, Channel.FAX})


class ReceiptError(ValueError):
    pass


def legal_receipt_date(
    channel: Channel | str, arrived_at: datetime, confirmed_on: date | None
) -> date | None:
    """The 收到申请之日 of Art. 31 for ``channel``; None while a needed confirmation is missing.

    ``arrived_at`` is the aware moment of physical arrival (for a signed-for letter: the
    signature). Dates are China's calendar dates whatever the server's time zone.
    """
    arrived_on = shanghai_date(arrived_at)
    channel = Channel(channel)
    if channel not in CONFIRMATION_CHANNELS:
        if confirmed_on is not None and confirmed_on != arrived_on:
            raise ReceiptError(f"{channel.label}以实际收到之日为收到申请之日，无需另行确认")
        return arrived_on
    if confirmed_on is None:
        return None
    if confirmed_on < arrived_on:
        raise ReceiptError("确认日期不能早于申请到达日期")
    return confirmed_on


# --- state ---------------------------------------------------------------------------------


class State(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("待确认收到")
    PROCESSING = "processing", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    CONSULTING = "consulting", _("征求意见中")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    REPLIED = "replied", _("已答复")
    WITHDRAWN = "withdrawn", _("已撤回")
    CLOSED = "closed", _("已终止")


#: The allowed moves. A state mapping to itself is an action that keeps the state (an
#: extension, a transfer). Concluded states lead nowhere.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.AWAITING_CONFIRMATION: frozenset(
        {State.AWAITING_CONFIRMATION, State.PROCESSING, State.WITHDRAWN}
    ),
    State.PROCESSING: frozenset(
        {
            State.PROCESSING,
            State.AWAITING_CORRECTION,
            State.CONSULTING,
            State.AWAITING_FEE,
            State.REPLIED,
            State.WITHDRAWN,
        }
    ),
    State.AWAITING_CORRECTION: frozenset({State.PROCESSING, State.WITHDRAWN, State.CLOSED}),
    State.CONSULTING: frozenset({State.CONSULTING, State.PROCESSING, State.WITHDRAWN}),
    State.AWAITING_FEE: frozenset({State.PROCESSING, State.WITHDRAWN, State.CLOSED}),
    State.REPLIED: frozenset(),
    State.WITHDRAWN: frozenset(),
    State.CLOSED: frozenset(),
}

OPEN_STATES = frozenset(s for s, moves in TRANSITIONS.items() if moves)
CONCLUDED_STATES = frozenset(State) - OPEN_STATES


def can_move(old: State | str, new: State | str) -> bool:
    return State(new) in TRANSITIONS[State(old)]


# --- outcome --------------------------------------------------------------------------------


class Outcome(models.TextChoices):
    """办理结果: the statutory list of the 2021 report format (国办公开办函〔2021〕30号).

    Values are the outcome codes of the format data (``outcome_to_row``), so each maps to
    exactly one leaf row of table 三 in both format versions; see ``reporting.outcome_row``.
    """

    ALREADY_PUBLIC = "art36_1_already_public", _("予以公开（已主动公开，告知获取方式、途径）")
    DISCLOSED = "art36_2_disclose", _("予以公开")
    PARTIAL = "art37_partial", _("部分公开（区分处理）")
    DENIED_STATE_SECRET = "art14_state_secret", _("不予公开：属于国家秘密")
    DENIED_LAW_PROHIBITS = "art14_law_prohibits", _("不予公开：其他法律行政法规禁止公开")
    DENIED_SECURITY = "art14_security_stability", _("不予公开：危及“三安全一稳定”")
    DENIED_THIRD_PARTY = "art15_third_party", _("不予公开：保护第三方合法权益")
    DENIED_INTERNAL = "art16_1_internal_affairs", _("不予公开：属于三类内部事务信息")
    DENIED_PROCESS = "art16_2_process_info", _("不予公开：属于四类过程性信息")
    DENIED_ENFORCEMENT = "art16_2_enforcement_file", _("不予公开：属于行政执法案卷")
    DENIED_ADMIN_QUERY = "art36_7_special_query", _("不予公开：属于行政查询事项")
    UNABLE_NOT_EXIST = "art36_4_not_exist", _("无法提供：本机关不掌握相关政府信息（不存在）")
    UNABLE_NOT_THIS_AGENCY = (
        "art36_5_not_this_agency",
        _("无法提供：本机关不掌握相关政府信息（不属于本机关负责公开）"),
    )
    UNABLE_NEEDS_CREATION = "art38_requires_creation", _("无法提供：没有现成信息需要另行制作")
    UNABLE_UNCLEAR = "art30_unclear_after_correction", _("无法提供：补正后申请内容仍不明确")
    NP_PETITION = "art39_1_petition", _("不予处理：信访举报投诉类申请")
    NP_REPEAT = "art36_6_repeat", _("不予处理：重复申请")
    NP_PUBLICATION = "art39_2_publication", _("不予处理：要求提供公开出版物")
    NP_EXCESSIVE = "art35_excessive", _("不予处理：无正当理由大量反复申请")
    NP_CONFIRM_REISSUE = "confirm_or_reissue", _("不予处理：要求行政机关确认或重新出具已获取信息")
    OTHER_NO_CORRECTION = "art30_no_correction", _("其他处理：申请人无正当理由逾期不补正")
    OTHER_FEE_UNPAID = "fee_unpaid", _("其他处理：申请人逾期未按收费通知要求缴纳费用")
    OTHER = "other", _("其他处理：其他")


#: Outcomes a reply may record; the others end a case through their own action.
REPLY_OUTCOMES = frozenset(Outcome) - {
    Outcome.OTHER_NO_CORRECTION,
    Outcome.OTHER_FEE_UNPAID,
    Outcome.OTHER,
}


# --- the case ---------------------------------------------------------------------------------


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
    description = models.TextField(_("所需信息的内容描述"))
    document_number = models.CharField(_("文件名称、文号"), max_length=200, blank=True)
    provision_form = models.CharField(_("提供形式"), max_length=20, choices=ProvisionForm)
    delivery_route = models.CharField(_("获取方式"), max_length=20, choices=DeliveryRoute)

    channel = models.CharField(_("申请渠道"), max_length=20, choices=Channel)
    arrived_at = models.DateTimeField(_("申请到达时间"))
    confirmed_on = models.DateField(_("确认收到日期"), null=True, blank=True)
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
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")

    def __str__(self) -> str:
        return f"{self.application.tracking_code} {self.get_outcome_display()}"


def private_storage() -> FileSystemStorage:
    """Storage outside MEDIA_ROOT: released files reach only the applicant and staff, through
    views that check access (tracking code and secret, or the agency scope)."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


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


# --- reconsideration and litigation (table 四) ----------------------------------------------


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

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="remedies")
    reply = models.ForeignKey(
        Reply, on_delete=models.PROTECT, null=True, blank=True, related_name="remedies"
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
        ordering = ["filed_on", "pk"]
        verbose_name = _("行政复议、行政诉讼")
        verbose_name_plural = _("行政复议、行政诉讼")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on}"


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
