"""Words joined by a slash ("ME/CFS") are indexed as separate words from now on
(``groups.search.index.REFRESH_SQL``); this re-indexes the groups whose index holds such a word."""

from django.db import migrations

from groups.search import index as search


def reindex_slashed_words(apps, schema_editor):
    Group = apps.get_model("groups", "Group")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id FROM groups_group WHERE search_vector::text LIKE '%/%'")
        ids = [row[0] for row in cursor.fetchall()]
    search.refresh_search_index(Group.objects.filter(pk__in=ids))


class Migration(migrations.Migration):
    dependencies = [("groups", "0013_public_topic_search_index")]

    operations = [migrations.RunPython(reindex_slashed_words, migrations.RunPython.noop)]
