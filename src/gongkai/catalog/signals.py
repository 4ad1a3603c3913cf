from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from gongkai.catalog.attachments import refresh_attachment_texts
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
        record_timeliness(instance)


# Every public item (an InfoItem, a published annual report): when it first became public.
@receiver(page_published)
def on_first_publication(sender, instance, **kwargs):
    if isinstance(instance, PublicationOrigin):
        record_became_public(instance)


@receiver(post_save, sender=HolidaySchedule)
def settle_provisional_counts(sender, instance, **kwargs):
    recompute_provisional()
