from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "gongkai.contributions"
    verbose_name = _("信息报送")

    def ready(self):
        from gongkai.catalog import listings
        from gongkai.contributions import signals  # noqa: F401
        from gongkai.contributions.entries import adopted_entries, mapped_entries

        listings.register(adopted_entries)
        listings.register(mapped_entries)
