"""The audit actions of 依申请公开: ``gongkai.applications.<action>`` and their labels.

Entries written before issue 14 carry ``gongkai_applications.<action>``; those names stay
registered so old history still renders.
"""

from gongkai.casework import AuditNames

LABELS = {
    "register": "登记申请",
    "confirm_receipt": "确认收到申请",
    "request_correction": "告知补正",
    "request_reasons": "要求说明理由（第三十五条）",
    "receive_correction": "收到补正",
    "start_consultation": "征求意见",
    "end_consultation": "登记征求意见结果",
    "extend": "延期答复",
    "send_fee_notice": "发出收费通知",
    "record_payment": "登记缴费",
    "transfer": "转办",
    "reply": "答复",
    "reply_privacy_override": "答复附件含个人信息仍提供",
    "withdraw": "申请人撤回",
    "close_unanswered": "逾期未补正或未缴费终止",
    "deadline_recomputed": "重新计算答复期限",
    "assign": "交股室承办",
    "return_opinion": "股室反馈承办意见",
    "issue_notice": "发出告知书",
    "record_service": "登记送达",
    "notify_third_party_decision": "告知第三方决定公开",
    "set_deadline": "另行确定答复期限（第三十五条）",
    "correct_step_date": "更正办理日期",
    "forward": "经申请人同意转送其他机关",
    "archive": "下载全案归档",
}

AUDIT = AuditNames(
    "applications",
    LABELS,
    legacy={f"gongkai_applications.{n}": label for n, label in LABELS.items()},
)
ACTION_PREFIX = AUDIT.prefix
