from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.agencies.policy import Capability, can_any
from gongkai.backoffice import Panel, add_menu_item
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


hooks.register("register_log_actions", AUDIT.register)


sees_messages = can_any(Capability.MESSAGES_LIST, Capability.MESSAGES_ASSIGNED)
add_menu_item(
    sees_messages, _("政民互动留言"), "interaction_staff_queue", icon_name="mail", order=160
)


@hooks.register("construct_homepage_panels")
def add_alarm_panel(request, panels):
    if not sees_messages(request.user):
        return
    sections = staff.queue_sections(request.user)
    if sections["alarm"] or sections["overdue"]:
        panels.append(
            Panel(
                "unanswered_messages",
                110,
                "interaction/panel_alarm.html",
                alarm=sections["alarm"],
                overdue=sections["overdue"],
            )
        )
