"""Values an action accepts from a closed list: an action checks them itself, whoever calls
it (a view, a command, the demo, another app), and refuses anything else with an
``ActionError`` rather than storing it or failing with a bare ``ValueError``."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from gongkai.casework.errors import ActionError

E = TypeVar("E", bound=Enum)


def check_choice(choices: type[E], value, what: str, *, blank: bool = False) -> E | str:
    """``value`` as a member of ``choices`` (a Django ``TextChoices``); ``""`` is accepted
    only when ``blank``. ``what`` names the field in the refusal."""
    if blank and value in ("", None):
        return ""
    try:
        return choices(value)
    except ValueError:
        raise ActionError(
            f"{what}的取值“{value}”不在可选范围内",
            f"{value!r} is not an allowed value of {choices.__name__}",
            code="invalid_choice",
        ) from None
