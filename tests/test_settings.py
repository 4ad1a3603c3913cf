"""Production refuses to start with development settings (checked in a fresh interpreter)."""

import os
import subprocess
import sys

import pytest

GOOD_KEY = "k" * 50


def load_settings(show="s.DEBUG, s.ALLOWED_HOSTS", **env):
    """Import the settings in a fresh interpreter with only ``env`` set; it prints ``show``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import gongkai.settings as s; print({show})"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_development_defaults_start():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True ")


def test_production_with_safe_settings_starts():
    result = load_settings(
        GONGKAI_ENV="production",
        GONGKAI_SECRET_KEY=GOOD_KEY,
        GONGKAI_ALLOWED_HOSTS="gk.example.gov.cn",
        GONGKAI_DATABASE_URL="sqlite:///:memory:",
        **PRODUCTION_SERVICES,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['gk.example.gov.cn']"


PRODUCTION_SERVICES = {
    "GONGKAI_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "GONGKAI_REDIS_URL": "redis://127.0.0.1:6379/0",
    "GONGKAI_SMS_BACKEND": "off",
}


def start(entry, **env):
    """Start ``entry`` ("wsgi", "check" or "runserver") in a fresh process with only ``env``."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GONGKAI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean.update(env)
    command = {
        "wsgi": [sys.executable, "-c", "import gongkai.wsgi"],
        "check": [sys.executable, "-m", "gongkai.cli", "check", "--deploy"],
        "runserver": [
            sys.executable,
            "-m",
            "gongkai.cli",
            "runserver",
            "--noreload",
            "127.0.0.1:0",
        ],
    }[entry]
    return subprocess.run(command, env=clean, capture_output=True, text=True, timeout=120)


UNSAFE_PRODUCTION = {
    "GONGKAI_ENV": "production",
    "GONGKAI_SECRET_KEY": GOOD_KEY,
    "GONGKAI_ALLOWED_HOSTS": "gk.example.gov.cn",
    "GONGKAI_DATABASE_URL": "sqlite:///:memory:",
    "GONGKAI_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    "GONGKAI_REDIS_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize("entry", ["wsgi", "check", "runserver"])
def test_every_way_of_starting_production_refuses_unsafe_settings(entry):
    result = start(entry, **UNSAFE_PRODUCTION)
    assert result.returncode != 0
    assert "gongkai.E004" in result.stderr
    assert "GONGKAI_EMAIL_BACKEND" in result.stderr


def test_gunicorn_entry_point_starts_with_safe_production_settings(tmp_path):
    result = start(
        "wsgi",
        **{
            **UNSAFE_PRODUCTION,
            **PRODUCTION_SERVICES,
            "GONGKAI_DATABASE_URL": f"sqlite:///{tmp_path}/gongkai.sqlite3",
        },
    )
    assert result.returncode == 0, result.stderr


def test_unknown_environment_name_is_rejected():
    result = load_settings(GONGKAI_ENV="prod")
    assert result.returncode != 0
    assert "GONGKAI_ENV='prod'" in result.stderr


def test_boolean_typo_is_rejected():
    result = load_settings(GONGKAI_DEBUG="Flase")
    assert result.returncode != 0
    assert "is not a boolean" in result.stderr


def test_production_redirects_to_https_and_asks_browsers_to_stay():
    result = load_settings(
        show="s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_AGE",
        GONGKAI_ENV="production",
        GONGKAI_SECRET_KEY=GOOD_KEY,
        GONGKAI_ALLOWED_HOSTS="gk.example.gov.cn",
        GONGKAI_DATABASE_URL="sqlite:///:memory:",
        **PRODUCTION_SERVICES,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "28800"]


@pytest.mark.django_db
def test_every_response_carries_a_permissions_policy(client):
    response = client.get("/healthz")
    assert "camera=()" in response["Permissions-Policy"]


def test_check_deploy_finds_no_security_issue_in_production(tmp_path):
    # The suite's own DJANGO_ALLOW_ASYNC_UNSAFE (tests/conftest.py) is no deployment's.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GONGKAI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        GONGKAI_ENV="production",
        GONGKAI_SECRET_KEY="Zq8-" + "x7Pa3vLm9" * 6,
        GONGKAI_ALLOWED_HOSTS="gk.example.gov.cn",
        GONGKAI_DATABASE_URL=f"sqlite:///{tmp_path}/gongkai.sqlite3",
        **PRODUCTION_SERVICES,
    )
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "security." not in result.stdout + result.stderr
