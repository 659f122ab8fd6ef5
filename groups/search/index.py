"""The write side of the search: the search columns of groups and the topic vocabulary,
refreshed by the signals (``groups/signals.py``) and the imports, never edited."""

from django.core.exceptions import EmptyResultSet
from django.db import connection

# Rebuilds the search columns of the groups selected by a subquery: the text document
# (name and umbrella organisation, as text or the linked organisation, weighted A; topics
# with synonyms and parent topics, and the audience in words, B; description C), the
# normalised keywords for compound and similarity matching (the name without the group's
# town, so that "Messie" does not find a group in Messingen), the ids of the group's topics
# and of the topics above them (so "Krebs" finds "Brustkrebs"), and the point distance is
# measured from (exact place, the contact point site, or only the town when the meeting
# place is given on request; none for online groups).
REFRESH_SQL = """
WITH topic_text AS MATERIALIZED (
    SELECT link.group_id,
           string_agg(concat_ws(' ', topic.name, array_to_string(topic.synonyms, ' '),
                                parent.name, array_to_string(parent.synonyms, ' '),
                                grandparent.name), ' ') AS text,
           -- (each id once, so that counting groups per topic counts each group once)
           ARRAY(SELECT DISTINCT id FROM unnest(array_agg(topic.id) || array_agg(parent.id)
                                                 || array_agg(grandparent.id)) AS id
                 WHERE id IS NOT NULL ORDER BY id) AS topic_ids
    FROM groups_group_topics AS link
    JOIN groups_topic AS topic ON topic.id = link.topic_id
    LEFT JOIN groups_topic AS parent ON parent.id = topic.parent_id
    LEFT JOIN groups_topic AS grandparent ON grandparent.id = parent.parent_id
    WHERE link.group_id IN ({ids})
    GROUP BY link.group_id
),
indexed AS MATERIALIZED (  -- computed once, whatever the planner's estimates
    SELECT
        g.id,
        -- (a slash parts words: PostgreSQL reads "ME/CFS" as one path, the query two words)
        setweight(to_tsvector('german', translate(search_normalize(
            concat_ws(' ', g.name, g.umbrella_organisation, organisation.name)), '/', ' ')), 'A')
        || setweight(to_tsvector('german', translate(search_normalize(
            concat_ws(' ', topic_text.text, audience.words)), '/', ' ')), 'B')
        || setweight(to_tsvector('german', translate(search_normalize(g.description), '/', ' ')),
                     'C') AS vector,
        search_normalize(concat_ws(' ',
            replace(g.name, coalesce(nullif(g.town, ''), site.town, ''), ' '),
            g.umbrella_organisation, organisation.name, topic_text.text, audience.words))
            AS keywords,
        coalesce(topic_text.topic_ids, ARRAY[]::integer[]) AS topic_ids,
        CASE
            WHEN g.format = 'online' THEN NULL
            WHEN g.meeting_place_public AND g.latitude IS NOT NULL THEN g.latitude
            WHEN g.meeting_place_public AND site.latitude IS NOT NULL THEN site.latitude
            ELSE town.latitude
        END AS latitude,
        CASE
            WHEN g.format = 'online' THEN NULL
            WHEN g.meeting_place_public AND g.latitude IS NOT NULL THEN g.longitude
            WHEN g.meeting_place_public AND site.latitude IS NOT NULL THEN site.longitude
            ELSE town.longitude
        END AS longitude
    FROM groups_group AS g
    LEFT JOIN topic_text ON topic_text.group_id = g.id
    LEFT JOIN contactpoints_site AS site ON site.id = g.meeting_site_id
    LEFT JOIN groups_organisation AS organisation ON organisation.id = g.organisation_id
    CROSS JOIN LATERAL (
        -- Who the group is for, in the words people search with ("Junge Selbsthilfe").
        SELECT concat_ws(' ',
            CASE g.audience WHEN 'relatives' THEN 'Angehörige'
                            WHEN 'both' THEN 'Angehörige Betroffene' END,
            (SELECT string_agg(CASE focus
                    WHEN 'young' THEN 'Junge Selbsthilfe junge Erwachsene'
                    WHEN 'seniors' THEN 'Senioren ältere Menschen'
                    WHEN 'women' THEN 'Frauen' WHEN 'men' THEN 'Männer'
                    WHEN 'parents' THEN 'Eltern' WHEN 'lgbtiq' THEN 'LGBTIQ queer'
                    WHEN 'migrants' THEN 'Migration Zugewanderte' END, ' ')
             FROM unnest(g.focus) AS focus)
        ) AS words
    ) AS audience
    LEFT JOIN LATERAL (
        SELECT place.name, place.district FROM groups_place AS place
        WHERE place.postcode = coalesce(nullif(g.postcode, ''), site.postcode)
        ORDER BY search_normalize(place.name)
                 = search_normalize(coalesce(nullif(g.town, ''), site.town)) DESC,
                 place.id
        LIMIT 1
    ) AS home ON true
    LEFT JOIN LATERAL (
        SELECT avg(place.latitude) AS latitude, avg(place.longitude) AS longitude
        FROM groups_place AS place
        WHERE place.name = home.name AND place.district = home.district
    ) AS town ON true
    WHERE g.id IN ({ids})
)
UPDATE groups_group AS g
SET search_vector = indexed.vector,
    search_name = search_normalize(g.name),
    search_keywords = indexed.keywords,
    search_topic_ids = indexed.topic_ids,
    public_latitude = indexed.latitude,
    public_longitude = indexed.longitude,
    public_point = ll_to_earth(indexed.latitude, indexed.longitude)
FROM indexed
WHERE g.id = indexed.id
"""


def refresh_search_index(groups) -> int:
    """Recompute the search columns of ``groups`` (a queryset) in one statement."""
    try:
        ids_sql, params = groups.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # e.g. pk__in=[]
        return 0
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL.format(ids=ids_sql), params * 2)
        return cursor.rowcount


def refresh_topic_vocabulary():
    """Rebuild the words spelling suggestions are taken from, after topics changed, and
    their statistics: the planner would otherwise plan every search's suggestions for the
    old number of words until autovacuum comes by (after a first load of the thesaurus,
    reading every word instead of using the trigram index)."""
    with connection.cursor() as cursor:
        cursor.execute("REFRESH MATERIALIZED VIEW groups_topic_vocabulary")
        cursor.execute("ANALYZE groups_topic_vocabulary")
