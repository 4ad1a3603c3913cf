"""Atom feeds of an agency or a column, for new-media tools and the city portal."""

from django.contrib.syndication.views import Feed
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from gongkai.catalog.addresses import page_full_url
from gongkai.catalog.browse import attach_columns, category_label

FEED_SIZE = 30


class ItemFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, page, items):
        super().__init__()
        self.page = page
        self.items_queryset = items

    def get_object(self, request, *args, **kwargs):
        return self.page

    def title(self, page):
        return page.title if page.depth <= 3 else f"{page.title} - {page.agency.name}"

    def link(self, page):
        return page_full_url(page)

    def feed_url(self, page):
        return page_full_url(page) + "feed/"

    def subtitle(self, page):
        return f"{page.title}最新发布的政府信息"

    def items(self, page):
        return attach_columns(self.items_queryset.order_by("-first_published_at")[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return page_full_url(item)

    def get_feed(self, obj, request):
        # A feed is built per request (see the pages' feed routes), so the host may be kept.
        self.authority = split_domain_port(request.get_host())[0] or "localhost"
        return super().get_feed(obj, request)

    def item_guid(self, item):
        # Atom wants an absolute IRI that never changes: a tag URI (RFC 4151) on this host,
        # dated the day the item was first published, naming its 索引号, which is kept
        # through edits, moves and unpublishing (the page's URL is not).
        day = timezone.localdate(item.first_published_at).isoformat()
        return f"tag:{self.authority},{day}:{item.index_number or f'item-{item.pk}'}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        return item.agency.name

    def item_categories(self, item):
        return [category_label(item.category)] if item.category != "none" else []
