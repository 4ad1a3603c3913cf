"""The site group's list of wrong official expressions (严重表述错误): a published item that
contains one is a 严重错误 of the website inspection. Maintained by the supervisors
(``Capability.INSPECTION_EXPRESSIONS``) through the audited actions of ``actions.py``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WrongExpression(models.Model):
    wrong = models.CharField(_("错误表述"), max_length=100, unique=True)
    right = models.CharField(_("规范表述"), max_length=100)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["wrong"]
        verbose_name = _("严重表述错误")
        verbose_name_plural = _("严重表述错误")

    def __str__(self) -> str:
        return f"{self.wrong} → {self.right}"
