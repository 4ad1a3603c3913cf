"""The supervisors' changes to the list of wrong official expressions: checked against the
policy (``Capability.INSPECTION_EXPRESSIONS``), in one transaction, each audited."""

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies.policy import Capability, can
from gongkai.casework import ActionError, audit, locked
from gongkai.inspection.audit import AUDIT
from gongkai.inspection.models import WrongExpression

FIELDS = ("wrong", "right", "note")


def _check(acting_user) -> None:
    if not can(acting_user, Capability.INSPECTION_EXPRESSIONS):
        raise ActionError(
            _("只有监管人员可以维护严重表述错误清单。"),
            "Only supervisors maintain the list of wrong expressions.",
        )


def _clean(wrong: str, right: str, note: str, exclude_pk=None) -> dict:
    values = {"wrong": wrong.strip(), "right": right.strip(), "note": note.strip()}
    if not values["wrong"] or not values["right"]:
        raise ActionError(
            _("请填写错误表述和规范表述。"), "Give both the wrong and the right expression."
        )
    if values["wrong"] == values["right"]:
        raise ActionError(
            _("错误表述与规范表述相同。"), "The wrong and the right expression are the same."
        )
    if WrongExpression.objects.filter(wrong=values["wrong"]).exclude(pk=exclude_pk).exists():
        raise ActionError(_("该错误表述已在清单中。"), "The expression is already listed.")
    return values


def _snapshot(expression: WrongExpression) -> dict:
    return {name: getattr(expression, name) for name in FIELDS}


@transaction.atomic
def do_add_expression(*, wrong: str, right: str, note: str = "", acting_user) -> WrongExpression:
    _check(acting_user)
    expression = WrongExpression.objects.create(**_clean(wrong, right, note))
    audit(expression, AUDIT, "add_expression", user=acting_user, new=_snapshot(expression))
    return expression


@transaction.atomic
def do_change_expression(
    expression: WrongExpression, *, wrong: str, right: str, note: str = "", acting_user
) -> WrongExpression:
    _check(acting_user)
    changed = locked(WrongExpression, expression.pk)
    old = _snapshot(changed)
    for name, value in _clean(wrong, right, note, exclude_pk=changed.pk).items():
        setattr(changed, name, value)
    changed.save()
    audit(changed, AUDIT, "change_expression", user=acting_user, old=old, new=_snapshot(changed))
    return changed


@transaction.atomic
def do_delete_expression(expression: WrongExpression, *, acting_user) -> None:
    _check(acting_user)
    changed = locked(WrongExpression, expression.pk)
    audit(changed, AUDIT, "delete_expression", user=acting_user, old=_snapshot(changed))
    changed.delete()
