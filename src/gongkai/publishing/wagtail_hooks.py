from django.http import HttpResponseForbidden
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.backoffice import add_menu_item
from gongkai.publishing import views


@hooks.register("before_serve_page", order=-100)
def never_publish_restricted_pages(page, request, serve_args, serve_kwargs):
    """A page with a view restriction (its own or an ancestor's) is never written as a
    file: the rendering for publishing gets a refusal instead of Wagtail's login redirect or
    password form (which would carry a CSRF token)."""
    if getattr(request, "gongkai_published", False) and page.get_view_restrictions():
        return HttpResponseForbidden()
    return None


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("publishing/", views.status, name="publishing_status")]


add_menu_item(
    views.may_see,
    _("静态发布"),
    "publishing_status",
    menu="register_settings_menu_item",
    icon_name="upload",
    order=900,
)
