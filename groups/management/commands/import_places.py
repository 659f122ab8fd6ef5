"""Load a GeoNames postal code file into the Place table (default: the shipped German list)."""

from django.core.management.base import BaseCommand, CommandError

from groups.gazetteer import SHIPPED_POSTCODES, PlaceFileError, import_places


class Command(BaseCommand):
    help = (
        "Load postcodes and places from a GeoNames postal code file (tab-separated DE.txt or "
        "the CSV variant, optionally gzip-compressed). Without FILE, loads the German list "
        "shipped with the project."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help=f"default: {SHIPPED_POSTCODES.name}")

    def handle(self, *args, file=None, **options):
        try:
            result = import_places(file)
        except PlaceFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{result.loaded} places loaded."))
        if result.skipped_total:
            self.stdout.write(f"{result.skipped_total} lines skipped:")
            for reason, count in result.skipped.most_common():
                first = result.examples[reason]
                self.stdout.write(f"  {count:6d}  {reason} (first on line {first})")
