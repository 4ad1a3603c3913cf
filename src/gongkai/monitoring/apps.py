from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "gongkai.monitoring"
    verbose_name = _("网站监测")
