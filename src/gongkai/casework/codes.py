"""Case codes (tracking codes) drawn at random and made unique by the database's index."""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Model

from gongkai.casework.errors import ActionError

ATTEMPTS = 5


def save_with_unique_code(
    instance: Model, field: str, new_code: Callable[[], str], *, attempts: int = ATTEMPTS
) -> None:
    """Insert ``instance`` with a fresh ``new_code()`` in ``field`` (a unique column).

    The unique index is the arbiter: checking first and inserting after would let two
    submissions draw the same code between the check and the insert. A collision rolls back
    to a savepoint and draws again; an IntegrityError of any other constraint is raised.
    """
    model = type(instance)
    for _attempt in range(attempts):
        code = new_code()
        setattr(instance, field, code)
        try:
            with transaction.atomic():
                instance.save(force_insert=True)
            return
        except IntegrityError:
            instance.pk = None
            if not model._default_manager.filter(**{field: code}).exists():
                raise
    raise ActionError(
        "无法生成查询码，请重试",
        "Could not draw a free tracking code; please try again",
        code="tracking_code",
    )
