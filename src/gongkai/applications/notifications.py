"""Messages to the applicant, sent only once the change that causes them is committed.

A rolled-back action must not have told anyone anything; hence ``transaction.on_commit``.
Messages carry the tracking code, never the secret or the applicant's ID number.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from gongkai.applications import sms

#: the subjects of texts that were not sent because the site group has SMS off
_unsent: ContextVar[list[str] | None] = ContextVar("gongkai_unsent_sms", default=None)


@contextmanager
def unsent_sms() -> Iterator[list[str]]:
    """Collect, while an action runs, the texts to the applicant that SMS being off
    (``GONGKAI_SMS_BACKEND=off``) kept from being sent, so the officer can be told."""
    unsent: list[str] = []
    token = _unsent.set(unsent)
    try:
        yield unsent
    finally:
        _unsent.reset(token)


def notify_applicant(application, subject: str, body: str) -> None:
    email, phone, code = application.email, application.phone, application.tracking_code
    agency = application.agency.name
    text = f"【{agency}】您的政府信息公开申请（查询码 {code}）：{body}"
    unsent = _unsent.get()
    if phone and not sms.enabled() and unsent is not None:
        unsent.append(subject)

    def send():
        if email:
            send_mail(
                f"{subject}（查询码 {code}）",
                text,
                getattr(settings, "DEFAULT_FROM_EMAIL", None),
                [email],
            )
        if phone:
            sms.get_backend().send(phone, text)

    transaction.on_commit(send)


def notify_staff(recipients: list[str], subject: str, body: str) -> None:
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), recipients)
    )
