"""What log records may hold: a search or a form's content never goes into a log beside the
visitor's address, so a request attached to a record is named by method and path only."""

import logging

# One JSON object a line (python-json-logger), the time with its zone: the site's records and
# gunicorn's own lines alike (settings.LOGGING, selbsthilfe/gunicorn_config.py).
JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "datefmt": "%Y-%m-%dT%H:%M:%S%z",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}


class RequestPathOnly(logging.Filter):
    """Django's request loggers attach the request to their records, and a formatter that
    writes every attribute (JSON) would write it whole, query string and all."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = f"{request.method} {request.path}"
        return True
