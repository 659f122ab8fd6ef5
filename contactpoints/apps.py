from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactPointsConfig(AppConfig):
    name = "contactpoints"
    verbose_name = _("Contact points")

    def ready(self):
        from contactpoints import signals  # noqa: F401 - connects the receivers
