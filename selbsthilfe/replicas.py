"""Public pages read from PostgreSQL replicas (``DATABASE_REPLICA_URLS``); everything else,
every write and every staff request, uses the primary, so staff always read their own
writes. Without replicas everything uses the primary."""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

_replica = ContextVar("replica", default=None)


@contextmanager
def reading_from_replicas():
    """Within this block (an anonymous visitor's public page), reads go to one replica,
    chosen at random, so that one page reads one consistent copy."""
    token = _replica.set(random.choice(settings.READ_REPLICAS) if settings.READ_REPLICAS else None)
    try:
        yield
    finally:
        _replica.reset(token)


def read_alias() -> str:
    """The database alias to read from here: the replica of a public page, else the
    primary. For SQL written by hand; the ORM asks the router below."""
    return _replica.get() or DEFAULT_DB_ALIAS


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first, second, **hints):
        return True  # replicas hold the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # replicas receive the schema by replication
