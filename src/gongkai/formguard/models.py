from django.db import models
from django.utils.translation import gettext_lazy as _


class UsedChallenge(models.Model):
    """A solved challenge token that has submitted its form (of either public form).

    Claimed in the same transaction as the row the form creates, so a submission that
    failed leaves its token unused and the person's retry goes through; rows older than a
    token's lifetime are pruned when the next one is claimed.
    """

    key = models.CharField(max_length=100, primary_key=True)
    used_at = models.DateTimeField(db_index=True)

    class Meta:
        # The table the guard had in `interaction` before it moved to the base layer.
        db_table = "interaction_usedchallenge"
        verbose_name = _("已使用的验证问题")
        verbose_name_plural = _("已使用的验证问题")

    def __str__(self) -> str:
        return self.key
