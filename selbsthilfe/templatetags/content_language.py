"""What staff typed stays German on the English pages, and says so to screen readers and
hyphenation (WCAG 3.1.2): `<h1{% german %}>{{ group.name }}</h1>` for an element holding
only such content, `{{ site.note|german_text }}` inside a sentence of the page's language,
`{{ topic|topic_label }}` for a topic's name, English where staff gave one."""

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# The language of everything staff enter: names, descriptions, notes, titles.
CONTENT_LANGUAGE = settings.LANGUAGE_CODE


def page_in_content_language() -> bool:
    return (get_language() or CONTENT_LANGUAGE).split("-")[0] == CONTENT_LANGUAGE


@register.simple_tag
def german():
    """` lang="de"` for the element it stands in, on pages in another language."""
    if page_in_content_language():
        return ""
    return mark_safe(f' lang="{CONTENT_LANGUAGE}"')


@register.filter(is_safe=True)
def german_text(value):
    """``value`` (escaped unless already safe HTML) in a `<span lang="de">` on pages in
    another language; nothing around an empty value."""
    if value in (None, "") or page_in_content_language():
        return conditional_escape(value if value is not None else "")
    return format_html('<span lang="{}">{}</span>', CONTENT_LANGUAGE, value)


@register.filter(is_safe=True)
def topic_label(topic):
    """The topic's name in the page's language, marked German where it has no translation."""
    if topic.label != topic.name or page_in_content_language():
        return conditional_escape(topic.label)
    return german_text(topic.name)
