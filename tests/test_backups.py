"""`manage.py backup` and `restore`: a backup of the test data, restored into a fresh
database, holds every group, event, registration and history row."""

import io
import os
import subprocess
import sys
import time
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from events import services
from events.models import Registration
from tests.factories import EventFactory, GroupFactory, TopicFactory
from tests.servers import database_url_for

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed data only


@pytest.fixture
def fresh_database():
    name = f"restore_check_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    url = database_url_for("restore-check").replace(f"/{connection.settings_dict['NAME']}?",
                                                    f"/{name}?")  # fmt: skip
    yield url
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def restore_into(url: str, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "restore", *arguments],
        cwd=settings.BASE_DIR,
        env=os.environ | {"DATABASE_URL": url, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def rows(url: str | None, table: str) -> set:
    query = (
        f'SELECT id FROM "{table}"'
        if "historical" not in table
        else (f'SELECT history_id FROM "{table}"')
    )
    if url is None:
        with connection.cursor() as cursor:
            cursor.execute(query)
            return set(cursor.fetchall())
    with psycopg.connect(url) as other:
        return set(other.execute(query).fetchall())


def test_a_backup_restores_into_a_fresh_database_with_every_row(tmp_path, fresh_database):
    topic = TopicFactory(name="Trauer")
    for number in range(3):
        group = GroupFactory(name=f"Trauercafé {number}")
        group.topics.add(topic)
        group.description = "Geändert."
        group.save()  # a second history row
    event = EventFactory(registration_required=True)
    for number in range(2):
        services.register(event, Registration(name="Erika", email=f"e{number}@example.org"))
    archive = tmp_path / "backup.dump"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.stat().st_size > 0
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: for its owner only
    assert [path.name for path in tmp_path.iterdir()] == ["backup.dump"]  # nothing left over

    restored = restore_into(fresh_database, str(archive))
    assert restored.returncode == 0, restored.stderr
    tables = ["groups_group", "groups_topic", "events_event", "events_registration",
              "groups_historicalgroup", "events_historicalevent",
              "events_historicalregistration", "contactpoints_historicalcontactpoint"]  # fmt: skip
    for table in tables:
        restored_rows = rows(fresh_database, table)
        assert restored_rows and restored_rows == rows(None, table), table


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, fresh_database):
    archive = tmp_path / "backup.dump"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = time.time_ns() // 1000
    assert restore_into(fresh_database, str(archive)).returncode == 0
    # Stored pages of the database before cannot pass for the restored content, which is
    # still watched by the trigger.
    with psycopg.connect(fresh_database) as restored:
        assert (
            restored.execute("SELECT value FROM selbsthilfe_contentgeneration").fetchone()[0]
            >= before
        )
        assert restored.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'raise_content_generation'"
        ).fetchone()[0]
    again = restore_into(fresh_database, str(archive))
    assert again.returncode != 0 and "not empty" in again.stderr
    assert restore_into(fresh_database, str(archive), "--replace").returncode == 0


def test_backup_and_restore_explain_bad_paths(tmp_path):
    with pytest.raises(CommandError, match="No folder"):
        call_command("backup", str(tmp_path / "missing" / "x.dump"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing.dump"), stdout=io.StringIO())


@pytest.fixture
def operator_database():
    """A database as docs/deployment.md makes it: owned by a role that is no superuser, the
    extensions created beforehand by the superuser. Yields its URL for that role."""
    name, role = f"restore_operator_{uuid.uuid4().hex[:8]}", f"operator_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'operator-pw' NOSUPERUSER NOCREATEDB")
        cursor.execute(f'CREATE DATABASE "{name}" OWNER {role} TEMPLATE template0')
    as_superuser = database_url_for("extensions").replace(
        f"/{connection.settings_dict['NAME']}?", f"/{name}?"
    )
    with psycopg.connect(as_superuser, autocommit=True) as database:
        for extension in ("unaccent", "pg_trgm", "cube", "earthdistance"):
            database.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    db = connection.settings_dict
    yield (
        f"postgresql://{role}:operator-pw@/{name}?host={db['HOST'] or 'localhost'}"
        f"&port={db['PORT'] or 5432}"
    )
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        cursor.execute(f"DROP ROLE {role}")


def test_a_role_that_is_no_superuser_restores_and_a_failed_restore_changes_nothing(
    tmp_path, operator_database
):
    with psycopg.connect(operator_database) as database:
        assert not database.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
    GroupFactory(name="Trauercafé Lünen")
    archive = tmp_path / "backup.dump"
    call_command("backup", str(archive), stdout=io.StringIO())
    restored = restore_into(operator_database, str(archive))
    assert restored.returncode == 0, restored.stderr
    assert rows(operator_database, "groups_group") == rows(None, "groups_group")
    assert restore_into(operator_database, str(archive), "--replace").returncode == 0
    # A damaged backup (cut short) over the restored data: refused, and nothing is lost.
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    failed = restore_into(operator_database, str(damaged), "--replace")
    assert failed.returncode != 0 and "Traceback" not in failed.stderr
    assert rows(operator_database, "groups_group") == rows(None, "groups_group")
    with psycopg.connect(operator_database) as database:
        tables = database.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
    assert tables > 40  # every table still there


def test_a_restore_names_the_extensions_the_superuser_must_create(tmp_path, operator_database):
    archive = tmp_path / "backup.dump"
    call_command("backup", str(archive), stdout=io.StringIO())
    name = operator_database.split("@/", 1)[1].split("?", 1)[0]
    as_superuser = database_url_for("extensions").replace(
        f"/{connection.settings_dict['NAME']}?", f"/{name}?"
    )
    with psycopg.connect(as_superuser, autocommit=True) as database:
        database.execute("DROP EXTENSION earthdistance")
    refused = restore_into(operator_database, str(archive))
    assert refused.returncode != 0 and "earthdistance" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_replacing_with_an_older_backup_leaves_no_table_of_the_newer_version(
    tmp_path, operator_database
):
    GroupFactory(name="Angehörige Demenz Schwerte")
    archive = tmp_path / "backup.dump"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert restore_into(operator_database, str(archive)).returncode == 0
    # What a later version (and a later day) adds: a table, a trigger function, a row.
    with psycopg.connect(operator_database) as database:
        database.execute("CREATE TABLE groups_newer_feature (id serial PRIMARY KEY)")
        database.execute(
            "CREATE FUNCTION newer_function() RETURNS integer LANGUAGE sql AS 'SELECT 1'"
        )
        database.execute("DELETE FROM groups_group_topics")
        database.execute("DELETE FROM groups_group WHERE name = 'Angehörige Demenz Schwerte'")
    replaced = restore_into(operator_database, str(archive), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert rows(operator_database, "groups_group") == rows(None, "groups_group")
    with psycopg.connect(operator_database) as database:
        assert database.execute("SELECT to_regclass('groups_newer_feature')").fetchone() == (None,)
        assert not database.execute(
            "SELECT 1 FROM pg_proc WHERE proname = 'newer_function'"
        ).fetchone()
        extensions = {row[0] for row in database.execute("SELECT extname FROM pg_extension")}
    assert {"unaccent", "pg_trgm", "cube", "earthdistance"} <= extensions


def test_a_replace_by_the_wrong_role_keeps_every_table_and_row(tmp_path, operator_database):
    """A role that does not own the site's tables (a wrong user in DATABASE_URL): the
    replace stops with PostgreSQL's reason, and everything that was there is still there."""
    archive = tmp_path / "backup.dump"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert restore_into(operator_database, str(archive)).returncode == 0
    name = operator_database.split("@/", 1)[1].split("?", 1)[0]
    stranger = f"stranger_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {stranger} LOGIN PASSWORD 'stranger-pw' NOSUPERUSER")
    try:
        as_stranger = operator_database.replace(
            operator_database.split("//", 1)[1].split("@", 1)[0], f"{stranger}:stranger-pw"
        )
        before = rows(operator_database, "groups_group")
        failed = restore_into(as_stranger, str(archive), "--replace")
        assert failed.returncode != 0 and "must be owner" in failed.stderr
        assert "Traceback" not in failed.stderr
        assert rows(operator_database, "groups_group") == before
        with psycopg.connect(operator_database) as database:
            tables = database.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()[0]
        assert tables > 40
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'REVOKE ALL ON DATABASE "{name}" FROM {stranger}')
            cursor.execute(f"DROP ROLE {stranger}")
