from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = _("政府信息公开年报")

    def ready(self):
        # The document renderers register their exporters on import.
        from gongkai.reports import render  # noqa: F401
