"""The names under which the form error summary links to its fields: a label that is a whole
sentence (a consent) would make the link a paragraph, so such a field is named short."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()

# Longer than this, a label reads as a sentence rather than a name in the summary's list.
LONGEST_NAME = 60
WORDS_OF_A_CUT_NAME = 6


@register.filter
def summary_label(bound_field) -> str:
    """The field's ``short_label`` if it has one; else its label, unless that is long: a
    checkbox with a long label is a consent on these forms, anything else keeps its first
    words."""
    field = bound_field.field
    if short := getattr(field, "short_label", None):
        return str(short)
    label = " ".join(str(bound_field.label).split())
    if len(label) <= LONGEST_NAME:
        return label
    if isinstance(field, forms.BooleanField):
        return _("Consent")
    return " ".join(label.split()[:WORDS_OF_A_CUT_NAME]) + " …"
