#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selbsthilfe.settings")
    # Production settings for every command (migrate, backup, the worker, the timers) unless
    # DEBUG=1 is set; only the two development servers turn debugging on by themselves.
    if sys.argv[1:2] in (["demo"], ["runserver"]):
        os.environ.setdefault("DEBUG", "1")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 (loads the settings)
    except ImproperlyConfigured as error:
        # A missing or wrong environment variable: one sentence, not a traceback.
        sys.exit(f"Configuration error: {error}")
    from django.db import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except OperationalError as error:
        # The database cannot be reached, or refuses the role or the database name: the
        # operator needs the sentence that says which, not a traceback of 80 lines.
        sys.exit(f"Database error: {str(error).strip().splitlines()[0]}")


if __name__ == "__main__":
    main()
