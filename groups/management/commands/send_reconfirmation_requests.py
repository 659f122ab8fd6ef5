"""Ask groups once a year whether their entry is still right (run daily by a timer)."""

from django.core.management.base import BaseCommand

from groups import services


class Command(BaseCommand):
    help = (
        "Email each group whose entry was not verified for 11 months a personal link to "
        "confirm or correct it; a reminder follows after four weeks. Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the groups that are due; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = services.groups_due_for_reconfirmation()
            for group in due:
                self.stdout.write(f"{group.pk}\t{group.name}\t{group.contact_point}")
            self.stdout.write(f"{len(due)} groups due.")
            return
        run = services.send_due_reconfirmation_requests()
        self.stdout.write(f"{run.sent} requests sent, {run.failed} failed (retried tomorrow).")
