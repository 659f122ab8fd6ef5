"""The words of all topic names and synonyms, for spelling suggestions (groups/search.py)."""

from django.db import migrations

CREATE = r"""
CREATE MATERIALIZED VIEW groups_topic_vocabulary AS
SELECT DISTINCT term, search_normalize(term) AS normalized
FROM (
    SELECT regexp_split_to_table(text, '[^[:alnum:]]+') AS term
    FROM (
        SELECT name AS text FROM groups_topic
        UNION ALL
        SELECT unnest(synonyms) FROM groups_topic
    ) AS texts
) AS terms
WHERE length(term) >= 3;
CREATE INDEX groups_topic_vocabulary_normalized_idx ON groups_topic_vocabulary (normalized);
"""


class Migration(migrations.Migration):
    dependencies = [("groups", "0004_search_index")]

    operations = [
        migrations.RunSQL(CREATE, reverse_sql="DROP MATERIALIZED VIEW groups_topic_vocabulary;"),
    ]
