"""The ``gongkai`` command: Django's management commands against the configured database.

The project's own commands (``demo``, ``workdays``, ``report-check``, ``privacy-scan`` …)
are management commands too, named so that they never shadow one of Django's. The pure
ones (:data:`PURE_COMMANDS`) and ``gongkai help`` are answered here without booting
Django: setting Django up (apps, models, Wagtail) takes a second or more, and these
commands need neither the ORM nor a database.
"""

import importlib
import os
import sys
from pathlib import Path

# Command → module whose ``main(argv) -> int`` runs it. Each is also a management command
# that wires the same functions, so ``call_command`` and ``manage.py`` keep working.
PURE_COMMANDS = {
    "report-check": "gongkai.reportcheck.cli",
    "privacy-scan": "gongkai.privacy.cli",
    "workdays": "gongkai.workdays.offline",
}

# The only commands that may create a missing SQLite database file (restore writes a
# backup's); any other finds it
# missing and says so (gongkai.sqlite3).
CREATE_DATABASE = {"migrate", "demo", "restore"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)[1:]
    if args and args[0] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[args[0]])
        sys.exit(module.main(args[1:]))
    if args and args[0] == "help" and len(args) > 1 and args[1] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[args[1]])
        sys.exit(module.main(["--help"]))
    if not args or args == ["help"] or args in (["--help"], ["-h"]):
        sys.stdout.write(help_text())
        return
    if args == ["help", "--commands"]:
        sys.stdout.write("".join(f"{name}\n" for name in sorted(_commands())))
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    if args[0] in CREATE_DATABASE:
        from gongkai import sqlite3

        sqlite3.allow_creation()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai", *args])


def help_text() -> str:
    """The project's own commands first, one line each on what they do, then Django's main
    help ("Available subcommands" by app) for the rest — from the file system alone."""
    commands = _commands()
    ours = {name: app for name, app in commands.items() if app.startswith("gongkai.")}
    width = max((len(name) for name in ours), default=0) + 2
    lines = [
        "",
        "Type 'gongkai help <subcommand>' for help on a specific subcommand.",
        "",
        "gongkai's own commands:",
        "",
    ]
    lines += [f"    {name:<{width}}{_summary(ours[name], name)}".rstrip() for name in sorted(ours)]
    by_app: dict[str, list[str]] = {}
    for name, app in commands.items():
        if name not in ours:
            label = "django" if app == "django.core" else app.rpartition(".")[2]
            by_app.setdefault(label, []).append(name)
    lines += ["", "Django's and the installed apps' commands:"]
    for app in sorted(by_app):
        lines += ["", f"[{app}]"]
        lines += [f"    {name}" for name in sorted(by_app[app])]
    return "\n".join(lines) + "\n"


def _commands() -> dict[str, str]:
    """Command name → app (``django.core`` or a dotted app name), as
    ``django.core.management.get_commands`` finds them (the first installed app wins a
    name), without importing the apps."""
    from gongkai import settings

    commands = dict.fromkeys(_command_files("django.core"), "django.core")
    for app in reversed(settings.INSTALLED_APPS):
        commands.update(dict.fromkeys(_command_files(app), app))
    return commands


def _summary(app: str, name: str, limit: int = 100) -> str:
    """The first line of a command's ``help``, read from its source without importing it
    (importing a command imports Django)."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec(app.split(".")[0])
    if spec is None or not spec.submodule_search_locations:
        return ""
    path = Path(spec.submodule_search_locations[0], *app.split(".")[1:], "management", "commands")
    try:
        tree = ast.parse((path / f"{name}.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return ""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Command":
            for item in node.body:
                if (
                    isinstance(item, ast.Assign)
                    and any(getattr(t, "id", None) == "help" for t in item.targets)
                    and isinstance(item.value, ast.Constant)
                    and isinstance(item.value.value, str)
                ):
                    text = " ".join(item.value.value.split())
                    return text if len(text) <= limit else text[: limit - 1] + "…"
    return ""


def _command_files(package: str) -> list[str]:
    import importlib.util
    import pkgutil

    top, *rest = package.split(".")
    # find_spec of a top-level name locates it without running its __init__.
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return []
    folders = [
        str(Path(root, *rest, "management", "commands")) for root in spec.submodule_search_locations
    ]
    return [
        name
        for _, name, is_package in pkgutil.iter_modules(folders)
        if not is_package and not name.startswith("_")
    ]


if __name__ == "__main__":
    main()
