"""Write a contact point's annual report to a file, e.g. for a yearly job."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contactpoints.models import ContactPoint
from contactpoints.printing import REPORT_FORMATS, report_file
from contactpoints.reports import FIRST_YEAR, annual_report, is_report_year


class Command(BaseCommand):
    help = "Write the annual report (Tätigkeitsbericht) of a contact point as CSV, XLSX or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--contact-point", required=True, help="slug of the contact point")
        parser.add_argument(
            "--year", type=int, default=timezone.localdate().year - 1, help="default: last year"
        )
        parser.add_argument("--format", choices=sorted(REPORT_FORMATS), default="pdf")
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args, contact_point, year, format, output, **options):
        try:
            chosen = ContactPoint.objects.get(slug=contact_point)
        except ContactPoint.DoesNotExist:
            raise CommandError(f"No contact point with the slug {contact_point!r}.") from None
        if not is_report_year(year):
            raise CommandError(
                f"No report for {year}: choose a year from {FIRST_YEAR} to this one."
            )
        content, _content_type = report_file(annual_report(chosen, year), format)
        path = Path(output)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from None
        self.stdout.write(f"{path}: {len(content)} bytes, {chosen.name}, {year}, {format}")
