"""The Imprint and the privacy notice, from the operator's details in the admin."""

from django.views.generic import TemplateView

from selbsthilfe.models import LegalInformation
from selbsthilfe.privacy import processings


class ImprintView(TemplateView):
    template_name = "pages/imprint.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(legal=LegalInformation.current(), **kwargs)


class PrivacyView(TemplateView):
    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs):
        legal = LegalInformation.current()
        return super().get_context_data(legal=legal, processings=processings(legal), **kwargs)
