"""What tells static publishing that files are stale: the lower apps' signals.

Wagtail's ``page_published`` / ``page_unpublished`` (the editor's actions, the scheduled
go-live and expiry the worker's ``wagtail.publish_scheduled`` runs, an agency retiring),
``post_page_move``, a page's deletion, a view restriction added or lifted, an agency's
record saved (its footer is on every page of its site), and the catalog's
``public_pages_changed``. Each queues, once its transaction has committed, the changed
page (expanded into its addresses by the job, :func:`gongkai.publishing.queue.expand`) and,
for moves and deletions, the addresses the page had before, which now answer 404 and so
lose their files.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from gongkai.agencies.models import Agency
from gongkai.catalog.changes import public_pages_changed
from gongkai.publishing import queue
from gongkai.publishing.targets import Hosts, page_targets


def _later(targets=(), pages=()):
    targets, pages = list(targets), [page.pk for page in pages if page.pk]
    transaction.on_commit(lambda: queue.request([*targets, *map(queue.page_marker, pages)]))


@receiver(page_published)
@receiver(page_unpublished)
def on_page_state(sender, instance, **kwargs):
    _later(pages=[instance])


@receiver(public_pages_changed)
def on_public_pages_changed(sender, pages=(), **kwargs):
    _later(pages=pages)


@receiver(post_page_move)
def on_page_move(sender, instance, parent_page_before, url_path_before, url_path_after, **kwargs):
    """The page and its subtree answer at new addresses; their old ones lose their files."""
    hosts = Hosts()
    moved = [instance.specific, *instance.get_descendants().specific()]
    old = []
    if url_path_before != url_path_after:
        for page in moved:
            before = url_path_before + page.url_path[len(url_path_after) :]
            located, now = site_address(before), hosts.of(page)
            if located is None or now is None:
                continue
            host, old_path = located
            new_path = now[1]
            for _host, address in page_targets(page, hosts):
                if address.startswith(new_path):
                    old.append((host, old_path + address[len(new_path) :]))
    _later(targets=old, pages=[*moved, parent_page_before])


def site_address(url_path: str):
    """(host, path) a page with Wagtail ``url_path`` answered at, as ``get_url_parts``."""
    by_site = {site.pk: site for site in Site.objects.all()}
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            site = by_site.get(root.site_id)
            host = "" if site is None or site.is_default_site else site.hostname
            return host, "/" + url_path[len(root.root_path) :]
    return None


@receiver(pre_delete)
def on_page_delete(sender, instance, **kwargs):
    if not isinstance(instance, Page) or type(instance) is Page:
        return
    parent = instance.get_parent()
    gone = page_targets(instance)
    _later(targets=gone, pages=[parent] if parent else [])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_restriction(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    subtree = [page, *page.get_descendants()]
    hosts = Hosts()
    addresses = [target for p in subtree for target in page_targets(p.specific, hosts)]
    _later(targets=addresses, pages=[page])


@receiver(post_save, sender=Agency)
def on_agency_saved(sender, instance, created, **kwargs):
    if not created:
        transaction.on_commit(lambda: queue.request([queue.agency_marker(instance.pk)]))
