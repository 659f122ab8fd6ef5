"""The Imprint, the privacy notice and the accessibility statement, from the operator's
details in the admin, and the pages in Leichte Sprache and in German Sign Language."""

import datetime

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from selbsthilfe import antispam
from selbsthilfe.accessibility import known_gaps, submit_feedback
from selbsthilfe.forms import AccessibilityFeedbackForm
from selbsthilfe.models import AccessibilityFeedback, LegalInformation, SignLanguageVideo
from selbsthilfe.privacy import processings

# When the accessibility statement was last reviewed against the site (BITV 2.0 asks for it).
STATEMENT_REVIEWED_ON = datetime.date(2026, 12, 7)


class ImprintView(TemplateView):
    template_name = "pages/imprint.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(legal=LegalInformation.current(), **kwargs)


class PrivacyView(TemplateView):
    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs):
        legal = LegalInformation.current()
        return super().get_context_data(legal=legal, processings=processings(legal), **kwargs)


class AccessibilityView(FormView):
    """ "Erklärung zur Barrierefreiheit" with the form to report a barrier to the operator."""

    template_name = "pages/accessibility.html"
    form_class = AccessibilityFeedbackForm
    HOURLY_LIMIT = 5

    def get_initial(self):
        return {"page": self.request.GET.get("seite", "")[:500]}

    def form_valid(self, form):
        feedback = form.save(commit=False)
        feedback.sender_key = antispam.sender_key(self.request)
        try:
            with antispam.hourly_limit(
                AccessibilityFeedback.objects, feedback.sender_key, self.HOURLY_LIMIT
            ):
                submit_feedback(feedback)
        except antispam.HourlyLimitReached:
            form.add_error(
                None,
                _("Many reports were sent from your connection in the last hour. Please try "
                  "again later; your entries are kept below."),
            )  # fmt: skip
            return self.form_invalid(form)
        return redirect(reverse("accessibility") + "?gesendet=1#rueckmeldung")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            legal=LegalInformation.current(),
            reviewed_on=STATEMENT_REVIEWED_ON,
            known_gaps=known_gaps(),
            sent="gesendet" in self.request.GET,
            **kwargs,
        )


class SignLanguageView(TemplateView):
    """Information in German Sign Language: the operator's published video with captions,
    or, until there is one, how deaf people reach the operator in writing."""

    template_name = "pages/sign_language.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            video=SignLanguageVideo.shown(), legal=LegalInformation.current(), **kwargs
        )


class EasyReadView(TemplateView):
    """What a self-help group is, how to find one and how the contact point helps, in
    Leichte Sprache."""

    template_name = "pages/easy_read.html"
