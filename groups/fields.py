"""Model fields the domain needs that Django does not ship."""

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.db import models


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


class EarthPointField(models.Field):
    """A point on the earth's surface as PostgreSQL earthdistance's ``earth`` type.

    Written by SQL (``ll_to_earth(latitude, longitude)``) and only compared in SQL: storing it
    spares recomputing the trigonometry of ``ll_to_earth`` for every row a search looks at.
    """

    description = "Point on the earth (earthdistance)"

    def db_type(self, connection):
        return "earth"
