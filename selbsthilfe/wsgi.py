"""WSGI entry point for production servers."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selbsthilfe.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:  # a missing or wrong environment variable
    sys.exit(f"Configuration error: {error}")
