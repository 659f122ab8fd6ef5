"""Send the emails about messages, the notices of reported barriers and the notices to
staff that could not be sent before (for the retry timer)."""

from django.core.management.base import BaseCommand

from contactpoints.messages import send_pending_emails
from selbsthilfe.accessibility import send_unsent_notices
from selbsthilfe.notices import send_unsent_notices as send_unsent_staff_notices
from selbsthilfe.task_recovery import requeue_interrupted_tasks


class Command(BaseCommand):
    help = "Retry emails about messages from the public whose sending failed."

    def handle(self, *args, **options):
        # (a worker killed on another machine leaves its task running: it is run again)
        if requeued := requeue_interrupted_tasks():
            self.stdout.write(f"{requeued} interrupted tasks queued again.")
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
        staff = send_unsent_staff_notices()
        self.stdout.write(
            f"Notices to staff: {staff.sent} sent, {staff.failed} failed again, "
            f"{staff.skipped} skipped (too many attempts)."
        )
