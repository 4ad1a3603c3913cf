import sys

from django.core.management.base import BaseCommand

from gongkai.rules import workdays_cli
from gongkai.workdays.models import current_calendar


class Command(BaseCommand):
    # A pure tool: system-check warnings would only clutter its output for scripts.
    requires_system_checks = []
    help = "Working-day arithmetic under the official holiday schedules: add DATE N | check DATE"

    def add_arguments(self, parser):
        workdays_cli.add_arguments(parser)

    def handle(self, *args, **options):
        status = workdays_cli.run(options, current_calendar(), sys.stdout, sys.stderr)
        if status:
            sys.exit(status)
