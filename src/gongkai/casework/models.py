"""The record of who saw personal data in clear (个人信息查看记录).

Staff whose role may see an applicant's or a message writer's personal data see it in
clear; every such view is recorded here — who, which case, when — so that the supervisor
can review it. The record names the case, never the data itself. Both case apps write it
and the supervisor's screen reads it, so it lives in the casework kernel.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    APPLICATION = "application", _("政府信息公开申请")
    MESSAGE = "message", _("政民互动留言")


class PersonalDataAccess(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="personal_data_accesses",
        verbose_name=_("查看人"),
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    case_kind = models.CharField(_("类别"), max_length=20, choices=CaseKind.choices)
    case_id = models.PositiveBigIntegerField(_("编号"))
    tracking_code = models.CharField(_("查询码"), max_length=40)
    accessed_at = models.DateTimeField(_("查看时间"), auto_now_add=True, db_index=True)

    class Meta:
        # The table the record had in `supervision`, which reads it, before it moved here.
        db_table = "supervision_personaldataaccess"
        ordering = ["-accessed_at", "-pk"]
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")

    def __str__(self) -> str:
        return f"{self.user} {self.get_case_kind_display()} {self.tracking_code}"


def record_access(user, case, kind: CaseKind) -> PersonalDataAccess:
    """Record that ``user`` was shown the personal data of ``case`` in clear."""
    return PersonalDataAccess.objects.create(
        user=user,
        agency_id=case.agency_id,
        case_kind=kind,
        case_id=case.pk,
        tracking_code=case.tracking_code,
    )
