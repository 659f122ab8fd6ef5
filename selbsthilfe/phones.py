"""Phone numbers as people in Germany write them: read with Google's numbering plans (the
`phonenumbers` library), dialled in international form, kept as they were typed."""

import re

import phonenumbers
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

# Numbers without a country code are German; others are written with + (or 00).
DEFAULT_REGION = "DE"

# What a written number may hold besides digits: no letters, so that "0800 HILFE" or
# "0231 123 Durchwahl 4" are refused in forms instead of being read some other way.
WRITTEN_NUMBER = re.compile(r"^\+?[0-9 ()/.\-–]+$")


def parse(number: str) -> phonenumbers.PhoneNumber | None:
    """The number ``number`` stands for, if it is one that can be dialled: a complete
    number of its country's plan, or a German short number such as 112 or 116 123."""
    if not number or not WRITTEN_NUMBER.match(number.strip()):
        return None
    try:
        parsed = phonenumbers.parse(number, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(parsed) or is_short_number(parsed):
        return parsed
    return None


def is_short_number(parsed: phonenumbers.PhoneNumber) -> bool:
    return parsed.country_code == 49 and phonenumbers.is_valid_short_number_for_region(
        parsed, DEFAULT_REGION
    )


def international(number: str) -> str:
    """``number`` in the form a ``tel:`` link dials: E.164 ("+4923112345"); a short number
    as its digits ("116123", which "+49116123" would not reach); "" for anything that is
    not a number."""
    parsed = parse(number)
    if parsed is None:
        return ""
    if is_short_number(parsed):
        return phonenumbers.national_significant_number(parsed)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def clean_written_number(value: str) -> str:
    """A phone number from a form, with its spaces tidied but otherwise as it was written
    (that is how pages show it); a clear error for letters or an incomplete number."""
    number = " ".join(value.split())
    if not number:
        return ""
    if not WRITTEN_NUMBER.match(number):
        raise forms.ValidationError(
            _("Enter a phone number with digits only, e.g. 0231 123456."), code="letters"
        )
    if parse(number) is None:
        raise forms.ValidationError(
            _(
                "This is not a complete phone number. Please enter it with its area code, "
                "e.g. 0231 123456; a number abroad with + and the country code, e.g. "
                "+43 1 234567."
            ),
            code="invalid_phone",
        )
    return number


class PhoneNumberFormField(forms.CharField):
    """A phone field that refuses what cannot be dialled; browsers offer a phone keypad."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.input_type = "tel"

    def clean(self, value):
        return clean_written_number(super().clean(value) or "")


class PhoneNumberField(models.CharField):
    """A phone number stored as the person or staff wrote it. Only its form field differs
    from a ``CharField``: every model form (public forms, admin, staff pages) validates it,
    while numbers stored before, or by an import, stay readable whatever they hold.

    It deconstructs as a ``CharField``, so the column and the migrations stay the same."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneNumberFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
