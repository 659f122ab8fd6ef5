"""The task worker of the site: django-tasks-db's `db_worker`, after putting back the tasks
that a killed worker left half done, and with a worker id that tells later workers whether
it is still running."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from selbsthilfe.task_recovery import requeue_interrupted_tasks, this_worker_id


class Command(BaseCommand):
    help = (
        "Run the task worker (sends the queued emails). Tasks a killed worker left unfinished "
        "are run again. Exits with an error when the database goes away; the service manager "
        "starts it again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, batch, **options):
        requeued = requeue_interrupted_tasks()
        if requeued:
            self.stdout.write(f"{requeued} interrupted tasks queued again.")
        arguments = ["--no-reload", "--worker-id", this_worker_id(), "--queue-name", "*"]
        call_command("db_worker", *arguments, *(["--batch"] if batch else []),
                     verbosity=options["verbosity"])  # fmt: skip
