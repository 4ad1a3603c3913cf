"""The casework kernel: what every action on a case shares (STYLE.md practice 2).

An action function of an app with cases (applications, messages, annual reports, the
reconsideration and litigation register) takes ``acting_user=``, runs in one transaction,
locks the row it changes (:func:`locked`), checks the move against its app's transition table
(:func:`check_transition`), writes one audit entry ``gongkai.<app>.<action>`` whose payload is
``{"old_state", "new_state", "data"}`` (:func:`audit`), and sends notifications only once the
change is committed (:func:`after_commit`). A refusal is an :class:`ActionError`, which views
show to the user. Case codes come from a unique index, with a retry when two collide
(:func:`save_with_unique_code`).

A base-layer package: it imports Django, Wagtail's audit log and nothing of the apps above it.
"""

from gongkai.casework.auditlog import AuditNames, audit, plain
from gongkai.casework.choices import check_choice
from gongkai.casework.codes import save_with_unique_code
from gongkai.casework.errors import ActionError, TransitionError, form_errors
from gongkai.casework.records import after_commit, check_transition, locked

__all__ = [
    "ActionError",
    "AuditNames",
    "TransitionError",
    "after_commit",
    "audit",
    "check_choice",
    "check_transition",
    "form_errors",
    "locked",
    "plain",
    "save_with_unique_code",
]
