"""gunicorn's settings for `manage.py serve` (read with ``--config python:…``): with
LOG_FORMAT=json its own lines (start, workers, timeouts) are JSON lines like the site's, so a
log reader such as `jq` never stops at a line of plain text."""

import os

from selbsthilfe.log_records import JSON_FORMATTER

if os.environ.get("LOG_FORMAT", "text").strip().lower() == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": JSON_FORMATTER},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
