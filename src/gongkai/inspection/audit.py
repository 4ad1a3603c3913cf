"""The audit actions of the website inspection: ``gongkai.inspection.<action>``."""

from django.utils.translation import gettext_lazy as _

from gongkai.casework import AuditNames

AUDIT = AuditNames(
    "inspection",
    {
        "add_expression": _("新增严重表述错误"),
        "change_expression": _("修改严重表述错误"),
        "delete_expression": _("删除严重表述错误"),
    },
)
