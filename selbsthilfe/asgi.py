"""ASGI entry point for production servers."""

import os
import sys

from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selbsthilfe.settings")
try:
    application = get_asgi_application()
except ImproperlyConfigured as error:  # a missing or wrong environment variable
    sys.exit(f"Configuration error: {error}")
