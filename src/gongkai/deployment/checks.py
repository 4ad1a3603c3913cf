"""Production's refusals of development values.

Each problem is an ``Error`` with its own id, so a deployment sees every one of them at once,
and none of them can be silenced by accident (``SILENCED_SYSTEM_CHECKS`` names only warnings).
"""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.management.base import SystemCheckError

DEVELOPMENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
DEVELOPMENT_SMS_BACKENDS = {"gongkai.applications.sms.OutboxBackend"}


def production_problems(config) -> list[tuple[str, str, str]]:
    """``(id, problem, what to do)`` for each development value ``config`` holds in production."""
    if not config.PRODUCTION:
        return []
    found = []
    if config.DEBUG:
        found.append(("E001", "GONGKAI_DEBUG is on", "unset GONGKAI_DEBUG"))
    if config.SECRET_KEY == config.DEVELOPMENT_SECRET_KEY or len(config.SECRET_KEY) < 32:
        found.append(
            (
                "E002",
                "GONGKAI_SECRET_KEY is the development default or shorter than 32 characters",
                "set GONGKAI_SECRET_KEY (or GONGKAI_SECRET_KEY_FILE) to 50 random characters",
            )
        )
    if not config.ALLOWED_HOSTS:
        found.append(("E003", "GONGKAI_ALLOWED_HOSTS is empty", "list the site group's host names"))
    if config.EMAIL_BACKEND in DEVELOPMENT_EMAIL_BACKENDS:
        # Password-reset links and applicants' notices would go to the log.
        found.append(
            (
                "E004",
                f"GONGKAI_EMAIL_BACKEND is {config.EMAIL_BACKEND}",
                "use an SMTP backend: django.core.mail.backends.smtp.EmailBackend",
            )
        )
    if config.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        # Rate limits, lockouts and one-time tokens would count per worker process.
        found.append(("E005", "the cache is per process", "set GONGKAI_REDIS_URL"))
    media, private = Path(config.MEDIA_ROOT).resolve(), Path(config.PRIVATE_MEDIA_ROOT).resolve()
    if private == media or private.is_relative_to(media):
        found.append(
            (
                "E006",
                f"GONGKAI_PRIVATE_MEDIA_ROOT ({private}) is inside the public media root ({media})",
                "move GONGKAI_PRIVATE_MEDIA_ROOT outside GONGKAI_VAR_DIR/media",
            )
        )
    if config.GONGKAI_SMS_BACKEND in DEVELOPMENT_SMS_BACKENDS:
        # Texts to applicants would be kept in memory and never sent.
        found.append(
            (
                "E007",
                "GONGKAI_SMS_BACKEND is the in-memory outbox",
                "name the contracted provider's backend, or GONGKAI_SMS_BACKEND=off",
            )
        )
    return found


def unsafe_production_settings(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"GONGKAI_ENV=production refuses to start: {problem}",
            hint=hint,
            id=f"gongkai.{code}",
        )
        for code, problem, hint in production_problems(settings)
    ]


def refuse_to_serve() -> None:
    """Raise before a production process serves anything with an unsafe setting."""
    errors = [
        message
        for message in checks.run_checks(include_deployment_checks=settings.PRODUCTION)
        if message.is_serious()
    ]
    if errors:
        raise SystemCheckError(
            "gongkai will not serve:\n" + "\n".join(str(message) for message in errors)
        )
