"""Enable the PostgreSQL extensions the search needs: trigrams, unaccent and earth distance."""

from django.contrib.postgres.operations import (
    CreateExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        CreateExtension("cube"),
        CreateExtension("earthdistance"),
    ]
