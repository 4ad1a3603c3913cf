"""The one error an action raises when it refuses: a code, a Chinese and an English message."""

from __future__ import annotations

from django.utils import translation


class ActionError(ValueError):
    """The action is not allowed now.

    ``str(error)`` is the message in the reader's language: the Chinese message, or the
    English one when English is active and one was given. ``code`` names the refusal for
    callers that branch on it; ``details`` are further lines (one per problem) for the user.
    """

    default_code = "refused"

    def __init__(
        self,
        message: str,
        english: str = "",
        *,
        code: str = "",
        details: list[str] | tuple[str, ...] = (),
    ):
        super().__init__(message)
        self.message = message
        self.english = english
        self.code = code or self.default_code
        self.details = list(details)

    def __str__(self) -> str:
        language = translation.get_language() or ""
        if self.english and language.startswith("en"):
            return self.english
        return self.message

    @property
    def messages(self) -> list[str]:
        """Like ``ValidationError.messages``: the lines a view shows."""
        return [str(self), *self.details]


class TransitionError(ActionError):
    """The case's state does not allow this move (see the app's transition table)."""

    default_code = "transition"


def form_errors(form) -> list[str]:
    """Every error of ``form``, each once, in the order of its fields: a refusal's lines."""
    seen = []
    for errors in form.errors.values():
        for error in errors:
            if error not in seen:
                seen.append(error)
    return seen
