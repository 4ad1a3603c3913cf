from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = _("政府信息公开目录")

    def ready(self):
        from gongkai.catalog import signals  # noqa: F401
        from gongkai.catalog.search import signals as search_signals  # noqa: F401
