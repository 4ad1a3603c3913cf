from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.twofactor import actions, views


@hooks.register("register_admin_urls")
def register_twofactor_urls():
    return [
        path("twofactor/", views.manage, name="twofactor_manage"),
        path("twofactor/enrol/", views.enrol, name="twofactor_enrol"),
        path("twofactor/remove/", views.remove, name="twofactor_remove"),
        path("twofactor/requirement/", views.set_requirement, name="twofactor_requirement"),
        path("twofactor/verify/", views.verify, name="twofactor_verify"),
    ]


@hooks.register("register_account_menu_item")
def twofactor_account_item(request):
    return {
        "url": reverse("twofactor_manage"),
        "label": _("双因素认证"),
        "help_text": _("用手机身份验证器生成的验证码保护登录"),
    }


@hooks.register("register_log_actions")
def register_twofactor_actions(registry):
    for name, label in actions.ACTIONS.items():
        registry.register_action(actions.ACTION_PREFIX + name, _(label), _(label))
