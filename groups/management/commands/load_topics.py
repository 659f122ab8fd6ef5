"""Load the shipped thesaurus of self-help topics, keeping what staff changed since."""

from pathlib import Path

from django.core.management.base import BaseCommand

from groups import thesaurus


class Command(BaseCommand):
    help = (
        "Create the topics of the shipped thesaurus (groups/data/thesaurus.txt) with their "
        "synonyms, and bring earlier loaded ones up to date without overwriting staff changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=thesaurus.THESAURUS_FILE)
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")

    def handle(self, *args, file, dry_run, **options):
        report = thesaurus.load(file, dry_run=dry_run)
        self.stdout.write(
            f"Thesaurus {report.version}: {len(report.created)} topics created, "
            f"{len(report.updated)} updated, {len(report.merged)} merged with topics of the "
            f"same name, {report.unchanged} unchanged, {len(report.kept_deleted)} deleted by "
            f"staff and left out." + (" (dry run: nothing saved)" if dry_run else "")
        )
        for conflict in report.conflicts:
            self.stdout.write(self.style.WARNING(f"Kept the staff's change: {conflict}"))
