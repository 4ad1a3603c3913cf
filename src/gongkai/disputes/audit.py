"""The audit actions of the register: ``gongkai.disputes.<action>``, written on the
application's history. Entries from before the register had its own app carry the
applications' names; those stay registered so old history still renders."""

from gongkai.casework import AuditNames

LABELS = {
    "record_remedy": "登记行政复议、行政诉讼",
    "conclude_remedy": "登记复议、诉讼结果",
}

AUDIT = AuditNames(
    "disputes",
    LABELS,
    legacy={
        f"{prefix}.{name}": label
        for name, label in LABELS.items()
        for prefix in ("gongkai.applications", "gongkai_applications")
    },
)
