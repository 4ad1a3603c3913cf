from django.dispatch import receiver
from wagtail.signals import page_published

from gongkai.catalog.index_numbers import assign_index_number


@receiver(page_published)
def give_index_number(sender, instance, **kwargs):
    from gongkai.catalog.models import InfoItem

    if isinstance(instance, InfoItem):
        assign_index_number(instance)
