from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from gongkai.agencies.models import Agency, Department, SiteGroup
from gongkai.catalog import public_cache
from gongkai.catalog.attachments import refresh_attachment_texts
from gongkai.catalog.changes import public_pages_changed
from gongkai.catalog.index_numbers import assign_index_number
from gongkai.catalog.models import InfoItem, PublicationOrigin, record_became_public
from gongkai.catalog.timeliness import recompute_provisional, record_timeliness
from gongkai.workdays.models import HolidaySchedule


# Wagtail sends page_published with the page's specific class as the sender.
@receiver(page_published, sender=InfoItem)
def on_publication(sender, instance, **kwargs):
    refresh_attachment_texts(instance)
    if not instance.index_number:
        assign_index_number(instance)
    # The first publication times the formation; a later one times a new change (Art. 26).
    record_timeliness(instance)


# Every public item (an InfoItem, a published annual report): when it first became public.
@receiver(page_published)
def on_first_publication(sender, instance, **kwargs):
    if isinstance(instance, PublicationOrigin):
        record_became_public(instance)


@receiver(post_save, sender=HolidaySchedule)
def settle_provisional_counts(sender, instance, **kwargs):
    recompute_provisional()


# What the public pages read from the cache (catalog/public_cache.py) changes with these.
PUBLIC_MODELS = (Page, PageViewRestriction, Site, Agency, Department, SiteGroup)


def forget_public_cache(sender, instance, **kwargs):
    public_cache.bump()


# Each model by name (a page type sends its signals as its own class, not as Page): a
# receiver without a sender would run on every save of every model.
for model in apps.get_models():
    if issubclass(model, PUBLIC_MODELS):
        uid = f"public-cache-{model._meta.label_lower}"
        post_save.connect(forget_public_cache, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(forget_public_cache, sender=model, dispatch_uid=f"{uid}-delete")


for signal in (page_published, page_unpublished, post_page_move, public_pages_changed):
    signal.connect(public_cache.bump, dispatch_uid=f"public-cache-{id(signal)}")
m2m_changed.connect(public_cache.bump, sender=PageViewRestriction.groups.through)
