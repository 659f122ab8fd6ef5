"""Write the whole database to a file (pg_dump, custom format)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from selbsthilfe.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write the whole database to FILE (pg_dump custom format); restore it with `restore`."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?",
            help="where to write (default: selbsthilfe-YYYY-MM-DD-HHMM.dump here)",
        )  # fmt: skip

    def handle(self, *args, file=None, **options):
        path = Path(file or f"selbsthilfe-{timezone.localtime():%Y-%m-%d-%H%M}.dump")
        if path.parent and not path.parent.is_dir():
            raise CommandError(f"No folder {path.parent} to write the backup into.")
        try:
            backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{path}: {path.stat().st_size} bytes")
