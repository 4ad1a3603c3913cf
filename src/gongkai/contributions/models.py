"""信息报送 (a contribution and its state), the columns that accept them, and 栏目映射."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Department
from gongkai.catalog.models import ColumnPage, InfoItem


class ContributionState(models.TextChoices):
    SUBMITTED = "submitted", _("待处理")
    ADOPTED = "adopted", _("已采用")
    RETURNED = "returned", _("已退回")


# state -> the states an action may move it to (casework.check_transition). An adopted
# reference entry may still be returned (withdrawn from the column), with a reason.
TRANSITIONS = {
    ContributionState.SUBMITTED: {ContributionState.ADOPTED, ContributionState.RETURNED},
    ContributionState.ADOPTED: {ContributionState.RETURNED},
    ContributionState.RETURNED: set(),
}
OPEN_STATES = (ContributionState.SUBMITTED, ContributionState.ADOPTED)


class ColumnIntake(models.Model):
    """Whether a column accepts submissions from the other sites of the group (接受报送)."""

    column = models.OneToOneField(
        ColumnPage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("栏目"),
    )
    accepts = models.BooleanField(_("接受报送"), default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("接受报送的栏目")
        verbose_name_plural = _("接受报送的栏目")

    def __str__(self) -> str:
        return str(self.column)


class Contribution(models.Model):
    """One item offered by an agency to another site's column (信息报送).

    Adopted as it is, the contribution itself is the reference entry of the target column:
    the listing shows the original item (title, 索引号, 发布机构, date) and links to its page.
    Adopted with edits, ``adopted_item`` is the adopting agency's own new item. The
    submitting agency and department are kept on the row, so the statistics survive the
    item's deletion.
    """

    item = models.ForeignKey(
        InfoItem, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("信息")
    )
    title = models.CharField(_("标题"), max_length=255)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("报送机关")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报送股室"),
    )
    target = models.ForeignKey(
        ColumnPage,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("报送栏目"),
    )
    target_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("采用机关")
    )
    note = models.TextField(_("报送说明"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"))
    state = models.CharField(
        _("状态"),
        max_length=20,
        choices=ContributionState.choices,
        default=ContributionState.SUBMITTED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    reason = models.TextField(_("退回理由"), blank=True)
    adopted_item = models.ForeignKey(
        InfoItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("修改后采用的信息"),
    )
    with_edits = models.BooleanField(_("修改后采用"), default=False)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # An item is offered to a column once at a time; after a return it may be again.
            models.UniqueConstraint(
                fields=["item", "target"],
                condition=Q(state__in=["submitted", "adopted"]),
                name="contribution_open_once_per_column",
            )
        ]
        indexes = [
            models.Index(fields=["target_agency", "state"]),
            models.Index(fields=["agency", "submitted_at"]),
        ]
        verbose_name = _("信息报送")
        verbose_name_plural = _("信息报送")

    def __str__(self) -> str:
        return self.title

    @property
    def reference_entry(self) -> bool:
        """Adopted as it is: the target column lists the original."""
        return self.state == ContributionState.ADOPTED and not self.with_edits


class ColumnMapping(models.Model):
    """栏目映射: what is published in ``source`` is listed in ``target`` too, as entries
    linking to the original pages (one item, one 索引号, one URL)."""

    source = models.ForeignKey(
        ColumnPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("源栏目")
    )
    target = models.ForeignKey(
        ColumnPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("目标栏目")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("映射时间"), auto_now_add=True)

    class Meta:
        ordering = ["target", "source"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="column_mapping_once"),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="column_mapping_not_to_itself"
            ),
        ]
        verbose_name = _("栏目映射")
        verbose_name_plural = _("栏目映射")

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"
