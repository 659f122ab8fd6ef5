"""Tags that render the long option lists of the search form.

The form is on every search page, and its topic list has a few hundred options: rendered
through Django's widget templates or a template loop, the options alone took longer than the
rest of the form. These tags write the same markup in Python.
"""

from html import escape

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def select_options(bound_field):
    """The ``<option>`` elements of a single-choice field, the bound value selected.

    (Escaped with the standard library's ``escape``: Django's ``format_html`` per option
    took a millisecond for the few hundred topics. Labels are plain text, never markup.)
    """
    selected = str(bound_field.value() or "")
    options = []
    for value, label in bound_field.field.choices:
        value = str(value)
        selected_attr = " selected" if value == selected else ""
        options.append(
            f'<option value="{escape(value)}"{selected_attr}>{escape(str(label))}</option>'
        )
    return mark_safe("".join(options))


@register.simple_tag
def inline_checkboxes(bound_field):
    """The checkboxes of a multiple-choice field, inline, the bound values checked."""
    checked = {str(value) for value in bound_field.value() or []}
    base_id, invalid = bound_field.auto_id, _invalid(bound_field)
    return format_html_join(
        "",
        '<div class="form-check form-check-inline">'
        '<input class="form-check-input" type="checkbox" name="{}" value="{}" id="{}_{}"{}{}>'
        '<label class="form-check-label" for="{}_{}">{}</label></div>',
        (
            (
                bound_field.html_name, value, base_id, index,
                " checked" if str(value) in checked else "", invalid,
                base_id, index, label,
            )
            for index, (value, label) in enumerate(bound_field.field.choices)
        ),
    )  # fmt: skip


@register.simple_tag
def checkbox(bound_field):
    """A single checkbox with its label, as a Bootstrap ``form-check``."""
    return format_html(
        '<div class="form-check"><input class="form-check-input" type="checkbox" name="{}" '
        'value="1" id="{}"{}{}><label class="form-check-label" for="{}">{}</label></div>',
        bound_field.html_name,
        bound_field.auto_id,
        " checked" if bound_field.value() else "",
        _invalid(bound_field),
        bound_field.auto_id,
        bound_field.label,
    )


def _invalid(bound_field) -> str:
    """Marks the inputs of a field with errors for assistive technology, as Django does."""
    return mark_safe(' aria-invalid="true"') if bound_field.errors else ""
