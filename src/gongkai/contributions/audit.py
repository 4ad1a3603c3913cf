"""The audit actions of 信息报送 and 栏目映射: ``gongkai.contributions.<action>``."""

from django.utils.translation import gettext_lazy as _

from gongkai.casework import AuditNames

AUDIT = AuditNames(
    "contributions",
    {
        "submit": _("报送信息"),
        "adopt": _("采用报送信息"),
        "adopt_with_edits": _("修改后采用报送信息"),
        "return": _("退回报送信息"),
        "set_intake": _("设置栏目接受报送"),
        "map_column": _("设置栏目映射"),
        "unmap_column": _("取消栏目映射"),
    },
)
