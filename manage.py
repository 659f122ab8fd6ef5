#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selbsthilfe.settings")
    # manage.py is the developer's tool: debug mode unless told otherwise. The production
    # server starts through `manage.py serve` or wsgi.py/asgi.py, where DEBUG stays off
    # unless set.
    if sys.argv[1:2] != ["serve"]:
        os.environ.setdefault("DEBUG", "1")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 (loads the settings)
    except ImproperlyConfigured as error:
        # A missing or wrong environment variable: one sentence, not a traceback.
        sys.exit(f"Configuration error: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
