from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from gongkai.agencies.policy import Capability, can
from gongkai.interaction import staff
from gongkai.interaction.audit import AUDIT


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("interaction/", staff.queue, name="interaction_staff_queue"),
        path("interaction/<int:pk>/", staff.detail, name="interaction_staff_detail"),
        path(
            "interaction/<int:pk>/do/<slug:name>/",
            staff.message_action,
            name="interaction_staff_action",
        ),
        path("interaction/settings/", staff.settings_view, name="interaction_staff_settings"),
        *(
            path(
                f"interaction/settings/{name}/",
                staff.settings_action(name),
                name=f"interaction_staff_settings_{name}",
            )
            for name in staff.SETTINGS_ACTIONS
        ),
    ]


@hooks.register("register_log_actions")
def register_message_actions(actions):
    AUDIT.register(actions)


class MessagesMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request.user, Capability.MESSAGES_LIST) or can(
            request.user, Capability.MESSAGES_ASSIGNED
        )


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return MessagesMenuItem(
        _("政民互动留言"), reverse("interaction_staff_queue"), icon_name="mail", order=160
    )


class UnansweredAlarmPanel(Component):
    name = "unanswered_messages"
    order = 110
    template_name = "interaction/panel_alarm.html"

    def __init__(self, alarm, overdue):
        self.alarm, self.overdue = alarm, overdue

    def get_context_data(self, parent_context):
        return {"alarm": self.alarm, "overdue": self.overdue}


@hooks.register("construct_homepage_panels")
def add_alarm_panel(request, panels):
    if not MessagesMenuItem("", "").is_shown(request):
        return
    sections = staff.queue_sections(request.user)
    if sections["alarm"] or sections["overdue"]:
        panels.append(UnansweredAlarmPanel(sections["alarm"], sections["overdue"]))
