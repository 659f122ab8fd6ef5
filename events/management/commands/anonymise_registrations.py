"""Blank the personal data of registrations some months after their event (for a daily
timer); the counts for the annual report stay."""

from django.core.management.base import BaseCommand, CommandError

from events.services import KEEP_PERSONAL_DATA_DAYS, anonymise_past_registrations


class Command(BaseCommand):
    help = "Blank name, email and phone of registrations for events that ended long ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=KEEP_PERSONAL_DATA_DAYS,
            help=f"after how many days from the event's end (default {KEEP_PERSONAL_DATA_DAYS})",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        count = anonymise_past_registrations(days)
        self.stdout.write(f"{count} registrations anonymised.")
