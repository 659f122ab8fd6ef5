"""Loading the postcode gazetteer (GeoNames) into the Place table."""

import csv
import gzip
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from contactpoints.models import FederalState
from groups.models import Group, Place
from groups.search.place_queries import city_districts
from groups.search.places import federal_state_named
from groups.search.vocabulary import GEONAMES_STATE_NUMBERS

SHIPPED_POSTCODES = Path(__file__).resolve().parent / "data" / "postcodes-de.csv.gz"

# Column order of GeoNames' tab-separated postal code dump (DE.txt), which has no header.
GEONAMES_COLUMNS = [
    "country_code",
    "zipcode",
    "place",
    "state",
    "state_code",
    "province",
    "province_code",
    "community",
    "community_code",
    "latitude",
    "longitude",
    "accuracy",
]
REQUIRED_COLUMNS = {"zipcode", "place", "latitude", "longitude"}


# GeoNames lists large mail recipients (firms, authorities) under their own postcodes. Their
# names carry a legal form, an institution word, digits, or lowercase words that German place
# names do not use ("Agentur für Arbeit"); place names only use the prepositions below.
_ORGANISATION_WORDS = re.compile(
    r"\b(GmbH|mbH|AG|KG|KGaA|OHG|GbR|eG|SE|e\.\s?V|Co|Bank|Sparkasse|Postbank|Post|Postfach|"
    r"Versicherung\w*|\w*versicherung\w*|\w*verwaltung|Finanzamt|Agentur|Universität|"
    r"Hochschule|Krankenhaus|Gericht|Landgericht|Amtsgericht|Ministerium|"
    r"Zentrale|Niederlassung|Verlag\w*|Holding|\w*service\w*|Deutschland|Germany|Pharma|Dr|\w*kasse|\w*kammer|"
    r"\w+amt|Jobcenter|Magistrat|Ordinariat|Deutsche|Deutsches|Bibliothek|Museum|Büro|"
    r"Buchhandlung|Vereinigung|Aktiengesellschaft|Kaufhof|Galeria|Rotes|Anzeiger|\w*bank|"
    r"Hospital|\w*regierung|\w*knappschaft|Geschäftsstelle|Gesundheit|Aktion|Adecco|Bundes\w+|"
    r"Landes\w+|Stiftung|Versand\w*|Zeitung|Rundfunk|Fernsehen|Lotto|Toto|\w*gericht|"
    r"\w*verband|\w*zentrum|\w*direktion|\w*genossenschaft|\w*gewerkschaft|\w*center|"
    r"\w+stelle|\w*hospital|Landkreis|Justiz\w*|Polizei\w*|\w*akademie|Inc|Unternehmens\w*|"
    r"Diözese|Diakonie\w*|Reifenwerke|Studentenwerk|Landschaftsverband|Staatsanwaltschaft|"
    r"Regierungspräsidium|Stadtwerke|\w*gruppe|Kundenservice|Oberstadtdirektor|Zentrales|"
    r"Testamentsregister|Versicherer|Vertrieb|Sparkassen|Gewerkschaftsbund|\w*werke|"
    r"\w*universität\w*|\w*bibliothek|\w*klinik\w*|Group|Industrie|\w*optik|Oberbürgermeister|"
    r"\w*dienste?|Bund|\w*förderungs\w*|Finanzämter|\w*genossenschaft\w*|Sparte|Unfall\w*|"
    r"\w*leistungs\w*|Helicopters|Insurance|\w*brauerei|\w*anwalt\w*|\w*möbel\w*|Gewerbe\w*|Kreis|\w*krankenh\w*|\w*rathaus|Stadthaus|"
    r"\w*büro|\w*finanz\w*|\w*pharm\w*|\w*radio\w*|\w*schule|\w*sportbund|\w*theater|"
    r"\w*fabrik|\w*handel|\w*anstalt|Staats\w+|Staatliche\w*|Kantine\w*|Landtag|Botschaft|"
    r"Bürgermeister|Apotheke|Hotel|Reisen|Nachrichten|Report|Lounge|Media|Management|"
    r"Logistik|Kultur|Inkasso|Leasing|Factoring|Allianz|Amazon|Generali|Leipziger|Telekom|"
    r"Siemens|Daimler|Bosch|Bauhaus|Tchibo|Zalando|Quelle)\b|[&@+]|\d",
    re.IGNORECASE,
)
# Company and insurer acronyms and capitalised brands such as "HUK-Coburg", "AK Heidberg" or
# "BARMER"; no German place name is written in capitals.
_ACRONYM = re.compile(r"\b[A-ZÄÖÜ]{2,}\b")
_PLACE_NAME_LOWERCASE_WORDS = {
    "am", "an", "auf", "bei", "b.", "d.", "der", "den", "i.", "im", "in", "ob", "u.", "und",
    "unter", "vor", "zum", "zur", "a.", "a.d.", "v.d.", "über", "ueber", "vorm", "hinter",
}  # fmt: skip


@dataclass
class PlaceImport:
    """What an import did: rows loaded, and rows skipped with the reason for each."""

    loaded: int = 0
    skipped: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)

    def skip(self, line_number: int, reason: str) -> None:
        self.skipped[reason] += 1
        self.examples.setdefault(reason, line_number)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


class PlaceFileError(Exception):
    """The file as a whole cannot be read as a postal code list."""


def import_places(path: Path | str | None = None) -> PlaceImport:
    """Load a GeoNames-style postal code file (CSV with header, or tab-separated DE.txt).

    The whole file is read and checked first; bad lines are skipped and counted. Then all good
    rows are written in one transaction (inserting new places, updating known ones), so a
    failure leaves the table as it was.
    """
    path = Path(path) if path else SHIPPED_POSTCODES
    result = PlaceImport()
    places: dict[tuple[str, str], Place] = {}
    lines: dict[tuple[str, str], int] = {}
    names_at: defaultdict[str, set[str]] = defaultdict(set)
    recipients_at: defaultdict[str, set[str]] = defaultdict(set)
    for line_number, row in _read_rows(path):
        place = _place_from_row(row, line_number, result)
        if place is None:
            continue
        names_at[place.postcode].add(place.name)
        if is_organisation(place.name):
            recipients_at[place.postcode].add(place.name)
            result.skip(line_number, "company or authority, not a place")
            continue
        key = (place.postcode, place.name)
        if key in places:
            result.skip(line_number, "duplicate postcode and place")
            continue
        places[key] = place
        lines[key] = line_number
    not_places = dict.fromkeys(_town_halls(places), "a town's administration, not the town")
    not_places |= dict.fromkeys(
        _more_recipients(places, names_at, recipients_at),
        "at a postcode of companies and authorities only",
    )
    for key, reason in not_places.items():
        del places[key]
        result.skip(lines[key], reason)
    if not places:
        raise PlaceFileError(f"{path} contains no usable postal code rows.")
    with transaction.atomic():
        Place.objects.bulk_create(
            places.values(),
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["postcode", "name"],
            update_fields=["district", "federal_state", "latitude", "longitude"],
        )
        # Mail recipients loaded before the filters above knew them are no places either.
        Place.objects.filter(
            pk__in=[
                pk
                for pk, postcode, name in Place.objects.values_list("pk", "postcode", "name")
                if is_organisation(name) or (postcode, name) in not_places
            ]
        ).delete()
        add_city_districts(Place)
        # Fresh statistics, so that the planner uses the indexes right away, and the towns
        # that groups' distances are measured from follow the new coordinates.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE groups_place")
        Group.objects.all().refresh_search_index()
    result.loaded = len(places)
    return result


def add_city_districts(place_model) -> None:
    """Add the city districts of ``CITY_DISTRICTS`` as places named as GeoNames names the
    districts it knows ("Hamburg Altona-Nord"): "Dortmund Hörde", at the centre of its postcode
    in that town, which it follows when the town's postcode moves. Districts whose town or
    postcode is not loaded are left out. Takes the model so that a migration can call it."""
    districts = city_districts()
    towns = {
        (place.postcode, place.name): place
        for place in place_model.objects.filter(
            name__in={town for town, _district, _postcode in districts},
            postcode__in={postcode for _town, _district, postcode in districts},
        )
    }
    new = [
        place_model(
            postcode=postcode,
            name=f"{town} {district}",
            district=towns[postcode, town].district,
            federal_state=towns[postcode, town].federal_state,
            latitude=towns[postcode, town].latitude,
            longitude=towns[postcode, town].longitude,
        )
        for town, district, postcode in districts
        if (postcode, town) in towns
    ]
    place_model.objects.bulk_create(
        new,
        update_conflicts=True,
        unique_fields=["postcode", "name"],
        update_fields=["district", "federal_state", "latitude", "longitude"],
    )


def _read_rows(path: Path):
    """Yield (line number, dict of columns) for each data line of the file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PlaceFileError(f"Cannot read {path}: {error.strerror or error}") from error
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise PlaceFileError(f"{path} is not a valid gzip file.") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlaceFileError(
            f"{path} is not UTF-8 text (byte {error.start}); GeoNames files are UTF-8."
        ) from error
    lines = io.StringIO(text, newline="")
    first_line = text.split("\n", 1)[0]
    if "\t" in first_line:
        reader = csv.DictReader(lines, fieldnames=GEONAMES_COLUMNS, delimiter="\t")
        start = 1
    else:
        reader = csv.DictReader(lines)
        missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
        if missing:
            raise PlaceFileError(
                f"{path} lacks the columns {', '.join(sorted(missing))}; expected a GeoNames "
                "postal code file (tab-separated DE.txt or CSV with a header line)."
            )
        start = 2
    try:
        for offset, row in enumerate(reader):
            yield start + offset, row
    except csv.Error as error:
        raise PlaceFileError(f"{path}: {error}") from error


def _place_from_row(row: dict, line_number: int, result: PlaceImport) -> Place | None:
    if None in row:  # more fields than columns
        result.skip(line_number, "too many fields")
        return None
    country = (row.get("country_code") or "DE").strip().upper()
    if country != "DE":
        result.skip(line_number, "not in Germany")
        return None
    postcode = (row.get("zipcode") or "").strip()
    if not re.fullmatch(r"\d{5}", postcode):
        result.skip(line_number, "postcode is not five digits")
        return None
    name = " ".join((row.get("place") or "").split())
    if not name:
        result.skip(line_number, "no place name")
        return None
    try:
        latitude = float(row.get("latitude") or "")
        longitude = float(row.get("longitude") or "")
    except ValueError:
        result.skip(line_number, "coordinates missing or not numbers")
        return None
    if not (47 <= latitude <= 55.5 and 5.5 <= longitude <= 15.5):
        result.skip(line_number, "coordinates outside Germany")
        return None
    return Place(
        postcode=postcode,
        name=name[:150],
        district=" ".join((row.get("community") or "").split())[:150],
        federal_state=federal_state_code(row.get("state") or "", row.get("state_code") or ""),
        latitude=latitude,
        longitude=longitude,
    )


def _more_recipients(places, names_at, recipients_at) -> set[tuple[str, str]]:
    """The rows whose names pass for places but that are mail recipients too.

    A large mail recipient has a postcode of its own, often shared with a few others; GeoNames
    lists them there under their names. Where at least half of three or more names at a postcode
    are recognisably organisations, the postcode belongs to recipients, and a name there that
    is a place nowhere else ("Atlas Reisen", "Rathaus Beuel", "Stadt Heilbronn") is one of them.
    A village that shares its postcode with one firm, or a town named at other postcodes too,
    stays.
    """
    postcodes_per_name = Counter(name for _postcode, name in places)
    return {
        (postcode, name)
        for postcode, name in places
        if postcodes_per_name[name] == 1
        and 2 * len(recipients_at[postcode]) >= len(names_at[postcode]) > 2
    }


def _town_halls(places) -> set[tuple[str, str]]:
    """The rows of town administrations: "Stadt Paderborn", "Gemeinde Eching", where the rest
    names a town listed in its own right; the town "Stadt Wehlen" stays."""
    first_words = Counter(name.split()[0] for _postcode, name in places)
    return {
        (postcode, name)
        for postcode, name in places
        if (words := name.split())[0] in ("Stadt", "Gemeinde")
        and len(words) > 1
        and first_words[re.split(r"[\s(,/-]", words[1])[0]] > 0
    }


def is_organisation(name: str) -> bool:
    if _ORGANISATION_WORDS.search(name) or _ACRONYM.search(name):
        return True
    words = re.sub(r"[()/,\-]", " ", name).split()
    return any(
        word[0].islower() and word.casefold() not in _PLACE_NAME_LOWERCASE_WORDS for word in words
    )


def federal_state_code(name: str, code: str) -> str:
    """The two-letter state code for a state name in German or English, or a GeoNames code."""
    code = code.strip().upper()
    named = federal_state_named(name, city_states=True)
    if named:
        return named
    if code in FederalState.values:
        return code
    return GEONAMES_STATE_NUMBERS.get(code, "")
