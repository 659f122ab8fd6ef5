"""Every group's history starts with a record of its state when it was entered.

Rows written in bulk (the demo, the data from before django-simple-history was added) have
no history; the annual report reads a group's state on a past day from its history, so they
get a creation record dated at their ``created_at``, with their topics. An import records the
groups it wrote in bulk too (``record_history``).
"""

from django.db import connection

INITIAL_REASON = "Ausgangsstand"


def record_missing_history(historical_model, ids=None, group_table="groups_group") -> int:
    """Write a creation record for every group without any history (among ``ids``, if
    given); returns how many.

    ``historical_model`` is the historical group model (from a migration's app registry, or
    ``Group.history.model``), whose columns say which fields are recorded.
    """
    table = historical_model._meta.db_table
    column_list, source_list = _recorded_columns(historical_model)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH recorded AS (
                INSERT INTO {table} ({column_list}, history_date, history_type,
                                     history_change_reason)
                SELECT {source_list}, g.created_at, '+', %s
                FROM {group_table} g
                WHERE NOT EXISTS (SELECT 1 FROM {table} h WHERE h.id = g.id)
                  AND (%s::bigint[] IS NULL OR g.id = ANY(%s::bigint[]))
                RETURNING id, history_id
            ), topics AS (
                INSERT INTO {table}_topics (id, group_id, topic_id, history_id)
                SELECT link.id, link.group_id, link.topic_id, recorded.history_id
                FROM recorded JOIN {group_table}_topics link ON link.group_id = recorded.id
            )
            SELECT count(*) FROM recorded
            """,
            [INITIAL_REASON, ids, ids],
        )
        return cursor.fetchone()[0]


def record_history(historical_model, ids, *, history_type, reason, user=None, date) -> int:
    """Write a record of the present state of each group in ``ids``, with its topics, as
    django-simple-history records a save (``history_type`` "+" created, "~" changed), for
    all of them in one statement; returns how many."""
    table = historical_model._meta.db_table
    column_list, source_list = _recorded_columns(historical_model)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH recorded AS (
                INSERT INTO {table} ({column_list}, history_date, history_type,
                                     history_change_reason, history_user_id)
                SELECT {source_list}, %s, %s, %s, %s
                FROM groups_group g
                WHERE g.id = ANY(%s::bigint[])
                RETURNING id, history_id
            ), topics AS (
                INSERT INTO {table}_topics (id, group_id, topic_id, history_id)
                SELECT link.id, link.group_id, link.topic_id, recorded.history_id
                FROM recorded JOIN groups_group_topics link ON link.group_id = recorded.id
            )
            SELECT count(*) FROM recorded
            """,
            [date, history_type, reason, user.pk if user else None, list(ids)],
        )
        return cursor.fetchone()[0]


def _recorded_columns(historical_model) -> tuple[str, str]:
    """The columns a record copies from the group, as SQL lists: its own and ``g``'s."""
    columns = [
        field.column
        for field in historical_model._meta.concrete_fields
        if not field.column.startswith("history_")
    ]
    column_list = ", ".join(f'"{column}"' for column in columns)
    return column_list, ", ".join(f'g."{column}"' for column in columns)
