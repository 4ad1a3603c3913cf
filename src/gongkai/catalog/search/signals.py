"""Keep the search index current as items are published, unpublished and deleted."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from gongkai.catalog.models import InfoItem
from gongkai.catalog.search.indexing import index_item, reindex_subtree, unindex_item


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


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def follow_view_restriction(sender, instance, **kwargs):
    """A restricted page (or one below it) is not public: it leaves the search, and comes
    back when the restriction is lifted."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # gone with its page, whose items were unindexed as they went
        reindex_subtree(page)


@receiver(post_page_move)
def follow_move(sender, instance, **kwargs):
    """A page moved under a restricted column leaves the search; moved out, it comes back."""
    page = Page.objects.filter(pk=instance.pk).first()
    if page is not None:
        reindex_subtree(page)
