"""Row locks, transition checks and notifications after commit."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TypeVar

from django.db import transaction
from django.db.models import Model
from django.db.transaction import TransactionManagementError

from gongkai.casework.errors import TransitionError

M = TypeVar("M", bound=Model)


def locked(model: type[M], pk, *, related: tuple[str, ...] = ()) -> M:
    """The row ``pk`` of ``model``, locked until the current transaction ends.

    Two actions on the same case thus run one after the other, each seeing what the other
    committed. Refused outside a transaction, where a lock would end at once (SQLite, which
    has no row locks, would not notice otherwise: its writes are serialised by the database).
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise TransactionManagementError("locked() must be called inside transaction.atomic()")
    rows = model._default_manager.all()
    if related:
        rows = rows.select_related(*related)
    # Only the row itself: a nullable relation is an outer join, which PostgreSQL refuses to
    # lock ("FOR UPDATE cannot be applied to the nullable side of an outer join").
    if related and connection.features.has_select_for_update_of:
        rows = rows.select_for_update(of=("self",))
    else:
        rows = rows.select_for_update()
    return rows.get(pk=pk)


def _label(state) -> str:
    return str(getattr(state, "label", state))


def check_transition(
    table: Mapping[object, Collection[object]],
    old,
    new,
    *,
    message: str = "",
    english: str = "",
) -> None:
    """Refuse the move ``old`` → ``new`` unless ``table[old]`` lists ``new``.

    ``table`` maps each state (a ``TextChoices`` member) to the states it may move to; a
    state mapping to itself is an action that keeps it. ``message``/``english`` replace the
    default wording of the refusal.
    """
    states = {str(s): s for s in table}
    if str(new) in {str(s) for s in table.get(states.get(str(old)), ())}:
        return
    old_label = _label(states.get(str(old), old))
    new_label = _label(states.get(str(new), new))
    raise TransitionError(
        message or f"当前状态为“{old_label}”，不能变为“{new_label}”",
        english or f"The state “{old}” cannot change to “{new}”",
    )


def after_commit(send: Callable[[], None]) -> None:
    """Run ``send`` (a notification) once the current transaction commits; never if it rolls
    back, so that nobody is told of a change that did not happen."""
    transaction.on_commit(send)
