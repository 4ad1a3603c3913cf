import sys

from django.core.management.base import BaseCommand

from gongkai.privacy import cli


class Command(BaseCommand):
    # A pure tool: system-check warnings would only clutter its output for scripts.
    requires_system_checks = []
    help = "Find personal information (ID, mobile, bank card numbers …) in files and folders"

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, **options):
        status = cli.run(
            options["paths"],
            options["json"],
            sys.stdout,
            sys.stderr,
            min_confidence=options["min_confidence"],
            allow=options["allow"] or (),
        )
        if status:
            sys.exit(status)
