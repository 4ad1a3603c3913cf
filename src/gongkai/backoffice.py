"""The pieces every app adds to Wagtail's back office: a menu item that only some users
see, and a panel of the dashboard.

The apps' ``wagtail_hooks`` modules register their screens with these rather than each
defining a ``MenuItem`` subclass for one check and a ``Component`` subclass for one template.
"""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component


class GatedMenuItem(MenuItem):
    """A menu item shown to the users for whom ``shown_to(user)`` is true."""

    def __init__(self, shown_to, label, url, **kwargs):
        super().__init__(label, url, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)


def add_menu_item(shown_to, label, url_name, *, menu="register_admin_menu_item", **kwargs):
    """Registers a ``GatedMenuItem`` linking to ``url_name`` in the back office's main menu
    (or the one named by ``menu``'s hook, e.g. the settings menu). ``kwargs`` are
    ``MenuItem``'s: ``icon_name``, ``order``.

    The URL is reversed when Wagtail builds the menu: the app's hooks are imported while the
    URL configuration is still loading."""
    hooks.register(menu, lambda: GatedMenuItem(shown_to, label, reverse(url_name), **kwargs))


class Panel(Component):
    """A dashboard panel: ``template_name`` rendered with ``context``.

    Wagtail sorts the dashboard's panels by ``order``; ``catalog.dashboard`` keeps or drops
    them by ``name``.
    """

    def __init__(self, name, order, template_name, **context):
        self.name, self.order, self.template_name = name, order, template_name
        self.context = context

    def get_context_data(self, parent_context):
        return self.context
