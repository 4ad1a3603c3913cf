from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "gongkai.twofactor"
    label = "twofactor"
    verbose_name = "双因素认证"
