"""The records of the annual report: figures entered from other business systems, the report
of an agency and year, and its published versions.

Plain models that everything in ``reports`` reads (the exporters included); the published
page that renders them through the exporters is in ``pages``. Models hold facts; every
change goes through ``actions.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FigureSource(models.TextChoices):
    FORM = "form", _("后台录入")
    CSV = "csv", _("CSV导入")


class Figure(models.Model):
    """One accepted value of a table-二 cell that comes from another business system
    (行政许可、行政处罚、行政强制 decisions, 收费, 采购 …).

    Append-only: a correction is a new row and the newest row (highest pk) wins, so every
    value ever accepted stays on record with who entered it and when.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="report_figures",
        verbose_name=_("机关"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    cell_id = models.CharField(_("单元格"), max_length=80)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=4)
    source = models.CharField(_("来源"), max_length=10, choices=FigureSource.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        ordering = ["agency", "year", "cell_id", "-pk"]
        indexes = [models.Index(fields=["agency", "year", "cell_id"])]
        verbose_name = _("业务系统数据")
        verbose_name_plural = _("业务系统数据")

    def __str__(self) -> str:
        return f"{self.year} {self.cell_id} = {self.value}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Figures are append-only: record a correction as a new row")
        return super().save(*args, **kwargs)


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已接收")
    PUBLISHED = "published", _("已发布")
    CORRECTING = "correcting", _("更正中")


S = ReportState

#: The report's path (Art. 49: published and submitted to the 本级政府信息公开工作主管部门).
#: A state that lists itself is one the agency may still edit (text, figures, warnings).
#: Publishing from a draft is the site group's "publish and submit at once" setting.
TRANSITIONS: dict[ReportState, frozenset[ReportState]] = {
    S.DRAFT: frozenset({S.DRAFT, S.SUBMITTED, S.PUBLISHED}),
    S.RETURNED: frozenset({S.RETURNED, S.SUBMITTED, S.PUBLISHED}),
    S.SUBMITTED: frozenset({S.RETURNED, S.ACCEPTED}),
    S.ACCEPTED: frozenset({S.PUBLISHED}),
    S.PUBLISHED: frozenset({S.CORRECTING}),
    S.CORRECTING: frozenset({S.CORRECTING, S.PUBLISHED}),
}
#: The states of a report with a published version on the site.
PUBLIC_STATES = (ReportState.PUBLISHED, ReportState.CORRECTING)
#: The states whose text and figures the agency may change.
EDITABLE = frozenset(s for s, moves in TRANSITIONS.items() if s in moves)


def can_move(old: ReportState | str, new: ReportState | str) -> bool:
    return ReportState(new) in TRANSITIONS[ReportState(old)]


class AnnualReport(models.Model):
    """The report of one agency on one year (Art. 49-50).

    Its tables are computed from the records until it is published; publishing freezes
    them in ``published_cells`` together with the narrative.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="annual_reports",
        verbose_name=_("机关"),
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    # Chosen from the format data by report year when the report is created.
    format_id = models.CharField(_("年报格式"), max_length=20, editable=False)
    # Section id (s1, s5, s6) -> text; the headings come from the format.
    narrative = models.JSONField(_("正文"), default=dict, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT
    )
    # Keys (Finding.key) of the warnings someone accepted; a new warning needs a new look.
    acknowledged_warnings = models.JSONField(default=list, blank=True, editable=False)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("警告确认人"),
    )
    acknowledged_at = models.DateTimeField(_("警告确认时间"), null=True, blank=True)
    # The newest published version's cells (the rollup and last year's comparison read
    # these); every version is kept in ReportVersion.
    published_cells = models.JSONField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报送人"),
    )
    # The supervisor's answer: accepted or returned with these comments (shown to the agency).
    review_comments = models.TextField(_("退回意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_report_per_agency_year")
        ]
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def title(self) -> str:
        return str(self)

    @property
    def is_published(self) -> bool:
        """Frozen as published: the newest version is what the agency stated (a correction
        under way does not change it until it is published)."""
        return self.state in PUBLIC_STATES

    @property
    def is_editable(self) -> bool:
        return ReportState(self.state) in EDITABLE


class ReportVersion(models.Model):
    """One published version of a report: the cells and text as published, and for a
    correction its 更正说明. Never changed; the newest is the report."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.PROTECT, related_name="versions", verbose_name=_("年度报告")
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    cells = models.JSONField()
    narrative = models.JSONField(default=dict)
    # A report covering the government's whole area: cell id -> the reports each figure
    # came from ([{"report": pk, "agency": name, "value": n}, …]).
    cell_sources = models.JSONField(default=dict, blank=True)
    # ... and the reports (pks) it added up: the rollup does not count them a second time.
    covers = models.JSONField(default=list, blank=True)
    correction_note = models.TextField(_("更正说明"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("发布人"),
    )

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_report_version_number")
        ]
        verbose_name = _("年度报告版本")
        verbose_name_plural = _("年度报告版本")

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"
