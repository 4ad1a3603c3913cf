from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_application_actions(actions):
    from gongkai.applications.actions import ACTION_PREFIX, ACTIONS

    for name, label in ACTIONS.items():
        # The labels are Chinese literals already; _() keeps them translatable.
        actions.register_action(ACTION_PREFIX + name, _(label), _(label))
