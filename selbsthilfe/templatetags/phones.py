"""Phone numbers as links a phone can dial: `{% phone_link site.phone %}`."""

import re

from django import template
from django.utils.html import format_html

register = template.Library()


def international(number: str) -> str:
    """``number`` as written in Germany, in international form for a ``tel:`` link:
    "0231 50-2 46 00" → "+49231502460"; "0049 …" and "+…" keep their country; short numbers
    such as 112 or 116 123 stay as they are."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        return f"+{digits}"
    if digits.startswith("00"):
        return f"+{digits[2:]}"
    if digits.startswith("0"):
        return f"+49{digits[1:]}"
    return digits


@register.simple_tag
def phone_link(number: str):
    """A link that dials ``number``, showing it as it was written; nothing for no number."""
    if not number or not re.search(r"\d", number):
        return number or ""
    return format_html('<a href="tel:{}">{}</a>', international(number), number)
