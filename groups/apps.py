from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Self-help groups")

    def ready(self):
        from groups import signals  # noqa: F401 - connects the receivers
