"""Send the emails about messages, and the notices of reported barriers, that could not be
sent before (for the retry timer)."""

from django.core.management.base import BaseCommand

from contactpoints.messages import send_pending_emails
from selbsthilfe.accessibility import send_unsent_notices


class Command(BaseCommand):
    help = "Retry emails about messages from the public whose sending failed."

    def handle(self, *args, **options):
        run = send_pending_emails()
        self.stdout.write(
            f"{run.sent} sent, {run.failed} failed again, {run.skipped} skipped "
            "(too many attempts)."
        )
        notices = send_unsent_notices()
        self.stdout.write(
            f"Notices of reported barriers: {notices.sent} sent, {notices.failed} failed "
            f"again, {notices.skipped} skipped (too many attempts)."
        )
