"""The words of all topic names and synonyms, for spelling suggestions and to tell specific
words from common ones (groups/search/)."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations

CREATE = r"""
CREATE MATERIALIZED VIEW groups_topic_vocabulary AS
SELECT DISTINCT topic_id, term, search_normalize(term) AS normalized
FROM (
    SELECT topic_id, regexp_split_to_table(text, '[^[:alnum:]]+') AS term
    FROM (
        SELECT id AS topic_id, name AS text FROM groups_topic
        UNION ALL
        SELECT id, unnest(synonyms) FROM groups_topic
    ) AS texts
) AS terms
WHERE length(term) >= 3;
CREATE INDEX groups_topic_vocabulary_normalized_idx ON groups_topic_vocabulary (normalized);
CREATE INDEX groups_topic_vocabulary_trigram_idx
    ON groups_topic_vocabulary USING gin (normalized gin_trgm_ops);
"""


class Migration(migrations.Migration):
    dependencies = [("groups", "0004_search_index")]

    operations = [
        CreateExtension("fuzzystrmatch"),  # levenshtein(), to rank spelling suggestions
        migrations.RunSQL(CREATE, reverse_sql="DROP MATERIALIZED VIEW groups_topic_vocabulary;"),
    ]
