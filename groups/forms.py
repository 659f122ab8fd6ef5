"""Forms of the public group search."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Topic or keyword"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Depression, Angehörige Demenz")}),
    )
    ort = forms.CharField(
        label=_("Postcode or town"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 44532 or Lünen")}),
    )
