"""Keep the search index current as items are published, unpublished and deleted."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from gongkai.catalog.search.indexing import index_item, reindex_subtree, unindex_item


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
