"""A creation record in the history of every group that has none, so that the annual report
can read each group's state on past days (see groups/history.py)."""

from django.db import migrations


def record(apps, schema_editor):
    from groups.history import record_missing_history

    record_missing_history(apps.get_model("groups", "HistoricalGroup"))


class Migration(migrations.Migration):
    dependencies = [("groups", "0008_suggestion_review_permissions")]

    operations = [migrations.RunPython(record, migrations.RunPython.noop)]
