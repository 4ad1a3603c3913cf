"""Keep the search index current as items are published, unpublished and deleted."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from gongkai.catalog.search.indexing import index_item, unindex_item


def _is_item(instance) -> bool:
    from gongkai.catalog.models import InfoItem

    return isinstance(instance, InfoItem)


@receiver(page_published)
def index_published_item(sender, instance, **kwargs):
    if _is_item(instance):
        index_item(instance)


@receiver(page_unpublished)
def unindex_unpublished_item(sender, instance, **kwargs):
    if _is_item(instance):
        unindex_item(instance.pk)


@receiver(post_delete)
def unindex_deleted_item(sender, instance, **kwargs):
    # Deleting a page deletes its Page row; the InfoItem row goes with it and sends this.
    if _is_item(instance):
        unindex_item(instance.pk)
