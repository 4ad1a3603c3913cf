"""政民互动: the public's messages (咨询, 建议, 投诉) to an agency and its public replies."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Department


class MessageKind(models.TextChoices):
    INQUIRY = "inquiry", _("咨询")
    SUGGESTION = "suggestion", _("建议")
    COMPLAINT = "complaint", _("投诉")


class MessageState(models.TextChoices):
    RECEIVED = "received", _("已受理")
    ASSIGNED = "assigned", _("已转办")
    DRAFTED = "drafted", _("答复待审核")
    ANSWERED = "answered", _("已答复")
    REDIRECTED = "redirected", _("已转其他渠道")


# The moves a message may make; actions refuse anything else.
TRANSITIONS = {
    MessageState.RECEIVED: {MessageState.ASSIGNED, MessageState.DRAFTED, MessageState.REDIRECTED},
    MessageState.ASSIGNED: {MessageState.ASSIGNED, MessageState.DRAFTED, MessageState.REDIRECTED},
    MessageState.DRAFTED: {MessageState.DRAFTED, MessageState.ASSIGNED, MessageState.ANSWERED},
    MessageState.ANSWERED: set(),
    MessageState.REDIRECTED: set(),
}
#: Waiting for a reply: the states a message may still leave.
OPEN_STATES = [state for state, moves in TRANSITIONS.items() if moves]


class ReplyPolicy(models.Model):
    """Reply deadlines of one agency, in working days; without a row the defaults apply."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="reply_policy")
    inquiry_days = models.PositiveSmallIntegerField(_("咨询答复期限（工作日）"), default=5)
    suggestion_days = models.PositiveSmallIntegerField(_("建议答复期限（工作日）"), default=10)
    complaint_days = models.PositiveSmallIntegerField(_("投诉答复期限（工作日）"), default=10)

    class Meta:
        verbose_name = _("留言答复期限")
        verbose_name_plural = _("留言答复期限")

    def __str__(self) -> str:
        return str(self.agency)


class Campaign(models.Model):
    """A topic an agency opens for the public's ideas (e.g. 我为庐山献一策) and later closes."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="campaigns")
    title = models.CharField(_("活动名称"), max_length=100)
    description = models.TextField(_("活动说明"), blank=True)
    is_open = models.BooleanField(_("正在征集"), default=True)

    class Meta:
        verbose_name = _("征集活动")
        verbose_name_plural = _("征集活动")

    def __str__(self) -> str:
        return self.title


class Message(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(_("类型"), max_length=20, choices=MessageKind.choices)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("征集活动"),
    )
    subject = models.CharField(_("标题"), max_length=80)
    body = models.TextField(_("内容"))
    name = models.CharField(_("姓名"), max_length=40)
    phone = models.CharField(_("联系电话"), max_length=20)
    public_allowed = models.BooleanField(_("同意公开留言"), default=True)
    received_at = models.DateTimeField(_("受理时间"))
    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=128)
    content_hash = models.CharField(max_length=64, db_index=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=MessageState.choices, default=MessageState.RECEIVED
    )
    due_on = models.DateField(_("答复期限"))
    due_provisional = models.BooleanField(_("期限为暂算"), default=False)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("承办股室"),
    )
    reply = models.TextField(_("答复内容"), blank=True)
    reply_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复部门"),
    )
    reply_drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reply_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    reply_workdays = models.PositiveSmallIntegerField(
        _("答复用时（工作日）"), null=True, blank=True
    )
    reply_public = models.BooleanField(_("答复公开"), default=True)
    reply_private_reason = models.CharField(_("答复不公开的理由"), max_length=200, blank=True)
    redirect_explanation = models.TextField(_("转其他渠道的说明"), blank=True)
    rating = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    alarm_sent_at = models.DateTimeField(null=True, blank=True)
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_message",
        verbose_name=_("转为的政府信息公开申请"),
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        indexes = [models.Index(fields=["agency", "state", "due_on"])]

    def __str__(self) -> str:
        # The label of every audit-log entry: the subject may hold a phone number.
        return self.tracking_code

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
