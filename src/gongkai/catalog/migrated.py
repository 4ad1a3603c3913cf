"""Items carried over from an agency's earlier website (迁移): the one way an import — or the
demo, whose items stand for such a history — publishes them."""

from __future__ import annotations

from datetime import datetime

from gongkai.catalog.models import ColumnPage, InfoItem


def publish_migrated(column: ColumnPage, item: InfoItem, published_at: datetime, *, user):
    """Add ``item`` under ``column`` and publish it as public since ``published_at``, its time
    on the earlier site: its origin says migrated (the inspection never takes that time for
    a forged date), its 索引号 carries that year, and its history shows that time as its
    publication."""
    item.mark_migrated(published_at)
    column.add_child(instance=item)
    item.save_revision(user=user).publish(user=user)
    InfoItem.objects.filter(pk=item.pk).update(
        last_published_at=published_at, latest_revision_created_at=published_at
    )
    item.last_published_at = item.latest_revision_created_at = published_at
    return item
