"""The installed ``gongkai`` command."""

import os
import subprocess
import sys
from pathlib import Path

GONGKAI = Path(sys.executable).with_name("gongkai")


def run(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    clean.update(env)
    return subprocess.run(
        [str(GONGKAI), *args], env=clean, capture_output=True, text=True, timeout=120
    )


def test_gongkai_lists_django_and_project_commands():
    result = run("help")
    assert result.returncode == 0, result.stderr
    assert "migrate" in result.stdout
    assert "demo" in result.stdout


def test_project_commands_do_not_shadow_django():
    from django.core.management import get_commands

    commands = get_commands()
    ours = {name for name, app in commands.items() if app.startswith("gongkai")}
    assert "demo" in ours
    assert commands["check"] == "django.core" and commands["test"] == "django.core"
    # Every name of ours must be one that neither Django nor any other installed app defines.
    import django.core.management
    from django.apps import apps
    from django.core.management import find_commands

    others = set(find_commands(os.path.dirname(django.core.management.__file__)))
    for app in apps.get_app_configs():
        if not app.name.startswith("gongkai"):
            others |= set(find_commands(os.path.join(app.path, "management")))
    assert "check" in others and "update_index" in others
    assert not ours & others


def test_demo_refuses_production(tmp_path):
    result = run(
        "demo",
        GONGKAI_ENV="production",
        GONGKAI_SECRET_KEY="k" * 50,
        GONGKAI_ALLOWED_HOSTS="gk.example.gov.cn",
        GONGKAI_DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode != 0
    assert "演示数据不能载入生产环境" in result.stderr
