"""The superusers' page for a person's rights: export (Art. 15 GDPR) or erase (Art. 17
GDPR) everything stored about an email address or phone number, erasure only after a
confirmation."""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from selbsthilfe import personal_data

# Fewer digits than this would find numbers of other people.
MINIMUM_PHONE_DIGITS = 6


class PrivacyRightsForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address of the person"), required=False)
    phone = forms.CharField(
        label=gettext_lazy("Phone number of the person"),
        required=False,
        max_length=50,
        help_text=gettext_lazy(
            "Found however it was written: 0231 123456 also finds 0231/123456 and +49 231 123456."
        ),
    )
    action = forms.ChoiceField(
        label=gettext_lazy("What to do"),
        choices=[
            ("export", gettext_lazy("Export everything as JSON (Art. 15 GDPR)")),
            ("erase", gettext_lazy("Erase everything (Art. 17 GDPR)")),
        ],
        widget=forms.RadioSelect,
        initial="export",
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and len(personal_data.phone_key(phone)) < MINIMUM_PHONE_DIGITS:
            raise forms.ValidationError(
                _("Enter the whole number with its area code, e.g. 0231 123456.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("email") and not cleaned.get("phone"):
            raise forms.ValidationError(
                _("Enter the person's email address, phone number or both.")
            )
        return cleaned

    @property
    def person(self) -> personal_data.Person:
        return personal_data.Person(
            email=self.cleaned_data["email"].strip(), phone=self.cleaned_data["phone"]
        )


def erasure_summary(records: int, versions: int) -> str:
    """What an erasure removed, each count with its noun in the right number."""
    return _("Erased: %(records)s and %(versions)s.") % {
        "records": ngettext("%(count)d record", "%(count)d records", records) % {"count": records},
        "versions": ngettext("%(count)d earlier version", "%(count)d earlier versions", versions)
        % {"count": versions},
    }


@staff_member_required
def privacy_rights(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = PrivacyRightsForm(request.POST or None)
    context = {**admin.site.each_context(request), "title": _("Personal data of a person")}
    if request.method == "POST" and form.is_valid():
        person, action = form.person, form.cleaned_data["action"]
        if action == "export":
            data = personal_data.export(person, request.user)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            filename = f"personal-data-{timezone.localdate():%Y-%m-%d}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            response["Cache-Control"] = "no-store"
            return response
        if not form.cleaned_data["confirmed"]:
            found = personal_data.counts(person)
            context |= {
                "form": PrivacyRightsForm(initial={**form.cleaned_data, "confirmed": True}),
                "to_erase": found,
                "nothing_found": not any(entry["rows"] or entry["versions"] for entry in found),
                "who": " · ".join(filter(None, [person.email, person.phone])),
            }
            return TemplateResponse(request, "admin/privacy_rights.html", context)
        done = personal_data.erase(person, request.user)
        versions = sum(count for key, count in done.items() if key.endswith("_versions"))
        messages.success(request, erasure_summary(sum(done.values()) - versions, versions))
        return redirect("privacy_rights")
    context["form"] = form
    return TemplateResponse(request, "admin/privacy_rights.html", context)
