"""Another directory's Open Referral HSDS export read as rows of the group import
(``groups/transfer.py``): a ZIP of the tabular CSV package, or a JSON file of the API's
pages or services. The rows go through the same dry run and commit as a spreadsheet:
matched by this site's HSDS id where the file came from here, else by name and postcode;
nothing is written before the dry run was seen."""

import json
import zipfile
from collections import defaultdict

from django.utils.translation import gettext as _

from groups import hsds
from groups.import_files import (
    MAX_LINES,
    MAX_ROWS,
    ImportFileError,
    archive_csv_records,
    too_many_rows,
)

DAYS = {"MO": "0", "TU": "1", "WE": "2", "TH": "3", "FR": "4", "SA": "5", "SU": "6"}
STATUS = {"active": "active", "temporarily closed": "paused", "inactive": "ended",
          "defunct": "ended"}  # fmt: skip


class NotHSDS(Exception):
    """A value of a service has a type HSDS does not give it; ``field`` names it."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


def is_hsds_package(archive: zipfile.ZipFile) -> bool:
    return "services.csv" in archive.namelist()


def rows_from_package(archive: zipfile.ZipFile) -> list[dict]:
    """The services of a tabular package (opened by ``import_files.open_archive``), nested
    as the API gives them, as import rows. Every table is streamed and its rows counted."""

    def table(name: str) -> list[dict]:
        if name not in archive.namelist():
            return []
        limit = MAX_ROWS if name == "services.csv" else MAX_LINES
        return archive_csv_records(archive, name, limit)

    services = table("services.csv")
    by_service = defaultdict(lambda: defaultdict(list))
    for name, key in [("phones.csv", "phones"), ("schedules.csv", "schedules"),
                      ("languages.csv", "languages")]:  # fmt: skip
        for row in table(name):
            if row.get("service_id"):
                by_service[row["service_id"]][key].append(row)
    terms = {row.get("id"): row for row in table("taxonomy_terms.csv")}
    for row in table("attributes.csv"):
        if row.get("taxonomy_term_id") in terms and row.get("link_id"):
            by_service[row["link_id"]]["attributes"].append(
                row | {"taxonomy_term": terms[row["taxonomy_term_id"]]}
            )
    addresses = defaultdict(list)
    for row in table("addresses.csv"):
        addresses[row.get("location_id")].append(row)
    locations = {row.get("id"): row | {"addresses": addresses[row.get("id")]}
                 for row in table("locations.csv")}  # fmt: skip
    for row in table("service_at_location.csv"):
        if row.get("location_id") in locations:
            by_service[row.get("service_id")]["service_at_locations"].append(
                {"location": locations[row["location_id"]]}
            )
    services = [row | dict(by_service[row.get("id")]) for row in services]
    return _import_rows(services, first_line=2)


def rows_from_json(content: bytes) -> list[dict]:
    """A JSON file of services: one API page (``contents``), a list of pages, or a list."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFileError(
            _("The file is no valid JSON: %(error)s") % {"error": error}
        ) from None
    except RecursionError:
        raise ImportFileError(_("The JSON file is nested too deeply to be HSDS.")) from None
    pages = data if isinstance(data, list) else [data]
    services = []
    for page in pages:
        if isinstance(page, dict) and isinstance(page.get("contents"), list):
            services.extend(page["contents"])
        elif isinstance(page, dict) and "contents" not in page:
            services.append(page)
        if len(services) > MAX_ROWS:
            raise too_many_rows()
    if not services or not all(isinstance(s, dict) and s.get("name") for s in services):
        raise ImportFileError(_("The file holds no HSDS services with a name."))
    return _import_rows(services, first_line=1)


def _import_rows(services: list[dict], first_line: int) -> list[dict]:
    rows = []
    for number, service in enumerate(services, start=1):
        try:
            rows.append(import_row(service, first_line + number - 1))
        except NotHSDS as error:
            raise ImportFileError(
                _("Service %(number)s in the file is not HSDS: “%(field)s” has the wrong type.")
                % {"number": number, "field": error.field}
            ) from None
    return rows


def import_row(service: dict, line: int) -> dict:
    """One HSDS service as a row with the import's column names; ``NotHSDS`` when a value
    it reads has the wrong type."""
    row = {
        "_line": line,
        "Name": _text(service, "name"),
        "Beschreibung": _text(service, "description"),
        "Status": STATUS.get(_text(service, "status"), "active"),
    }
    own = hsds.pk_of("group", _text(service, "id"))
    if own is not None:
        row["ID"] = str(own)
    email = _text(service, "email")
    phones = [_text(p, "number") for p in _objects(service, "phones") if _text(p, "number")]
    if email or phones:
        row |= {"Kontaktweg": "direct", "E-Mail öffentlich": email,
                "Telefon öffentlich": phones[0] if phones else ""}  # fmt: skip
    locations = [_object(item, "location") for item in _objects(service, "service_at_locations")]
    if locations:
        location = locations[0]
        if _text(location, "location_type") == "virtual":
            row["Format"] = "online"
        address = (_objects(location, "addresses") or [{}])[0]
        row |= {
            "Straße": _text(address, "address_1"),
            "PLZ": _text(address, "postal_code"),
            "Ort": _text(address, "city") or _text(location, "name"),
            "Breitengrad": _text(location, "latitude"),
            "Längengrad": _text(location, "longitude"),
        }
    row |= schedule_columns((_objects(service, "schedules") or [None])[0])
    topics = [_text(_object(a, "taxonomy_term"), "name") for a in _objects(service, "attributes")]
    if any(topics):
        row["Themen"] = "; ".join(dict.fromkeys(topic for topic in topics if topic))
    languages = [_text(item, "code") for item in _objects(service, "languages")]
    if any(languages):
        row["Sprachen"] = "; ".join(language for language in languages if language)
    return row


def _objects(owner: dict, key: str) -> list[dict]:
    """The list of objects at ``key``; none when it is missing or null."""
    value = owner.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise NotHSDS(key)
    return value


def _object(owner: dict, key: str) -> dict:
    value = owner.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise NotHSDS(key)
    return value


def _text(owner: dict, key: str) -> str:
    """A text or number at ``key`` as text; empty when it is missing, null or zero."""
    value = owner.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int | float | None):
        raise NotHSDS(key)
    return str(value) if value else ""


def schedule_columns(schedule: dict | None) -> dict:
    """An HSDS schedule as the import's meeting columns (weekly, every two weeks, or the
    n-th weekday of the month); nothing for any other rule."""
    if not schedule or not _text(schedule, "byday"):
        return {}
    byday = _text(schedule, "byday").split(",")[0].strip().upper()
    day = DAYS.get(byday[-2:])
    if day is None:
        return {}
    columns = {"Wochentag": day}
    interval = _text(schedule, "interval") or "1"
    if _text(schedule, "freq") == "MONTHLY" and byday[:-2].isdigit():
        columns |= {"Rhythmus": "monthly", "Woche im Monat": byday[:-2]}
    elif _text(schedule, "freq") == "WEEKLY":
        columns["Rhythmus"] = "biweekly" if interval == "2" else "weekly"
    else:
        return {}
    if _text(schedule, "opens_at"):
        columns["Beginn"] = _text(schedule, "opens_at")[:5]
    if _text(schedule, "closes_at"):
        columns["Ende"] = _text(schedule, "closes_at")[:5]
    return columns
