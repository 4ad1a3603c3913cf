from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.agencies.policy import Capability, can_any
from gongkai.backoffice import add_menu_item
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


hooks.register("register_log_actions", AUDIT.register)


add_menu_item(
    can_any(Capability.INSPECTION_EXPRESSIONS),
    _("严重表述错误清单"),
    "inspection_expressions",
    icon_name="warning",
    order=153,
)
