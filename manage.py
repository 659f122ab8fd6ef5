#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selbsthilfe.settings")
    # manage.py is the developer's tool: debug mode unless told otherwise. Production servers
    # start through wsgi.py/asgi.py, where DEBUG stays off unless set.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
