"""Restore a backup written by `backup` into the site's database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from selbsthilfe.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore FILE (written by `backup`) into the site's database. It must be empty "
        "(a new database), unless --replace drops what it holds first."
    )
    requires_system_checks = []  # an empty database has no tables for the checks to read

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace", action="store_true",
            help="drop the database's present tables and data first",
        )  # fmt: skip

    def handle(self, *args, file, replace, **options):
        try:
            restore(Path(file), replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file}.")
