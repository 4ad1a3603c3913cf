from django.http import HttpResponseForbidden
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

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


class StatusMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_see(request.user)


@hooks.register("register_settings_menu_item")
def register_status_menu_item():
    return StatusMenuItem(
        _("静态发布"), reverse("publishing_status"), icon_name="upload", order=900
    )
