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
    return [import_row(service, line) for line, service in enumerate(services, start=2)]


def rows_from_json(content: bytes) -> list[dict]:
    """A JSON file of services: one API page (``contents``), a list of pages, or a list."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFileError(
            _("The file is no valid JSON: %(error)s") % {"error": error}
        ) from None
    pages = data if isinstance(data, list) else [data]
    services = []
    for page in pages:
        if isinstance(page, dict) and "contents" in page:
            services.extend(page["contents"])
        elif isinstance(page, dict):
            services.append(page)
        if len(services) > MAX_ROWS:
            raise too_many_rows()
    if not services or not all(isinstance(s, dict) and s.get("name") for s in services):
        raise ImportFileError(_("The file holds no HSDS services with a name."))
    return [import_row(service, number) for number, service in enumerate(services, start=1)]


def import_row(service: dict, line: int) -> dict:
    """One HSDS service as a row with the import's column names."""
    row = {
        "_line": line,
        "Name": service.get("name", ""),
        "Beschreibung": service.get("description", ""),
        "Status": STATUS.get(service.get("status", ""), "active"),
    }
    own = hsds.pk_of("group", service.get("id", ""))
    if own is not None:
        row["ID"] = str(own)
    email = service.get("email", "")
    phones = [p.get("number", "") for p in service.get("phones", []) if p.get("number")]
    if email or phones:
        row |= {"Kontaktweg": "direct", "E-Mail öffentlich": email,
                "Telefon öffentlich": phones[0] if phones else ""}  # fmt: skip
    locations = [item.get("location") or {} for item in service.get("service_at_locations", [])]
    if locations:
        location = locations[0]
        if location.get("location_type") == "virtual":
            row["Format"] = "online"
        address = (location.get("addresses") or [{}])[0]
        row |= {
            "Straße": address.get("address_1", ""),
            "PLZ": address.get("postal_code", ""),
            "Ort": address.get("city", "") or location.get("name", ""),
            "Breitengrad": str(location.get("latitude") or ""),
            "Längengrad": str(location.get("longitude") or ""),
        }
    row |= schedule_columns((service.get("schedules") or [None])[0])
    topics = [a["taxonomy_term"]["name"] for a in service.get("attributes", [])
              if (a.get("taxonomy_term") or {}).get("name")]  # fmt: skip
    if topics:
        row["Themen"] = "; ".join(dict.fromkeys(topics))
    languages = [item.get("code", "") for item in service.get("languages", []) if item.get("code")]
    if languages:
        row["Sprachen"] = "; ".join(languages)
    return {key: value for key, value in row.items() if value not in (None,)}


def schedule_columns(schedule: dict | None) -> dict:
    """An HSDS schedule as the import's meeting columns (weekly, every two weeks, or the
    n-th weekday of the month); nothing for any other rule."""
    if not schedule or not schedule.get("byday"):
        return {}
    byday = str(schedule["byday"]).split(",")[0].strip().upper()
    day = DAYS.get(byday[-2:])
    if day is None:
        return {}
    columns = {"Wochentag": day}
    interval = str(schedule.get("interval") or "1")
    if schedule.get("freq") == "MONTHLY" and byday[:-2].isdigit():
        columns |= {"Rhythmus": "monthly", "Woche im Monat": byday[:-2]}
    elif schedule.get("freq") == "WEEKLY":
        columns["Rhythmus"] = "biweekly" if interval == "2" else "weekly"
    else:
        return {}
    if schedule.get("opens_at"):
        columns["Beginn"] = str(schedule["opens_at"])[:5]
    if schedule.get("closes_at"):
        columns["Ende"] = str(schedule["closes_at"])[:5]
    return columns
