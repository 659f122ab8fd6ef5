"""Blank the sender's details of reports reviewed long ago (for a daily timer)."""

from django.core.management.base import BaseCommand, CommandError

from groups.services import KEEP_SUGGESTION_SENDER_DAYS, anonymise_reviewed_suggestions


class Command(BaseCommand):
    help = "Blank name, email and message of the sender of reports reviewed long ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=KEEP_SUGGESTION_SENDER_DAYS,
            help=f"after how many days from the review (default {KEEP_SUGGESTION_SENDER_DAYS})",
        )  # fmt: skip

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        self.stdout.write(f"{anonymise_reviewed_suggestions(days)} reports anonymised.")
