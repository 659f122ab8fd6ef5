"""Cleaning what people type into the contact fields of public forms, in one place; the form
for reporting a barrier."""

from django import forms
from django.utils.translation import gettext_lazy as _

from selbsthilfe import antispam
from selbsthilfe.models import AccessibilityFeedback


def tidy_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError(_("Please enter your name."))
    return name


def tidy_email(value: str) -> str:
    """The address with its domain in lower case (the part before @ may be case-sensitive)."""
    if not value:
        return ""
    local, _at, domain = value.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


class PersonFieldsMixin:
    """For public forms with a person's ``name``, ``email`` and ``phone`` (any of them):
    tidied values, and the hints that let browsers fill them in. (The phone is checked by
    its model field's form field, ``selbsthilfe.phones``, as in the admin.)"""

    AUTOFILL = {"name": "name", "email": "email", "phone": "tel"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, token in self.AUTOFILL.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = token

    def clean_name(self):
        return tidy_name(self.cleaned_data["name"])

    def clean_email(self):
        return tidy_email(self.cleaned_data["email"])


class AccessibilityFeedbackForm(PersonFieldsMixin, antispam.HumanCheckForm, forms.ModelForm):
    """A barrier reported from the accessibility statement. Name and address are optional
    (only for an answer); a quick fill alone is fine, a quick fill with a link is spam."""

    rejects_speed_alone = False

    class Meta:
        model = AccessibilityFeedback
        fields = ["page", "text", "name", "email"]
        labels = {
            "page": _("On which page? (address or title)"),
            "text": _("What does not work for you?"),
            "name": _("Your name (optional)"),
            "email": _("Your email (optional, for an answer)"),
        }

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        if self.filled_quickly and antispam.contains_link(cleaned.get("text", "")):
            raise forms.ValidationError(_("The form could not be sent."), code="spam")
        return cleaned
