from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "gongkai.casework"
    verbose_name = _("办件公共记录")
    default_auto_field = "django.db.models.BigAutoField"
