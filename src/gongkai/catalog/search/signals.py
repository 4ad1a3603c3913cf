"""Keep the search index current as items are published, unpublished and deleted."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from gongkai.catalog.models import InfoItem
from gongkai.catalog.search.indexing import index_item, unindex_item


# Wagtail sends the page signals with the page's specific class as the sender.
@receiver(page_published, sender=InfoItem)
def index_published_item(sender, instance, **kwargs):
    index_item(instance)


@receiver(page_unpublished, sender=InfoItem)
def unindex_unpublished_item(sender, instance, **kwargs):
    unindex_item(instance.pk)


@receiver(post_delete, sender=InfoItem)
def unindex_deleted_item(sender, instance, **kwargs):
    # Deleting a page deletes its Page row; the InfoItem row goes with it and sends this.
    unindex_item(instance.pk)
