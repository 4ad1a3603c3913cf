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
        GONGKAI_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        GONGKAI_SMS_BACKEND="off",
        GONGKAI_REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode != 0
    assert "演示数据不能载入生产环境" in result.stderr


# --- pure commands answer without booting Django -------------------------------------------

_PROBE = """
import sys
from gongkai.cli import main
try:
    main(["gongkai", *sys.argv[1:]])
except SystemExit as exit:
    code = exit.code
else:
    code = 0
loaded = sorted(m for m in ("django", "wagtail", "pdfplumber", "docx", "openpyxl") if m in sys.modules)
print("LOADED", loaded, file=sys.stderr)
sys.exit(code)
"""


def probe(*args, **env):
    """Run the dispatcher in a fresh interpreter; (status, stdout, heavy modules loaded)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], env=clean, capture_output=True, text=True, timeout=60
    )
    loaded = result.stderr.rsplit("LOADED ", 1)[1].strip()
    return result.returncode, result.stdout, loaded


def test_workdays_runs_without_django_or_a_database(tmp_path):
    database = tmp_path / "none.sqlite3"
    status, out, loaded = probe(
        "workdays", "check", "2026-02-14", GONGKAI_DATABASE_URL=f"sqlite:///{database}"
    )
    assert (status, out, loaded) == (0, "workday 调休\n", "[]")
    assert not database.exists()
    status, _, loaded = probe("workdays", "check", "2026-02-30")
    assert (status, loaded) == (2, "[]")


def test_privacy_scan_runs_without_django(tmp_path):
    (tmp_path / "a.txt").write_text("身份证号 11010519491231002X\n")
    status, out, loaded = probe("privacy-scan", str(tmp_path / "a.txt"))
    assert (status, loaded) == (1, "[]")
    assert out.endswith(":line 1: id_card 1101**********002X\n")
    assert probe("privacy-scan", str(tmp_path / "none.txt"))[0] == 2


def test_report_check_of_a_text_report_runs_without_django_or_document_libraries(tmp_path):
    (tmp_path / "r.txt").write_text("某某局2024年政府信息公开工作年度报告\n")
    status, out, loaded = probe("report-check", str(tmp_path / "r.txt"))
    assert status in (0, 1) and "年度 2024" in out
    assert loaded == "[]"
    assert probe("report-check", str(tmp_path / "none.txt"))[0] == 2


def test_help_lists_every_command_without_django():
    status, out, loaded = probe("help")
    assert (status, loaded) == (0, "[]")
    lines = out.splitlines()
    for name in ("migrate", "demo", "report-check", "privacy-scan", "workdays", "update_index"):
        assert any(line.split()[:1] == [name] and line.startswith("    ") for line in lines)
    status, out, loaded = probe("help", "workdays")
    assert (status, loaded) == (0, "[]")
    assert "usage: gongkai workdays" in out


def test_help_lists_the_projects_commands_first_each_with_what_it_does():
    _, out, _ = probe("help")
    ours, _, theirs = out.partition("Django's and the installed apps' commands:")
    assert "gongkai's own commands:" in ours
    own = {
        line.split()[0]: line.split(None, 1)[1]
        for line in ours.splitlines()
        if line.startswith("    ")
    }
    assert {"demo", "report-check", "privacy-scan", "workdays", "backup"} <= set(own)
    assert own["workdays"].startswith("Working-day arithmetic")
    assert all(own.values())  # one line each on what it does
    assert "    migrate\n" in theirs and "demo" not in theirs
    assert probe()[1] == out  # `gongkai` alone prints the same


def test_pure_help_lists_what_django_lists():
    from django.core.management import ManagementUtility

    _, out, _ = probe("help")
    django_help = ManagementUtility(["gongkai", "help"]).main_help_text()
    # Django's listing, minus the project's commands (listed first, with their summaries),
    # is what follows; every name Django lists is listed.
    theirs = out.partition("Django's and the installed apps' commands:")[2]
    sections = django_help.split("Available subcommands:")[1].strip().split("\n\n")
    for section in sections:
        header, *names = section.split("\n")
        kept = [n for n in names if not _ours(n.strip())]
        if kept:
            assert "\n".join([header, *kept]) in theirs
    for name in (n.strip() for s in sections for n in s.split("\n")[1:]):
        assert f"    {name}" in out


def _ours(name: str) -> bool:
    from django.core.management import get_commands

    return get_commands()[name].startswith("gongkai")


def test_a_pure_command_never_imports_django_even_with_broken_settings(tmp_path):
    # A settings module that does not exist: any import of Django's settings would fail.
    report = tmp_path / "r.txt"
    report.write_text("某某局2024年政府信息公开工作年度报告\n")
    env = {"DJANGO_SETTINGS_MODULE": "no.such.settings"}
    status, out, loaded = probe("report-check", "--help", **env)
    assert (status, loaded) == (0, "[]") and "usage:" in out and "report-check" in out
    status, out, loaded = probe("report-check", str(report), **env)
    assert status in (0, 1) and "年度 2024" in out and loaded == "[]"
    status, out, loaded = probe("workdays", "add", "2026-09-30", "1", **env)
    assert (status, out, loaded) == (0, "2026-10-08\n", "[]")
