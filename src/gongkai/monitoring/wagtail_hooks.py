from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.agencies.policy import Capability, can_any
from gongkai.backoffice import add_menu_item
from gongkai.monitoring import views
from gongkai.monitoring.audit import AUDIT


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("newmedia/", views.account_list, name="monitoring_accounts"),
        path("newmedia/add/", views.account_add, name="monitoring_account_add"),
        path("newmedia/import/", views.account_import, name="monitoring_import"),
        path("newmedia/<int:pk>/", views.account_detail, name="monitoring_account"),
        path("newmedia/<int:pk>/save/", views.account_save, name="monitoring_account_save"),
        path("newmedia/<int:pk>/posts/", views.account_posts, name="monitoring_account_posts"),
        path("newmedia/<int:pk>/feed/", views.account_feed, name="monitoring_account_feed"),
    ]


hooks.register("register_log_actions", AUDIT.register)


add_menu_item(
    can_any(Capability.AGENCY_SEE),
    _("政务新媒体"),
    "monitoring_accounts",
    icon_name="globe",
    order=170,
)
