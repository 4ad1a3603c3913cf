"""The audit actions of the monitoring: ``gongkai.monitoring.<action>``."""

from django.utils.translation import gettext_lazy as _

from gongkai.casework import AuditNames

AUDIT = AuditNames(
    "monitoring",
    {
        "create_account": _("登记政务新媒体账号"),
        "update_account": _("修改政务新媒体账号"),
        "record_posts": _("录入政务新媒体发文数"),
        "import_accounts": _("导入政务新媒体账号"),
        "import_posts": _("导入政务新媒体发文数"),
        "read_feed": _("读取政务新媒体订阅源"),
    },
)
