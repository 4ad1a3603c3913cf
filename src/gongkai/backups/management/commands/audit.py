import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.backups import audit

log = logging.getLogger("gongkai.audit")


class Command(BaseCommand):
    help = (
        "Export audit and personal-data access log entries older than a date (JSON lines), "
        "then prune exactly the exported ones; entries younger than 183 days are kept "
        "(Cybersecurity Law Art. 21)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="write entries older than --before to FILE")
        export.add_argument("--before", required=True, metavar="YYYY-MM-DD")
        export.add_argument("file", type=Path, metavar="FILE")
        prune = actions.add_parser("prune", help="delete the exported entries older than --before")
        prune.add_argument("--before", required=True, metavar="YYYY-MM-DD")
        prune.add_argument("--exported", required=True, type=Path, metavar="FILE")
        prune.add_argument(
            "--sha256", metavar="HEX", help="the export's checksum, if FILE.sha256 is not kept"
        )

    def handle(self, *args, action, before, **options):
        try:
            day = audit.parse_day(before)
            if action == "export":
                counts = audit.export(day, options["file"])
                verb = "已导出 / exported"
            else:
                counts = audit.prune(
                    day, options["exported"], today=timezone.localdate(), sha256=options["sha256"]
                )
                verb = "已清理 / pruned"
                log.warning("audit prune before %s: %s", day, counts)
        except audit.AuditError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        total = sum(counts.values())
        details = ", ".join(f"{label} {n}" for label, n in counts.items())
        self.stdout.write(f"{verb} {total}: {details}")
