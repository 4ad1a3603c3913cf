"""The queue's settings come from the environment and refuse values that cannot work."""

import os
import subprocess
import sys

import pytest


def load_settings(**variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(variables)
    code = "import gongkai.settings as s; print(s.GONGKAI_JOBS_EAGER, s.GONGKAI_JOBS_LEASE_SECONDS)"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


def test_defaults_and_values_from_the_environment():
    assert load_settings().stdout.split() == ["False", "300"]
    given = load_settings(GONGKAI_JOBS_EAGER="yes", GONGKAI_JOBS_LEASE_SECONDS="900")
    assert given.stdout.split() == ["True", "900"]


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("GONGKAI_JOBS_LEASE_SECONDS", "0", "must each be at least 1"),
        ("GONGKAI_JOBS_POLL_SECONDS", "-5", "must each be at least 1"),
        ("GONGKAI_JOBS_MAX_ATTEMPTS", "0", "GONGKAI_JOBS_MAX_ATTEMPTS must be at least 1"),
        ("GONGKAI_JOBS_EAGER", "maybe", "is not a boolean"),
        ("GONGKAI_JOBS_RETRY_SECONDS", "soon", "is not an integer"),
    ],
)
def test_unusable_values_are_refused(name, value, message):
    result = load_settings(**{name: value})
    assert result.returncode != 0
    assert message in result.stderr
