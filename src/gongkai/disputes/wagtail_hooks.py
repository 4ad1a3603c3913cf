from wagtail import hooks

from gongkai.disputes.audit import AUDIT

hooks.register("register_log_actions", AUDIT.register)
