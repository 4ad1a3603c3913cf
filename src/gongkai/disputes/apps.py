from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "gongkai.disputes"
    verbose_name = _("行政复议、行政诉讼")
    default_auto_field = "django.db.models.BigAutoField"
