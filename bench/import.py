"""Benchmark of the group import (docs/import-format.md) at its row limit.

Builds a realistic file for the demo contact point with the most groups: its own export
(every row an update, every other one changed) followed by new groups up to --rows rows, a
few of them with mistakes, as CSV (or XLSX), and measures in this process:

1. ``read_table``: reading the uploaded file into rows;
2. ``plan_import``: the dry run's plan;
3. the dry-run request through Django's test client (read, plan, sign, render), and of it
   the rendering of the page's template alone;
4. the confirming request, which plans the rows again and writes the accepted ones with
   their history;
5. ``apply_import`` alone, on the same rows, now all updates without changes.

Reading, planning and the dry run run as in production, outside a transaction (they write
nothing); the confirming request and the second apply run in a transaction that is rolled
back, so that the database keeps the demo data. It prints seconds and SQL statements per
step as one table.

    DEBUG=1 uv run manage.py demo --no-serve   # once
    uv run python bench/import.py [--rows 5000] [--format xlsx]
"""

import argparse
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selbsthilfe.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
# The test client speaks plain HTTP and signs in without a second factor.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STAFF_TWO_FACTOR_REQUIRED", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.signals import request_finished  # noqa: E402
from django.db import close_old_connections, connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from contactpoints.models import ContactPoint, Membership, Site  # noqa: E402
from groups import transfer  # noqa: E402
from groups.models import Group, Topic  # noqa: E402
from selbsthilfe import spreadsheets  # noqa: E402

WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]
DESCRIPTION = (
    "Wir treffen uns in einem geschützten Rahmen, tauschen Erfahrungen aus und unterstützen "
    "uns gegenseitig im Alltag. Neue Mitglieder sind jederzeit willkommen; ein Vorgespräch "
    "mit der Kontaktstelle ist möglich, aber nicht nötig. "
)


class Rollback(Exception):
    pass


def build_file(contact_point, rows: int, file_format: str) -> bytes:
    """The contact point's export, every other row changed, then new groups up to ``rows``."""
    randomness = random.Random(26)
    exported = list(transfer.export_rows(Group.objects.filter(contact_point=contact_point)))
    header, existing = exported[0], exported[1:]
    column = {name: header.index(name) for name in header}
    for number, row in enumerate(existing):
        if number % 2:
            row[column["Zuletzt geprüft"]] = "01.12.2026"
    topics = list(Topic.objects.values_list("name", flat=True))
    sites = list(Site.objects.filter(contact_point=contact_point).values_list("name", flat=True))
    places = list(
        Group.objects.filter(contact_point=contact_point)
        .exclude(postcode="")
        .values_list("postcode", "town")
        .distinct()
    ) or [("59423", "Unna")]
    new = []
    for number in range(rows - len(existing)):
        row = [""] * len(header)
        topic = randomness.choice(topics)
        postcode, town = randomness.choice(places)
        values = {
            "Name": f"Gesprächskreis {number + 1}: {topic} in {town}",
            "Themen": "; ".join(dict.fromkeys([topic, randomness.choice(topics)])),
            "Beschreibung": DESCRIPTION * randomness.randint(1, 3),
            "Status": "Aktiv",
            "Rhythmus": "Wöchentlich",
            "Wochentag": randomness.choice(WEEKDAYS),
            "Beginn": f"{randomness.randint(16, 19)}:00",
            "Ende": "21:00",
            "Sprachen": "Deutsch",
            "PLZ": postcode,
            "Ort": town,
            "Straße": f"Marktstraße {number % 90 + 1}",
            "Standort der Kontaktstelle": randomness.choice(sites) if sites else "",
            "Kontaktweg": "Nur über die Kontaktstelle",
            "Ansprechperson": f"Person {number + 1}",
            "E-Mail Ansprechperson": f"person{number + 1}@example.org",
            "Stufenlos": randomness.choice(["ja", "nein"]),
            "Öffentlich gelistet": "ja",
        }
        if number % 100 == 99:  # a few mistakes, as real lists have them
            values |= {"Beginn": "25:00", "Themen": "Xylophon"}
        for name, value in values.items():
            row[column[name]] = value
        new.append(row)
    table = [header, *existing, *new]
    if file_format == "xlsx":
        return spreadsheets.write_xlsx(table, "Gruppen")
    return spreadsheets.write_csv(table)


def timed(step):
    """The result of ``step()``, its seconds and the SQL statements it sent."""
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        result = step()
        seconds = time.perf_counter() - start
    return result, seconds, statements


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    contact_point = (
        ContactPoint.objects.annotate(size=Count("groups")).order_by("-size", "pk").first()
    )
    if contact_point is None or not Topic.objects.exists():
        sys.exit("No demo data: run `DEBUG=1 uv run manage.py demo --no-serve` first.")
    # The confirming request runs in a transaction that is rolled back afterwards; the test
    # client would close the connection after it.
    request_finished.disconnect(close_old_connections)
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    users = get_user_model().objects
    users.filter(username="bench-import").delete()  # (left by an interrupted run)
    user = users.create_user("bench-import", is_staff=True)
    Membership.objects.create(user=user, contact_point=contact_point, role=Membership.Role.EDITOR)
    try:
        with override_settings(STORAGES=storages):
            measure(contact_point, user, args.rows, args.format)
    finally:
        user.delete()


def measure(contact_point, user, rows: int, file_format: str):
    """Read, plan and the dry run as in production (no transaction around them, nothing is
    written); the confirming request and the second apply in a transaction rolled back."""
    content = build_file(contact_point, rows, file_format)
    name = f"gruppen.{file_format}"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    print(
        f"{rows} rows ({file_format.upper()}, {len(content) / 1e6:.1f} MB) for "
        f"{contact_point.name}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d')}, {commit}"
    )
    print()
    print("| step | seconds | SQL statements |")
    print("|---|---:|---:|")

    def report(step, seconds, statements):
        print(f"| {step} | {seconds:.2f} | {statements} |", flush=True)

    upload = SimpleUploadedFile(name, content)
    rows, seconds, statements = timed(lambda: transfer.read_table(upload))
    report("read_table", seconds, statements)
    plan, seconds, statements = timed(lambda: transfer.plan_import(rows, contact_point))
    report("plan_import", seconds, statements)

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("admin:groups_group_import")
    data = {"file": SimpleUploadedFile(name, content), "contact_point": contact_point.pk}
    dry_run, seconds, statements = timed(lambda: client.post(url, data))
    assert dry_run.status_code == 200 and "plan" in dry_run.context_data, dry_run.status_code
    report("dry-run request", seconds, statements)
    _html, seconds, statements = timed(lambda: dry_run.rendered_content)
    report("… of it: rendering the page", seconds, statements)
    confirm = {"payload": dry_run.context_data["payload"], "skip_rejected": "1"}
    try:
        with transaction.atomic():
            done, seconds, statements = timed(lambda: client.post(url, confirm))
            if done.status_code != 302:
                sys.exit(f"Not written: {done.context_data.get('confirm_error')}")
            report("confirming request (plan, write)", seconds, statements)
            _plan, seconds, statements = timed(
                lambda: transfer.apply_import(rows, contact_point, reason="bench")
            )
            report("apply_import of the same rows again (nothing to write)", seconds, statements)
            raise Rollback
    except Rollback:
        pass
    client.logout()
    counts = plan.counts
    changed = sum(bool(row.changed) for row in plan.rows)
    payload = len(confirm["payload"]) / 1e6
    print()
    print(
        f"{counts['create']} new, {counts['update']} updates ({changed} changed), "
        f"{counts['reject']} rejected; the signed rows in the page: {payload:.2f} MB"
    )


if __name__ == "__main__":
    main()
