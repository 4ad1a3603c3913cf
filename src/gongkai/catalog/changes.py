"""What changed on the public site without a page of its own being saved.

Wagtail's signals (``page_published``, ``page_unpublished``, ``post_page_move``) say when a
page changed. Some public pages change without a save of their own: a column's listing gains
or loses a reference entry (an adopted 信息报送, a mapped column), an agency's footer or a
report correction changes what other pages link. The app that made such a change sends
``public_pages_changed`` with ``pages``, the pages whose rendering changed, after its
transaction commits; static publishing rewrites their files.
"""

from django.dispatch import Signal

public_pages_changed = Signal()
