from django.apps import AppConfig


class DeploymentConfig(AppConfig):
    name = "gongkai.deployment"
    label = "gongkai_deployment"
    verbose_name = "部署检查"

    def ready(self):
        from django.core import checks

        from gongkai.deployment.checks import unsafe_production_settings

        checks.register(unsafe_production_settings, checks.Tags.security)
