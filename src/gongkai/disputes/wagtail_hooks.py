from wagtail import hooks

from gongkai.disputes.audit import AUDIT


@hooks.register("register_log_actions")
def register_dispute_actions(actions):
    AUDIT.register(actions)
