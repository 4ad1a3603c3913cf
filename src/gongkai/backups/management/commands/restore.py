from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from gongkai.backups import BackupError, restore


class Command(BaseCommand):
    # The checks read the database, which is not there yet.
    requires_system_checks = []
    help = "Restore a backup written by `gongkai backup` into this empty installation."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            manifest = restore(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # What the public pages cached (catalog/public_cache.py) came from the old data.
        cache.clear()
        self.stdout.write(
            f"恢复完成 / restored from {directory} ({manifest['created_at']}); "
            "now run `gongkai migrate` if this version is newer than the backup"
        )
