"""The content generation: a counter of changes to public content, raised by a database trigger
when a transaction that wrote to a table of public content commits. What is kept per
generation (stored pages, the topic list of the search form) is current exactly as long as
the counter stands.

The counter changes in the same commit as the content, so a request sees either the old
content with the old generation or the new content with the new one. The trigger is
installed after each migrate on every table of the watched apps but the private ones, so a
table added later is covered without anyone remembering it.
"""

import time
from functools import wraps

from django.apps import apps
from django.db import connections

from selbsthilfe.replicas import read_alias

# Tables whose rows no public page shows: writing them keeps the cached pages. Everything
# else in these apps counts as public content (a new model is watched unless listed here).
WATCHED_APPS = ("contactpoints", "groups", "events", "selbsthilfe")
PRIVATE_MODELS = {
    "contactpoints.inquiry",
    "contactpoints.membership",
    "contactpoints.message",
    "contactpoints.messagereply",
    "contactpoints.messageemail",
    "contactpoints.reporttext",
    "events.registrationemail",
    "events.seriesregistration",
    "groups.foundingalert",
    "groups.foundinginterestemail",
    "groups.organisationeditor",
    "groups.reconfirmationrequest",
    "groups.suggestion",
    "groups.thesaurusentry",
    "selbsthilfe.accessibilityfeedback",
    "selbsthilfe.contentgeneration",
    "selbsthilfe.privacyrequest",
    "selbsthilfe.requestcount",
    "selbsthilfe.usedformtoken",
}
# Tables of which only some rows show on a public page: a change to another row keeps the
# stored pages. The condition is SQL about "{row}" (the row written, before or after).
PUBLIC_ROWS = {
    # A wish to co-found a new group is private; a wish to join a group in founding is
    # counted on that group's page.
    "groups.foundinginterest": "{row}.group_id IS NOT NULL",
}

GENERATION_TABLE = "selbsthilfe_contentgeneration"
TRIGGER_NAME = "raise_content_generation"
# Raises the counter once per transaction, at commit (a deferred constraint trigger): the
# row is locked only for the commit itself, so writers never wait for each other's work and
# cannot deadlock on it.
TRIGGER_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {TRIGGER_NAME}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('selbsthilfe.content_generation_raised', true)
            IS DISTINCT FROM 'yes' THEN
        INSERT INTO {GENERATION_TABLE} (id, value) VALUES (1, 1)
            ON CONFLICT (id) DO UPDATE SET value = {GENERATION_TABLE}.value + 1;
        PERFORM set_config('selbsthilfe.content_generation_raised', 'yes', true);
    END IF;
    RETURN NULL;
END
$$
"""


def public_tables() -> dict[str, str | None]:
    """The tables of public content, each with the condition on its public rows (None: all
    rows): every table of the watched apps, the many-to-many ones included, except those of
    private records and of history."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label not in WATCHED_APPS or not meta.managed or meta.proxy:
            continue
        owner = meta.auto_created._meta if meta.auto_created else meta
        if owner.label_lower in PRIVATE_MODELS or owner.model_name.startswith("historical"):
            continue
        tables[meta.db_table] = None if meta.auto_created else PUBLIC_ROWS.get(owner.label_lower)
    return dict(sorted(tables.items()))


def triggers(condition: str | None) -> list[tuple[str, str, str | None]]:
    """Name, events and WHEN clause of the triggers for a table whose public rows meet
    ``condition`` (None: every row). With a condition, one trigger per kind of change asks
    of the row before and after it (an insert has no row before, a delete none after)."""
    if condition is None:
        return [(TRIGGER_NAME, "INSERT OR UPDATE OR DELETE", None)]
    before, after = condition.format(row="OLD"), condition.format(row="NEW")
    return [
        (f"{TRIGGER_NAME}_insert", "INSERT", after),
        (f"{TRIGGER_NAME}_update", "UPDATE", f"({before}) OR ({after})"),
        (f"{TRIGGER_NAME}_delete", "DELETE", before),
    ]


def watch_public_tables(using="default", **kwargs):
    """Install the triggers on every table of public content (idempotent; runs after each
    migrate)."""
    if using != "default":
        return
    every_name = [name for name, *_ in triggers(None) + triggers("true")]
    with connections[using].cursor() as cursor:
        cursor.execute(TRIGGER_FUNCTION_SQL)
        for table, condition in public_tables().items():
            for name in every_name:
                cursor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
            for name, events, when in triggers(condition):
                cursor.execute(
                    f'CREATE CONSTRAINT TRIGGER {name} AFTER {events} ON "{table}" '
                    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                    + (f"WHEN ({when}) " if when else "")
                    + f"EXECUTE FUNCTION {TRIGGER_NAME}()"
                )


def current_generation() -> int:
    """The counter, read from the database this request reads from."""
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(f"SELECT value FROM {GENERATION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def kept_per_generation(compute):
    """Decorate a function without arguments whose result depends on public content only
    (the list of topics): each process computes it once per generation. Inside a transaction
    it is computed afresh, since the transaction's own writes have not raised the counter."""
    kept = {}

    @wraps(compute)
    def current():
        if connections[read_alias()].in_atomic_block:
            return compute()
        generation = current_generation()
        if generation not in kept:
            kept.clear()
            kept[generation] = compute()
        return kept[generation]

    return current


def leap_past_earlier_generations() -> None:
    """After a restore the counter holds the backup's value, under which pages of newer
    content may already be stored: move it to the clock's microseconds, beyond any value
    counted since (far fewer changes happen than microseconds pass)."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {GENERATION_TABLE} (id, value) VALUES (1, %s) ON CONFLICT (id) "
            f"DO UPDATE SET value = GREATEST({GENERATION_TABLE}.value + 1, EXCLUDED.value)",
            [time.time_ns() // 1000],
        )
