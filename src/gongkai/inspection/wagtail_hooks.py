from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.agencies.policy import Capability, can
from gongkai.inspection import views
from gongkai.inspection.audit import AUDIT


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("inspection/expressions/", views.expressions, name="inspection_expressions"),
        path(
            "inspection/expressions/<int:pk>/",
            views.edit_expression,
            name="inspection_expression_edit",
        ),
        path(
            "inspection/expressions/<int:pk>/delete/",
            views.delete_expression,
            name="inspection_expression_delete",
        ),
    ]


@hooks.register("register_log_actions")
def register_inspection_actions(actions):
    AUDIT.register(actions)


class ExpressionsMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request.user, Capability.INSPECTION_EXPRESSIONS)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ExpressionsMenuItem(
        _("严重表述错误清单"), reverse("inspection_expressions"), icon_name="warning", order=153
    )
