"""Send the emails to registrants that could not be sent before (for a timer, e.g. every 15
minutes)."""

from django.core.management.base import BaseCommand

from events.services import send_pending_emails


class Command(BaseCommand):
    help = "Retry emails to event registrants whose sending failed."

    def handle(self, *args, **options):
        run = send_pending_emails()
        self.stdout.write(
            f"{run.sent} sent, {run.failed} failed again, {run.skipped} skipped "
            "(event over or too many attempts)."
        )
