"""Production's refusals, one by one, on a plain settings object (no process to start)."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from gongkai.deployment.checks import production_problems

DEV_KEY = "gongkai-development-key-never-use-in-production"


def production(**changes):
    values = dict(
        PRODUCTION=True,
        DEBUG=False,
        SECRET_KEY="k" * 50,
        DEVELOPMENT_SECRET_KEY=DEV_KEY,
        ALLOWED_HOSTS=["gk.example.gov.cn"],
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}},
        MEDIA_ROOT=Path("/srv/gk/media"),
        PRIVATE_MEDIA_ROOT=Path("/srv/gk/private"),
        GONGKAI_SMS_BACKEND="off",
    )
    values.update(changes)
    return SimpleNamespace(**values)


def ids(config):
    return [code for code, _problem, _hint in production_problems(config)]


def test_safe_production_has_no_problem():
    assert production_problems(production()) == []


def test_development_is_never_refused():
    config = production(PRODUCTION=False, DEBUG=True, SECRET_KEY=DEV_KEY, ALLOWED_HOSTS=[])
    assert production_problems(config) == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"DEBUG": True}, "E001"),
        ({"SECRET_KEY": DEV_KEY}, "E002"),
        ({"SECRET_KEY": "k" * 31}, "E002"),
        ({"ALLOWED_HOSTS": []}, "E003"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "E004"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}, "E004"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}, "E004"),
        (
            {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}},
            "E005",
        ),
        ({"PRIVATE_MEDIA_ROOT": Path("/srv/gk/media/private")}, "E006"),
        ({"PRIVATE_MEDIA_ROOT": Path("/srv/gk/media")}, "E006"),
        ({"GONGKAI_SMS_BACKEND": "gongkai.applications.sms.OutboxBackend"}, "E007"),
    ],
)
def test_each_development_value_is_refused_alone(change, code):
    assert ids(production(**change)) == [code]


def test_a_32_character_key_is_enough():
    assert ids(production(SECRET_KEY="k" * 32)) == []


def test_sms_off_and_a_provider_backend_are_allowed():
    assert ids(production(GONGKAI_SMS_BACKEND="off")) == []
    assert ids(production(GONGKAI_SMS_BACKEND="provider.sms.Backend")) == []


def test_every_problem_is_listed_at_once():
    config = production(
        DEBUG=True, ALLOWED_HOSTS=[], GONGKAI_SMS_BACKEND="gongkai.applications.sms.OutboxBackend"
    )
    assert ids(config) == ["E001", "E003", "E007"]


def test_each_problem_says_what_to_do():
    config = production(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    [(_code, problem, hint)] = production_problems(config)
    assert "GONGKAI_EMAIL_BACKEND" in problem
    assert "smtp" in hint
