"""Control characters never reach the database: whatever staff, an import or the public
type into a text field is saved without them (tabs and line breaks stay)."""

import re

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls. None of them
# is text anyone means to store, and XML (XLSX, feeds) cannot hold most of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def remove_control_characters(sender, instance, **kwargs):
    """``pre_save``: the instance's text fields without control characters."""
    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                setattr(instance, field.attname, without_control_characters(value))


def clean_text_of(app_labels) -> None:
    """Connect the cleaning to every model of these apps, their history models included
    (third-party apps such as the admin log or the task queue keep their own rules)."""
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            pre_save.connect(remove_control_characters, sender=model, weak=False)
