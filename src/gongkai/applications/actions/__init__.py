"""Every change to an application goes through one function here (STYLE.md practice 2).

Each action is atomic, locks the case row, checks the move against ``models.TRANSITIONS``,
recomputes the clock from the records (``gongkai.rules.clock`` with ``current_calendar()``),
writes an audit entry ``gongkai.applications.<action>`` with the old and new state — never
the applicant's ID number, phone or e-mail in clear — and queues notifications for after the
commit (``gongkai.casework``).
"""

from gongkai.applications.actions.applicant import do_submit_correction
from gongkai.applications.actions.assignments import do_assign, do_return_opinion
from gongkai.applications.actions.conclusion import (
    do_close_unanswered,
    do_forward,
    do_transfer,
    do_withdraw,
)
from gongkai.applications.actions.consultation import (
    do_end_consultation,
    do_record_consultation_result,
    do_start_consultation,
)
from gongkai.applications.actions.correction import do_correct_step_date
from gongkai.applications.actions.deadline import do_set_deadline
from gongkai.applications.actions.fee import do_record_payment, do_send_fee_notice, fee_for
from gongkai.applications.actions.receipt import Registration, do_confirm_receipt, do_register
from gongkai.applications.actions.reply import do_reply, do_reply_with_files
from gongkai.applications.actions.service import do_notify_third_party_decision, do_record_service
from gongkai.applications.actions.steps import (
    do_extend,
    do_receive_correction,
    do_request_correction,
    do_request_reasons,
)
from gongkai.applications.audit import ACTION_PREFIX, AUDIT
from gongkai.casework import ActionError, TransitionError

__all__ = [
    "ACTION_PREFIX",
    "AUDIT",
    "ActionError",
    "Registration",
    "TransitionError",
    "do_assign",
    "do_close_unanswered",
    "do_confirm_receipt",
    "do_correct_step_date",
    "do_end_consultation",
    "do_extend",
    "do_forward",
    "do_notify_third_party_decision",
    "do_receive_correction",
    "do_request_reasons",
    "do_record_consultation_result",
    "do_record_service",
    "do_record_payment",
    "do_register",
    "do_reply",
    "do_reply_with_files",
    "do_request_correction",
    "do_send_fee_notice",
    "do_set_deadline",
    "do_start_consultation",
    "do_submit_correction",
    "do_transfer",
    "do_return_opinion",
    "do_withdraw",
    "fee_for",
]
