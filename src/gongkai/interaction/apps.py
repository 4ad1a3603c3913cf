from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    verbose_name = _("政民互动")

    def ready(self):
        from gongkai.interaction.calendar_moves import MessageDeadlines
        from gongkai.workdays import dependents

        dependents.register(MessageDeadlines())
