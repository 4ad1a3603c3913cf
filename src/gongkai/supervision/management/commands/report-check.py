import sys

from django.core.management.base import BaseCommand

from gongkai.reportcheck import cli


class Command(BaseCommand):
    # A pure tool: system-check warnings would only clutter its output for scripts.
    requires_system_checks = []
    help = "Check published annual reports (.txt .html .docx .pdf) and list their defects"

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, **options):
        status = cli.run(options["paths"], options["json"], sys.stdout, sys.stderr)
        if status:
            sys.exit(status)
