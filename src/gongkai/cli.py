"""The ``gongkai`` command: Django's management commands against the configured database.

The project's own commands (``demo``, ``workdays``, ``report-check``, ``privacy-scan`` …)
are management commands too, named so that they never shadow one of Django's.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    execute_from_command_line(["gongkai", *args[1:]])


if __name__ == "__main__":
    main()
