from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormguardConfig(AppConfig):
    name = "gongkai.formguard"
    verbose_name = _("公众表单防护")
    default_auto_field = "django.db.models.BigAutoField"
