"""Messages to the applicant, sent only once the change that causes them is committed.

A rolled-back action must not have told anyone anything; hence ``transaction.on_commit``.
Messages carry the tracking code, never the secret or the applicant's ID number.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from gongkai.applications import sms


def notify_applicant(application, subject: str, body: str) -> None:
    email, phone, code = application.email, application.phone, application.tracking_code
    agency = application.agency.name
    text = f"【{agency}】您的政府信息公开申请（查询码 {code}）：{body}"

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
