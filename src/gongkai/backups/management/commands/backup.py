from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent snapshot (database, media, private files, manifest) into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            manifest = backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"备份完成 / backup written: {directory} ({len(manifest['files'])} files)"
        )
