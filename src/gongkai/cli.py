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
    """Django's main help, "Available subcommands" by app, from the file system alone."""
    by_app: dict[str, list[str]] = {}
    for name, app in _commands().items():
        by_app.setdefault(app, []).append(name)
    lines = [
        "",
        "Type 'gongkai help <subcommand>' for help on a specific subcommand.",
        "",
        "Available subcommands:",
    ]
    for app in sorted(by_app):
        lines += ["", f"[{app}]"]
        lines += [f"    {name}" for name in sorted(by_app[app])]
    return "\n".join(lines) + "\n"


def _commands() -> dict[str, str]:
    """Command name → app label, as ``django.core.management.get_commands`` finds them
    (the first installed app wins a name), without importing the apps."""
    from gongkai import settings

    commands = {name: "django" for name in _command_files("django.core")}
    for app in reversed(settings.INSTALLED_APPS):
        label = app.rpartition(".")[2]
        commands.update({name: label for name in _command_files(app)})
    return commands


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
