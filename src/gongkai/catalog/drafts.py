"""Keeping a page a draft when its first publication is refused."""

from django.db import transaction


@transaction.atomic
def do_keep_as_draft(page) -> None:
    """Wagtail's create view saves a new page as live before the ``before_publish_page`` hook
    runs; when the hook refuses the publication, the page goes back to being a draft (its
    content stays in the revision just saved). A conditional UPDATE of the two flags: the
    page's other columns and its revisions are left as Wagtail wrote them."""
    type(page)._default_manager.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
