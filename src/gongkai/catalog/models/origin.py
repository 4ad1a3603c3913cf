"""How a public item came and when it actually became public (the inspection's "new" and
its fraudulent-date check read these; ``gongkai.inspection``).

An item is written here — it became public at its first publication — or migrated from an
earlier system with its original publication time, which an import (or the demo) sets
before publishing it. ``became_public_at`` is set once, at the first publication, and never
changes afterwards: no form shows it, and neither a revision nor a copy carries it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    HERE = "here", _("本系统发布")
    MIGRATED = "migrated", _("从原系统迁移")


class PublicationOrigin(models.Model):
    origin = models.CharField(
        _("来源"), max_length=10, choices=Origin.choices, default=Origin.HERE, editable=False
    )
    became_public_at = models.DateTimeField(
        _("实际公开时间"), null=True, blank=True, editable=False, db_index=True
    )

    ORIGIN_FIELDS = ("origin", "became_public_at")

    class Meta:
        abstract = True

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.ORIGIN_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def mark_migrated(self, original_published_at) -> None:
        """Before the first publication: the item comes from an earlier system, where it was
        published at ``original_published_at`` (also its shown publication time)."""
        self.origin = Origin.MIGRATED
        self.became_public_at = original_published_at
        self.first_published_at = original_published_at


def record_became_public(page) -> None:
    """At a publication: the first one sets when the page became public (a migrated item:
    its original time). Later publications of edits change nothing."""
    if page.became_public_at is not None:
        return
    if page.origin == Origin.MIGRATED and page.first_published_at is not None:
        moment = page.first_published_at
    else:
        moment = timezone.now()
    type(page).objects.filter(pk=page.pk, became_public_at__isnull=True).update(
        became_public_at=moment
    )
    page.became_public_at = moment
