"""The SQL function that folds text for searching; indexes and queries use it."""

from django.db import migrations

# "Angehörige", "Angehoerige" and "Angehorige" all become "angehorige": accents go (unaccent,
# which also turns "ß" into "ss"), and "ae"/"oe"/"ue" after a consonant count as umlauts, so
# "Frauen" and "Trauer" keep their "ue"/"ae"-free spelling; hyphens become spaces
# ("Berlin-Kreuzberg" is "Berlin Kreuzberg", "Long-Covid" "Long Covid"). The SQL-standard body binds
# unaccent and its dictionary when the function is created, so the function is safe in index
# expressions whatever the search_path.
CREATE = r"""
CREATE FUNCTION search_normalize(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN translate(
    regexp_replace(
        lower(unaccent('unaccent'::regdictionary, value)), '(?<![aeiouq])([aou])e', '\1', 'g'
    ),
    '-', ' '
);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("contactpoints", "0001_extensions"),
        ("groups", "0002_group_postcode_constraint_name"),
    ]

    operations = [
        migrations.RunSQL(CREATE, reverse_sql="DROP FUNCTION search_normalize(text);"),
    ]
