from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    verbose_name = _("静态发布")

    def ready(self):
        # The receivers that queue rewrites when a page or an agency changes.
        from gongkai.publishing import checks, signals  # noqa: F401
