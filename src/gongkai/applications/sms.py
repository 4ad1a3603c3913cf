"""SMS backends, chosen by the setting ``GONGKAI_SMS_BACKEND`` (a dotted class path).

The default keeps messages in :data:`outbox`, like Django's locmem mail backend, so that
tests and development read what would have been sent. A production backend implements
``send(phone, text)`` against the provider the site group contracts.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "gongkai.applications.sms.OutboxBackend"


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


outbox: list[SmsMessage] = []


class OutboxBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append(SmsMessage(phone, text))


def get_backend():
    return import_string(getattr(settings, "GONGKAI_SMS_BACKEND", DEFAULT_BACKEND))()
