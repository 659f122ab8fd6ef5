"""Phone numbers as links a phone can dial: `{% phone_link site.phone %}`."""

from django import template
from django.utils.html import format_html

from selbsthilfe.phones import international

register = template.Library()


@register.simple_tag
def phone_link(number: str):
    """A link that dials ``number``, showing it as it was written; the number alone when it
    cannot be dialled (a number stored before the forms checked them); nothing for none."""
    dialled = international(number or "")
    if not dialled:
        return number or ""
    return format_html('<a href="tel:{}">{}</a>', dialled, number)
