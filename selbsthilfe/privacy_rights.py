"""The superusers' page for a person's rights: export (Art. 15 GDPR) or erase (Art. 17
GDPR) everything stored about an email address, erasure only after a confirmation."""

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
from django.utils.translation import gettext_lazy

from selbsthilfe import personal_data


class PrivacyRightsForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address of the person"))
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


@staff_member_required
def privacy_rights(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = PrivacyRightsForm(request.POST or None)
    context = {**admin.site.each_context(request), "title": _("Personal data of a person")}
    if request.method == "POST" and form.is_valid():
        email, action = form.cleaned_data["email"], form.cleaned_data["action"]
        if action == "export":
            data = personal_data.export(email, request.user)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            filename = f"personal-data-{timezone.localdate():%Y-%m-%d}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            response["Cache-Control"] = "no-store"
            return response
        if not form.cleaned_data["confirmed"]:
            confirm = PrivacyRightsForm(initial={**form.cleaned_data, "confirmed": True})
            context |= {"form": confirm, "to_erase": personal_data.counts(email),
                        "email": email}  # fmt: skip
            return TemplateResponse(request, "admin/privacy_rights.html", context)
        done = personal_data.erase(email, request.user)
        messages.success(
            request,
            _("Erased: %(messages)d messages, %(founding_interests)d founding interests; "
              "blanked: %(registrations)d registrations, %(suggestions)d reports.") % done,
        )  # fmt: skip
        return redirect("privacy_rights")
    context["form"] = form
    return TemplateResponse(request, "admin/privacy_rights.html", context)
