from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gongkai.jobs"
    verbose_name = "后台任务"

    def ready(self):
        # Every app declares its jobs in its own ``jobs`` module; importing them here, once
        # all models are loaded, fills the registry before any worker or request uses it.
        from gongkai.jobs import registry

        registry.autodiscover()
