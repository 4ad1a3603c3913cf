from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = _("政府信息公开目录")

    def ready(self):
        # Receivers connect when their modules load, and the registry is filled, once the
        # models are ready; an app's ready() is where Django expects both.
        from gongkai.agencies import sites
        from gongkai.catalog import signals  # noqa: F401
        from gongkai.catalog.calendar_moves import Timeliness
        from gongkai.catalog.search import signals as search_signals  # noqa: F401
        from gongkai.catalog.sites import CatalogSites
        from gongkai.workdays import dependents

        sites.register(CatalogSites())
        dependents.register(Timeliness())
