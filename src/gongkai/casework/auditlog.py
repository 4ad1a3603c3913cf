"""One audit scheme: ``gongkai.<app>.<action>`` entries in Wagtail's log, one payload shape.

Each app declares its action names with their labels once (:class:`AuditNames`); its
``wagtail_hooks`` registers them with Wagtail (so the admin's history shows them) together
with the names its entries carried before, so old history still renders. :func:`audit`
refuses a name that was not declared.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

_DECLARED: dict[str, str] = {}


class AuditNames:
    """The audit actions of one app: ``gongkai.<app>.<name>`` with their (Chinese) labels,
    and the names older entries carry (``legacy``: full name → label)."""

    def __init__(self, app: str, labels: Mapping[str, str], legacy: Mapping[str, str] = ()):
        self.app = app
        self.prefix = f"gongkai.{app}."
        self.labels = {self.prefix + name: label for name, label in labels.items()}
        self.legacy = dict(legacy)
        _DECLARED.update(self.labels)

    def __getitem__(self, name: str) -> str:
        """The full action name of ``name`` (KeyError when it was not declared)."""
        full = self.prefix + name
        if full not in self.labels:
            raise KeyError(full)
        return full

    def register(self, registry) -> None:
        """Register every name, old and new, with Wagtail's log-action registry (call from a
        ``register_log_actions`` hook)."""
        for name, label in {**self.legacy, **self.labels}.items():
            # The labels are Chinese literals; translated lazily for an English back office.
            shown = gettext_lazy(label) if isinstance(label, str) else label
            registry.register_action(name, shown, shown)


def declared() -> dict[str, str]:
    """Every action name declared so far, with its label."""
    return dict(_DECLARED)


def plain(value):
    """A value as the audit log's JSON keeps it: dates as ISO text, amounts as exact text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "value") and hasattr(value, "label"):  # a TextChoices member
        return value.value
    return value


def audit(
    instance,
    names: AuditNames,
    action: str,
    *,
    user,
    old_state: str = "",
    new_state: str | None = None,
    **data,
) -> None:
    """Write one entry ``gongkai.<app>.<action>`` for ``instance`` by ``user`` (None for the
    public). ``new_state`` defaults to ``old_state`` (an action that keeps the state); ``data``
    holds what else the action did — never a person's ID number, phone or e-mail in clear."""
    payload = {
        "old_state": plain(old_state),
        "new_state": plain(old_state if new_state is None else new_state),
        "data": plain(data),
    }
    log(instance=instance, action=names[action], user=user, data=payload)
