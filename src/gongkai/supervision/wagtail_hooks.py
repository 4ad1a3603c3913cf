from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.agencies.access import is_supervisor
from gongkai.supervision import views


@hooks.register("register_admin_urls")
def register_urls():
    return [path("supervision/", views.overview, name="supervision_overview")]


class SupervisorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_supervisor(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return SupervisorMenuItem(
        _("机关概况"), reverse("supervision_overview"), icon_name="view", order=150
    )
