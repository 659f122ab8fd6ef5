"""schema.org data for search engines, written into pages as JSON-LD."""

import json

from django.utils.safestring import mark_safe


def json_for_script(data: dict) -> str:
    """JSON safe inside a <script> element: no "</script>" or comment can end it early."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return mark_safe(text)
