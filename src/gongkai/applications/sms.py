"""SMS backends, chosen by the setting ``GONGKAI_SMS_BACKEND`` (a dotted class path, or
``off`` where the site group has no SMS contract: nothing is sent and :func:`enabled` says so).

The default keeps messages in :data:`outbox`, like Django's locmem mail backend, so that
tests and development read what would have been sent. A production backend implements
``send(phone, text)`` against the provider the site group contracts.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


outbox: list[SmsMessage] = []


class OutboxBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append(SmsMessage(phone, text))


class OffBackend:
    """``GONGKAI_SMS_BACKEND=off``: no text leaves the system."""

    def send(self, phone: str, text: str) -> None:
        return None


def enabled() -> bool:
    return settings.GONGKAI_SMS_BACKEND != "off"


def get_backend():
    if not enabled():
        return OffBackend()
    return import_string(settings.GONGKAI_SMS_BACKEND)()
