"""Model fields the domain needs that Django does not ship (the earth point field lives in
``selbsthilfe.geo``; migrations name it here)."""

from django import forms
from django.contrib.postgres.fields import ArrayField

from selbsthilfe import geo


class ChoiceArrayField(ArrayField):
    """A PostgreSQL array of choices, edited as a list of checkboxes."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
        }
        defaults.update(kwargs)
        # ArrayField.formfield() would force its own SimpleArrayField; skip to Field's.
        return super(ArrayField, self).formfield(**defaults)


EarthPointField = geo.EarthPointField  # (old migrations import it from here)
