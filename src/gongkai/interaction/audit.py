"""The audit actions of 政民互动: ``gongkai.interaction.<action>`` and their labels.

Entries written before issue 14 carry ``gongkai.message.<state>``; those names stay
registered so old history still renders.
"""

from django.utils.translation import gettext_lazy as _

from gongkai.casework import AuditNames

AUDIT = AuditNames(
    "interaction",
    {
        "submit": _("受理留言"),
        "assign": _("转办留言"),
        "draft_reply": _("起草答复"),
        "approve_reply": _("审核并公开答复"),
        "redirect": _("转其他渠道"),
        "convert_to_application": _("转为政府信息公开申请"),
        "rate": _("留言人评价"),
        "set_reply_policy": _("设置留言答复期限"),
        "open_campaign": _("开启征集活动"),
        "toggle_campaign": _("开启或结束征集活动"),
        "due_recomputed": _("留言答复期限按节假日安排重算"),
    },
    legacy={
        "gongkai.message.received": _("受理留言"),
        "gongkai.message.assigned": _("转办留言"),
        "gongkai.message.drafted": _("起草答复"),
        "gongkai.message.answered": _("审核并公开答复"),
        "gongkai.message.redirected": _("转其他渠道"),
        "gongkai.message.converted": _("转为政府信息公开申请"),
        "gongkai.message.rated": _("留言人评价"),
        "gongkai.message.due_recomputed": _("留言答复期限按节假日安排重算"),
    },
)
