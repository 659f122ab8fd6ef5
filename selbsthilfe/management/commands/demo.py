"""Migrate, load the demo data set, print the demo logins and serve the site."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from selbsthilfe.demo.load import load_demo


class Command(BaseCommand):
    help = (
        "Migrate the database, load the demo data (idempotent), print the demo logins and "
        "serve the site on http://127.0.0.1:8000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load the data, do not serve")
        parser.add_argument(
            "--groups",
            type=int,
            default=0,
            metavar="N",
            help="also make sure N generated groups exist all over Germany (for benchmarks)",
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, no_serve=False, groups=0, addrport="127.0.0.1:8000", **options):
        if settings.PRODUCTION:
            # Its accounts share one published password: never on a real site.
            raise CommandError(
                "demo creates accounts with a published password and runs only with DEBUG=1. "
                "For a real site see docs/deployment.md (first superuser and memberships)."
            )
        call_command("migrate", interactive=False, verbosity=0)
        result = load_demo(generated_groups=groups, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({result['groups']} groups and {result['events']} events new)."
            )
        )
        self.stdout.write(f"Logins (password for all: see below), admin at /{settings.ADMIN_PATH}:")
        for username, password, role in result["logins"]:
            self.stdout.write(f"  {username:42} {password:18} {role}")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
