"""What the monitoring records: probes of the agencies' sites, link checks of their published
pages, and the register of their official new-media accounts (政务新媒体) with post counts.

The records are facts measured or entered; the inspection (``gongkai.inspection``) reads them
through ``monitoring.api`` and decides what they mean.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency


class Probe(models.Model):
    """One GET of an agency's public home page: ok when a complete answer (2xx/3xx and the
    whole body) came within the timeout."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("机关")
    )
    url = models.CharField(_("地址"), max_length=500)
    started_at = models.DateTimeField(_("开始时间"))
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"))
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    ok = models.BooleanField(_("成功"))

    class Meta:
        verbose_name = _("可访问性探测")
        verbose_name_plural = _("可访问性探测")
        indexes = [models.Index(fields=["agency", "started_at"])]
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.url} {self.started_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'failed'}"


class LinkTarget(models.Model):
    """The cached answer of one external address, re-checked after some days."""

    url = models.CharField(_("地址"), max_length=1000, unique=True)
    host = models.CharField(_("主机"), max_length=255, db_index=True)
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    ok = models.BooleanField(_("可用"))
    checked_at = models.DateTimeField(_("检查时间"), db_index=True)

    class Meta:
        verbose_name = _("外部链接")
        verbose_name_plural = _("外部链接")

    def __str__(self) -> str:
        return self.url


class LinkRun(models.Model):
    """One link check of an agency's published pages."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("机关")
    )
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    links = models.PositiveIntegerField(_("链接数"), default=0)
    broken = models.PositiveIntegerField(_("错误链接数"), default=0)
    unchecked = models.PositiveIntegerField(_("未检查数"), default=0)

    class Meta:
        verbose_name = _("链接检查")
        verbose_name_plural = _("链接检查")
        indexes = [models.Index(fields=["agency", "finished_at"])]

    def __str__(self) -> str:
        return f"link check {self.agency_id} {self.started_at:%Y-%m-%d %H:%M}"


class LinkResult(models.Model):
    """A link found on a page in a run, and what checking it gave (``ok`` None: not checked —
    an external link while external checking is off or the day's budget is spent)."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="results")
    page_id = models.PositiveIntegerField(_("页面"))
    page_title = models.CharField(_("页面标题"), max_length=255)
    page_url = models.CharField(_("页面地址"), max_length=1000)
    target = models.CharField(_("链接"), max_length=1000)
    external = models.BooleanField(_("外部链接"))
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    ok = models.BooleanField(_("可用"), null=True)
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("链接检查结果")
        verbose_name_plural = _("链接检查结果")
        indexes = [models.Index(fields=["run", "ok"])]

    def __str__(self) -> str:
        return f"{self.page_title} -> {self.target}"


class Platform(models.TextChoices):
    WECHAT = "wechat", _("微信公众号")
    WEIBO = "weibo", _("微博")
    DOUYIN = "douyin", _("抖音")
    TOUTIAO = "toutiao", _("头条号")
    OTHER = "other", _("其他")


class Account(models.Model):
    """An official new-media account (政务新媒体) of an agency."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    platform = models.CharField(_("平台"), max_length=20, choices=Platform.choices)
    name = models.CharField(_("账号名称"), max_length=100)
    account_id = models.CharField(_("账号ID"), max_length=100, blank=True)
    url = models.URLField(_("网址"), max_length=500, blank=True)
    department = models.CharField(_("主办单位（责任部门）"), max_length=100, blank=True)
    opened_on = models.DateField(_("开设日期"), null=True, blank=True)
    closed_on = models.DateField(_("关停日期"), null=True, blank=True)
    feed_url = models.URLField(_("订阅源（RSS/Atom）"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("政务新媒体账号")
        verbose_name_plural = _("政务新媒体账号")
        ordering = ["agency_id", "platform", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "platform", "name"], name="monitoring_account_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}：{self.name}"

    def is_open_on(self, day) -> bool:
        opened = self.opened_on is None or self.opened_on <= day
        return opened and (self.closed_on is None or self.closed_on >= day)


class PostSource(models.TextChoices):
    ENTERED = "entered", _("录入")
    CSV = "csv", _("CSV导入")
    FEED = "feed", _("订阅源")


class PostCount(models.Model):
    """How many posts an account made in a period (both ends included)."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="post_counts", verbose_name=_("账号")
    )
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("截止日期"))
    count = models.PositiveIntegerField(_("发文数"))
    source = models.CharField(_("来源"), max_length=10, choices=PostSource.choices)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now=True)

    class Meta:
        verbose_name = _("发文数")
        verbose_name_plural = _("发文数")
        ordering = ["account_id", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "start", "end"], name="monitoring_postcount_unique_period"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="monitoring_postcount_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.start}–{self.end}: {self.count}"
