"""The project app: the operator's details and project-wide machinery."""

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate


class SelbsthilfeConfig(AppConfig):
    name = "selbsthilfe"

    def ready(self):
        from contactpoints.permissions import create_missing_roles
        from selbsthilfe import content_generation
        from selbsthilfe.control_characters import clean_text_of

        # After every migrate, so that a table added later is watched too.
        post_migrate.connect(content_generation.watch_public_tables, sender=self)
        # This app is the last one: every app's permissions exist by now.
        post_migrate.connect(create_missing_roles, sender=self)
        clean_text_of(settings.PROJECT_APPS)
