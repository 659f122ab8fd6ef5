"""The HSDS 3.0 tabular package: the API's objects flattened into one CSV file per HSDS
table (``services.csv``, ``locations.csv``, ``phones.csv`` …, the columns of
``groups/data/hsds-3.0-tabular.json``, the official compiled schema, CC BY-SA 4.0) with a
Frictionless ``datapackage.json``, zipped."""

import csv
import fcntl
import io
import json
import os
import tempfile
import zipfile
from contextlib import ExitStack
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connections

from contactpoints.models import ContactPoint
from groups import hsds
from groups.models import Group, Organisation, Topic
from selbsthilfe.content_generation import current_generation
from selbsthilfe.replicas import read_alias

SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "hsds-3.0-tabular.json"
TABLES = ["organization", "service", "location", "service_at_location", "address", "phone",
          "schedule", "language", "taxonomy_term", "attribute"]  # fmt: skip


@cache
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["properties"]


def table_schema(table: str) -> dict:
    return schema()[table]["items"]


def columns(table: str) -> list[str]:
    """The table's columns: its fields that are no nested lists or objects."""
    fields = table_schema(table)["properties"]
    return [
        name for name, spec in fields.items() if spec.get("type") not in (None, "array", "object")
    ]


def path(table: str) -> str:
    return table_schema(table)["path"]


class Tables:
    """Rows collected per table; a row seen twice (a contact point's site that is also a
    group's meeting place) is written once."""

    def __init__(self, write):
        self.write = write
        self.seen: set[tuple[str, str]] = set()

    def add(self, table: str, row: dict, **links) -> None:
        key = (table, row["id"])
        if key in self.seen:
            return
        self.seen.add(key)
        self.write(table, {**row, **links})

    def location(self, location: dict, **links) -> None:
        self.add("location", location, **links)
        for item in location.get("addresses", []):
            self.add("address", item, location_id=location["id"])

    def organization(self, organization: dict) -> None:
        self.add("organization", organization)
        for item in organization.get("phones", []):
            self.add("phone", item, organization_id=organization["id"])
        for item in organization.get("locations", []):
            self.location(item, organization_id=organization["id"])

    def service(self, service: dict) -> None:
        service_id = service["id"]
        self.add("service", service)
        for item in service.get("phones", []):
            self.add("phone", item, service_id=service_id)
        for item in service.get("schedules", []):
            self.add("schedule", item, service_id=service_id)
        for item in service.get("languages", []):
            self.add("language", item, service_id=service_id)
        for item in service.get("attributes", []):
            self.add("attribute", {k: v for k, v in item.items() if k != "taxonomy_term"})
        for item in service.get("service_at_locations", []):
            self.location(item["location"])
            self.add("service_at_location", {k: v for k, v in item.items() if k != "location"})


def rows(write) -> None:
    """Call ``write(table, row)`` for every row of the package: public facts only, as the
    API gives them."""
    tables = Tables(write)
    for topic in Topic.objects.order_by("pk"):
        tables.add("taxonomy_term", hsds.taxonomy_term(topic))
    for contact_point in ContactPoint.objects.prefetch_related("sites__contact_point"):
        tables.organization(hsds.contact_point_organization(contact_point))
    for organisation in Organisation.objects.public().order_by("pk"):
        tables.organization(hsds.self_help_organization(organisation))
    groups = (
        Group.objects.public()
        .select_related("contact_point", "meeting_site")
        .prefetch_related("topics", "contact_point__sites__contact_point")
        .order_by("pk")
    )
    for group in groups.iterator(chunk_size=2000):
        tables.service(hsds.service(group))


def datapackage() -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "selbsthilfe-wegweiser",
        "title": "Selbsthilfe-Wegweiser (Open Referral HSDS 3.0)",
        "homepage": settings.SITE_URL,
        "licenses": [{"name": settings.OPEN_DATA_LICENCE, "path": settings.OPEN_DATA_LICENCE_URL}],
        "resources": [
            {
                "name": table,
                "path": path(table),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {
                            "name": name,
                            "type": _frictionless(table_schema(table)["properties"][name]),
                        }
                        for name in columns(table)
                    ]
                },
            }
            for table in TABLES
        ],
    }


def _frictionless(spec: dict) -> str:
    return {"number": "number", "integer": "integer", "boolean": "boolean"}.get(
        spec.get("type"), "string"
    )


def package(target) -> None:
    """Write the zipped package to the binary file ``target``: one pass over the groups,
    each table into its own file, then the files into the archive."""
    with tempfile.TemporaryDirectory() as directory, ExitStack() as files:
        writers = {}
        for table in TABLES:
            file = files.enter_context(
                open(Path(directory) / path(table), "w", newline="", encoding="utf-8")
            )
            writers[table] = csv.DictWriter(file, fieldnames=columns(table), extrasaction="ignore")
            writers[table].writeheader()
        rows(lambda table, row: writers[table].writerow(row))
        files.close()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            described = json.dumps(datapackage(), ensure_ascii=False, indent=2)
            archive.writestr("datapackage.json", described)
            for table in TABLES:
                archive.write(Path(directory) / path(table), path(table))


def stored_package():
    """The package of the current content generation as an open binary file: built once per
    generation into ``EXPORT_ROOT`` (the first request after a change builds it while others
    wait for it, then every request reads the file). Inside a transaction, whose own writes
    have not raised the generation yet, it is built afresh into a temporary file."""
    if connections[read_alias()].in_atomic_block:
        target = tempfile.TemporaryFile()  # noqa: SIM115  (the caller closes it)
        package(target)
        target.seek(0)
        return target
    stored = Path(settings.EXPORT_ROOT) / f"hsds-{current_generation()}.zip"
    if not stored.exists():
        build_once(stored)
    try:
        return open(stored, "rb")
    except FileNotFoundError:  # a newer generation's build removed it meanwhile
        return stored_package()


def build_once(stored: Path) -> None:
    """Build the package into ``stored`` unless another process did while this one waited
    for the lock, and remove the packages of earlier generations (a reader keeps its open
    file)."""
    stored.parent.mkdir(parents=True, exist_ok=True)
    with open(stored.parent / "hsds.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stored.exists():
            return
        with tempfile.NamedTemporaryFile(dir=stored.parent, suffix=".part", delete=False) as part:
            package(part)
        os.replace(part.name, stored)
        for older in stored.parent.glob("hsds-*.zip"):
            if older != stored:
                older.unlink(missing_ok=True)


def package_bytes() -> bytes:
    buffer = io.BytesIO()
    package(buffer)
    return buffer.getvalue()
