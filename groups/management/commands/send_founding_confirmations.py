"""Send the confirmations of founding interests that could not be sent before (for the
retry timer)."""

from django.core.management.base import BaseCommand

from groups.founding import send_pending_confirmations


class Command(BaseCommand):
    help = "Retry confirmation emails of founding interests whose sending failed."

    def handle(self, *args, **options):
        run = send_pending_confirmations()
        self.stdout.write(
            f"{run.sent} sent, {run.failed} failed again, {run.skipped} skipped "
            "(too many attempts)."
        )
