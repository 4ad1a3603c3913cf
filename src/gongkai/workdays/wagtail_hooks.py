from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.backoffice import add_menu_item
from gongkai.workdays import views
from gongkai.workdays.actions import SCHEDULE_STORED

LOG_ACTIONS = {
    SCHEDULE_STORED: _("录入节假日安排"),
}


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("workdays/", views.index, name="workdays_index"),
        path("workdays/<int:year>/", views.edit, name="workdays_edit"),
    ]


add_menu_item(
    lambda user: user.is_superuser, _("节假日安排"), "workdays_index", icon_name="date", order=900
)


@hooks.register("register_log_actions")
def register_schedule_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)
