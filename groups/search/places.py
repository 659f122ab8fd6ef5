"""Where a citizen searches from: resolving "PLZ oder Ort" to a point, and distances to it.

Distances are great-circle distances computed by PostgreSQL's earthdistance extension; each
group stores its point as ``public_point`` (type ``earth``) with a GiST index, which serves
both the radius (``earth_box``) and the order by distance (``<->``, nearest first).
"""

import csv
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, IntegerField, Value, When

from contactpoints.models import FederalState
from groups.search.vocabulary import DISTRICT_HEADS, normalize
from selbsthilfe.geo import LatLonToEarth, chord_length

# City districts (Stadtteile) that GeoNames does not list: town, district, and the postcode
# whose centre stands for the district (docs/search.md).
CITY_DISTRICTS = Path(__file__).resolve().parent.parent / "data" / "city-districts.csv"


def city_districts() -> list[tuple[str, str, str]]:
    """The rows of ``CITY_DISTRICTS``: town, district and postcode."""
    with CITY_DISTRICTS.open(encoding="utf-8", newline="") as file:
        return [(row["town"], row["district"], row["postcode"]) for row in csv.DictReader(file)]

RADIUS_CHOICES_KM = (5, 10, 25, 50, 100)
DEFAULT_RADIUS_KM = 25
POSTCODE = re.compile(r"\b(\d{5})\b")
POSTCODE_PREFIX = re.compile(r"^\d{1,4}$")
COUNTRY_PREFIX = re.compile(r"^(?:D|DE)\s*-\s*(?=\d{5}\b)", re.IGNORECASE)
POSTCODE_SPELLINGS = re.compile(r"\b(\d{2})\s(\d{3})\b")
# Words people put before the place: "bei Unna", "Nähe Dortmund", "in der Nähe von Lünen",
# "Raum Dortmund" (only before more words: "Nahe" is a village too).
NEAR_WORDS = re.compile(
    r"^(?:(?:ganz\s+)?in\s+der\s+n(?:ä|ae)he\s+von|n(?:ä|ae)he(?:\s+von)?|bei|in|im|um|rund\s+um"
    r"|(?:im\s+)?(?:gro(?:ß|ss))?raum|umgebung(?:\s+von)?|umkreis(?:\s+von)?)\s+(?=\S)",
    re.IGNORECASE,
)
# A street and house number among the parts of an address: "Hauptstraße 5", "Am Markt 12a".
STREET_PART = re.compile(r"^\D+\s\d{1,4}\s?[a-zA-Z]?$")
# What separates a town from its district or river: "Lünen-Brambauer", "Frankfurt/Oder",
# "Halle (Saale)", "Köln Ehrenfeld".
QUALIFIER_SEPARATOR = re.compile(r"[\s/()\-,.]+")
# Abbreviations of town names in addresses, written out as GeoNames writes them:
# "St. Ingbert", "St.Wendel", "Frankfurt a.M.", "Freiburg i. Br.".
ABBREVIATIONS = [
    (re.compile(r"\bSt\.?\s*(?=[A-ZÄÖÜ])"), "Sankt "),
    (re.compile(r"\s*(?:\ba\.\s?|/\s?)M(?:\.|\b)"), " am Main"),
    (re.compile(r"\s*\bi\.\s?Br(?:\.|\b)"), " im Breisgau"),
    (re.compile(r"\s*\ba\.\s?d\.\s?"), " an der "),
]
# Words a town name before its district can have ("Mülheim an der" Ruhr-Saarn).
MAX_TOWN_WORDS = 3
# A district (Landkreis) rather than a town: "Kreis Unna", "Landkreis Görlitz", "LK Leipzig",
# "Rhein-Sieg-Kreis", "Region Hannover"; to be matched in folded text.
_DISTRICT_HEADS = "|".join(sorted(DISTRICT_HEADS, key=len, reverse=True))
DISTRICT_WORDS = re.compile(rf"kreis\b|^({_DISTRICT_HEADS})\b")
# The same words in front, as PostgreSQL's regexp on search_normalize'd text.
DISTRICT_PREFIX = rf"^({_DISTRICT_HEADS})\s+"
# A federal state typed as the place ("Sachsen", "NRW"). The city states are towns, and an
# exact town of a state's name with several postcodes stays the town.
STATE_ABBREVIATIONS = {"nrw": "NW", "bawu": "BW", "meckpomm": "MV"}
CITY_STATES = {"BE", "HB", "HH"}
# Regions and rivers that official and everyday names put after a town to tell it from
# others of its name ("Halle (Westf.)", "Weiden i.d.OPf.", "Neustadt/Weinstraße"), folded, and
# the federal states they lie in. A federal state's own name works as well ("Neustadt (Hessen)").
REGION_STATES = {
    "westf": {"NW"}, "westfalen": {"NW"}, "lippe": {"NW"}, "ruhr": {"NW"},
    "sauerland": {"NW"}, "rheinland": {"NW", "RP"}, "eifel": {"NW", "RP"},
    "saale": {"ST", "TH", "BY"}, "anhalt": {"ST"}, "altmark": {"ST"}, "harz": {"ST", "NI"},
    "oder": {"BB"}, "havel": {"BB"}, "spree": {"BB", "SN"}, "uckermark": {"BB"},
    "prignitz": {"BB"}, "lausitz": {"BB", "SN"}, "niederlausitz": {"BB"},
    "oberlausitz": {"SN"}, "vogtland": {"SN"}, "vogtl": {"SN"}, "erzgebirge": {"SN"},
    "erzgeb": {"SN"}, "elbe": {"SN", "ST", "NI", "SH", "BB"},
    "oberpfalz": {"BY"}, "opf": {"BY"}, "oberfranken": {"BY"}, "ofr": {"BY"},
    "mittelfranken": {"BY"}, "mfr": {"BY"}, "unterfranken": {"BY"}, "ufr": {"BY"},
    "oberbayern": {"BY"}, "obb": {"BY"}, "niederbayern": {"BY"}, "ndb": {"BY"},
    "schwaben": {"BY"}, "allgau": {"BY", "BW"}, "donau": {"BY", "BW"}, "isar": {"BY"},
    "inn": {"BY"}, "breisgau": {"BW"}, "schwarzwald": {"BW"}, "neckar": {"BW"},
    "wurttemberg": {"BW"}, "wurtt": {"BW"}, "bodensee": {"BW", "BY"},
    "pfalz": {"RP"}, "weinstrasse": {"RP"}, "mosel": {"RP"}, "hunsruck": {"RP"},
    "westerwald": {"RP"}, "lahn": {"HE", "RP"}, "taunus": {"HE"}, "odenwald": {"HE", "BW"},
    "main": {"HE", "BY"}, "rhon": {"HE", "BY", "TH"}, "saar": {"SL"},
    "holstein": {"SH"}, "holst": {"SH"}, "dithmarschen": {"SH"}, "ostsee": {"SH", "MV"},
    "ostfriesland": {"NI"}, "emsland": {"NI"}, "wumme": {"NI"}, "weser": {"NI", "HB"},
    "oldenburg": {"NI"}, "eichsfeld": {"TH", "NI"}, "mecklenburg": {"MV"},
    "vorpommern": {"MV"}, "ilm": {"TH"},
}  # fmt: skip
# What people type as the place when any place will do: all of Germany, or online (from
# home). Folded, without punctuation.
ANYWHERE = {
    **dict.fromkeys(["deutschland", "ganz deutschland", "deutschlandweit", "bundesweit",
                     "uberall", "egal", "germany", "all of germany", "anywhere"], "germany"),
    **dict.fromkeys(["online", "digital", "internet", "virtuell", "zuhause", "zu hause",
                     "von zuhause", "von zu hause", "daheim", "at home", "from home"], "online"),
}  # fmt: skip
# Regions people name as their place, and the district or town the search measures from:
# the district that bears the region's name, or a town in the middle of it. Folded.
REGIONS = {
    "ruhrgebiet": ("Ruhrgebiet", "Bochum"), "ruhrpott": ("Ruhrgebiet", "Bochum"),
    "sauerland": ("Sauerland", "Hochsauerlandkreis"),
    "munsterland": ("Münsterland", "Münster"), "siegerland": ("Siegerland", "Siegen"),
    "bergisches land": ("Bergisches Land", "Wuppertal"),
    "erzgebirge": ("Erzgebirge", "Erzgebirgskreis"), "vogtland": ("Vogtland", "Vogtlandkreis"),
    "oberlausitz": ("Oberlausitz", "Landkreis Bautzen"), "lausitz": ("Lausitz", "Cottbus"),
    "spreewald": ("Spreewald", "Lübbenau"),
    "sachsische schweiz": ("Sächsische Schweiz", "Landkreis Sächsische Schweiz"),
    "harz": ("Harz", "Landkreis Harz"), "emsland": ("Emsland", "Landkreis Emsland"),
    "ostfriesland": ("Ostfriesland", "Aurich"), "allgau": ("Allgäu", "Kempten"),
}  # fmt: skip
# English names of German cities, for visitors of the English pages.
EXONYMS = {
    "munich": "München",
    "cologne": "Köln",
    "nuremberg": "Nürnberg",
    "hanover": "Hannover",
    "brunswick": "Braunschweig",
    "frankfort": "Frankfurt am Main",
}


def distance_band(nearness_field: str):
    """0 for the nearest band of radii, 1 for the next, …; online groups (no distance) last.

    Ordering by band first and relevance second puts the best match near you on top without
    letting a slightly better text match 80 km away push aside a good one next door.
    """
    whens = [
        When(**{f"{nearness_field}__lte": chord_length(km * 1000)}, then=Value(band))
        for band, km in enumerate(RADIUS_CHOICES_KM)
    ]
    return Case(*whens, default=Value(len(RADIUS_CHOICES_KM)), output_field=IntegerField())


@dataclass(frozen=True)
class Location:
    """A resolved place to search from."""

    label: str
    latitude: float
    longitude: float
    postcode: str = ""
    federal_state: str = ""

    def origin(self):
        return LatLonToEarth(Value(self.latitude), Value(self.longitude))

    def query_text(self) -> str:
        """What to put into ``ort`` to get this place back unambiguously."""
        return self.postcode or self.label


@dataclass
class PlaceSearch:
    """The outcome of resolving what was typed into "PLZ oder Ort"."""

    text: str
    location: Location | None = None
    # Other places of the same name, or the nearest spellings when nothing matched.
    alternatives: list[Location] = field(default_factory=list)
    # The federal state typed instead of a place ("Sachsen"); its biggest towns are offered.
    federal_state: str = ""
    # "germany" or "online" when the text asks for no place but everywhere (``ANYWHERE``).
    anywhere: str = ""

    @property
    def is_unknown(self) -> bool:
        return bool(self.text) and self.location is None and not self.anywhere


# Places whose postcode or (normalised) name matches, as one row per town with the centre of
# its postcode areas. Exact matches first (a city district typed without its town, "Hörde"
# for "Dortmund Hörde", is one too, after a place of exactly that name), then those starting
# with the text; the town with the most postcode areas first, as the likeliest meant
# ("Frankfurt" → Frankfurt am Main).
RESOLVE_SQL = """
WITH candidate AS MATERIALIZED (  -- each name normalised once
    SELECT place.name, place.district, place.federal_state, place.postcode, place.latitude,
           place.longitude, search_normalize(place.name) AS normalized
    FROM groups_place AS place
    WHERE place.latitude IS NOT NULL
      AND (place.postcode = %(postcode)s
           OR search_normalize(place.name) = search_normalize(%(name)s)
           OR search_normalize(place.name) LIKE search_normalize(%(prefix)s) || '%%'
           OR search_normalize(place.name)
              LIKE '%%' || search_normalize(' ' || %(prefix)s) || '%%')
),
typed AS (SELECT search_normalize(%(name)s) AS name, search_normalize(%(prefix)s) AS prefix),
matches AS (
    SELECT candidate.*,
           candidate.normalized = typed.name AS named,
           -- a district of a town: "Dortmund Hörde" for "Hörde" (not "Einsiedel bei Chemnitz"
           -- for "Chemnitz"), with the postcode areas of that town
           CASE WHEN candidate.normalized LIKE '%% ' || typed.prefix
                THEN (SELECT count(*) FROM groups_place AS town
                      WHERE search_normalize(town.name)
                            = left(candidate.normalized, -length(' ' || typed.prefix))
                        AND town.district = candidate.district)
                ELSE 0 END AS town_areas
    FROM candidate, typed
)
SELECT name, district, federal_state, min(postcode), avg(latitude), avg(longitude),
       bool_or(postcode = %(postcode)s OR named OR town_areas > 0) AS exact, count(*) AS areas
FROM matches
GROUP BY name, district, federal_state
ORDER BY exact DESC, bool_or(postcode = %(postcode)s) DESC, bool_or(named) DESC,
         count(*) DESC,
         -- of districts with the same name, that of the bigger town ("Grünau" of Leipzig)
         max(town_areas) DESC,
         -- a town that is its own district (a city) before a village of the same name
         search_normalize(district) LIKE '%%' || search_normalize(name) || '%%' DESC,
         name
LIMIT 8
"""

# The towns named, or starting, like each of the first words of a text ("Lünen",
# "Lünen Brambauer", …), in the form of RESOLVE_SQL's rows plus the number of words.
TOWN_HEADS_SQL = """
SELECT name, district, federal_state, min(postcode), avg(latitude), avg(longitude),
       bool_or(exact) AS exact, count(*) AS areas, words
FROM (
    SELECT place.*, heads.words,
           search_normalize(place.name) = search_normalize(heads.text) AS exact
    FROM unnest(%(heads)s::text[]) WITH ORDINALITY AS heads(text, words)
    JOIN groups_place AS place
      ON place.latitude IS NOT NULL
     AND search_normalize(place.name) LIKE search_normalize(heads.text) || '%%'
) AS matches
GROUP BY words, name, district, federal_state
ORDER BY words, bool_or(exact) DESC, count(*) DESC, name
"""

# When nothing matched: the towns spelt most alike (trigram similarity).
SIMILAR_SQL = """
SELECT name, district, federal_state, min(postcode), avg(latitude), avg(longitude)
FROM groups_place AS place
WHERE place.latitude IS NOT NULL
  AND search_normalize(place.name) %% search_normalize(%(name)s)
GROUP BY name, district, federal_state
ORDER BY max(similarity(search_normalize(place.name), search_normalize(%(name)s))) DESC,
         count(*) DESC, name
LIMIT 5
"""

# Towns whose postcodes start with the digits typed; for four digits first the postcode with
# a leading zero, which spreadsheets and hurried typing drop ("1099" for 01099 Dresden).
POSTCODE_PREFIX_SQL = """
SELECT name, district, federal_state, min(postcode), avg(latitude), avg(longitude)
FROM groups_place AS place
WHERE place.latitude IS NOT NULL
  AND (place.postcode LIKE %(prefix)s OR place.postcode = %(padded)s)
GROUP BY name, district, federal_state
ORDER BY bool_or(postcode = %(padded)s) DESC, count(*) DESC, min(postcode)
LIMIT 8
"""


# Districts named like the text, without the words that say "district": GeoNames calls the
# Kreis Unna just "Unna", and the Landkreis Görlitz "Landkreis Görlitz". Each as the centre of
# its towns (each town once, however many postcodes it has), the biggest first.
DISTRICT_SQL = """
WITH towns AS (
    SELECT district, name, min(federal_state) AS federal_state,
           avg(latitude) AS latitude, avg(longitude) AS longitude
    FROM groups_place
    WHERE latitude IS NOT NULL
      AND regexp_replace(search_normalize(district), %(prefix)s, '')
          = regexp_replace(search_normalize(%(text)s), %(prefix)s, '')
    GROUP BY district, name
)
SELECT district, min(federal_state), avg(latitude), avg(longitude)
FROM towns
-- (not the districts of a city, "Unna Massen", "Dresden Striesen": the city is one town)
WHERE NOT EXISTS (SELECT 1 FROM towns AS town
                  WHERE town.district = towns.district AND towns.name LIKE town.name || ' %%')
GROUP BY district
ORDER BY count(*) DESC, district
LIMIT 6
"""


# The biggest towns of a federal state: those with the most postcode areas.
STATE_TOWNS_SQL = """
SELECT name, district, federal_state, min(postcode), avg(latitude), avg(longitude)
FROM groups_place
WHERE federal_state = %(state)s AND latitude IS NOT NULL
GROUP BY name, district, federal_state
ORDER BY count(*) DESC, name
LIMIT 8
"""


class PlaceRow(NamedTuple):
    """A town (or postcode area) as the place queries return it: its name, district, state,
    first postcode and centre; from RESOLVE_SQL and TOWN_HEADS_SQL also whether the name,
    postcode or district matched ``exact``ly and how many postcode ``areas`` it has."""

    name: str
    district: str
    federal_state: str
    postcode: str
    latitude: float
    longitude: float
    exact: bool = False
    areas: int = 0


def _rows(cursor) -> list[PlaceRow]:
    return [PlaceRow(*row[:8]) for row in cursor.fetchall()]


def _state_key(text: str) -> str:
    """One form for "Thüringen", "Thueringen" and "thuringen", "Nordrhein Westfalen" and
    "Nordrhein-Westfalen"."""
    return " ".join(normalize(text).split())


_STATES = {
    _state_key(label): code for code, label in FederalState.choices if code not in CITY_STATES
} | STATE_ABBREVIATIONS


def federal_state_named(text: str) -> str:
    """The code of the federal state that ``text`` names, or ""."""
    return _STATES.get(_state_key(text), "")


def _location(
    row: PlaceRow,
    *,
    with_postcode: bool = False,
    with_district: bool = True,
    name_shared: bool = False,
) -> Location:
    """A row of the place queries as a Location. Its label names the district (with
    ``with_district``) unless that is the town's own; a town whose name is ``name_shared`` with
    another place on the page is told apart by its district, or by its state if it is a city:
    "Halle (Gütersloh)", "Halle (Sachsen-Anhalt)", "Weiden i.d.OPf."."""
    name, district, state = row.name, row.district, row.federal_state
    # (not for a town's own district, "Dortmund, Stadt", nor one of its city districts)
    town = re.sub(r"^(Kreisfreie Stadt|Stadtkreis)\s+|,.*$", "", district)
    own = not district or town == name or name.startswith(town + " ")
    label = name
    if "(" in name:  # told apart already: "Frankfurt (Oder)", "Essen (Oldenburg)"
        pass
    elif town.startswith(name + " ") and (with_district or name_shared):
        label = town
    elif name_shared and own and state in FederalState.values and state not in CITY_STATES:
        label = f"{name} ({FederalState(state).label})"
    elif (with_district or name_shared) and not own:
        label = f"{name} ({district})"
    return Location(
        label=label,
        latitude=row.latitude,
        longitude=row.longitude,
        postcode=row.postcode if with_postcode else "",
        federal_state=state,
    )


def resolve_place(text: str) -> PlaceSearch:
    """Resolve a postcode, a town, or both ("44532 Lünen") to a point.

    One query when the place is found, two when we look for similar spellings.
    """
    text = " ".join(text.split())
    search = PlaceSearch(text=text)
    if not text:
        return search
    text = _without_street(NEAR_WORDS.sub("", text))
    key = " ".join(QUALIFIER_SEPARATOR.split(normalize(text))).strip()
    search.anywhere = ANYWHERE.get(key, "")
    if search.anywhere:
        return search
    if key in REGIONS:
        region, place = REGIONS[key]
        found = resolve_place(place)
        if found.location is not None:
            location = found.location
            if not DISTRICT_WORDS.search(normalize(place)):  # a town in the middle of it
                location = replace(location, label=f"{location.label} ({region})")
            return replace(search, location=location)
    # Postcodes as addresses and forms write them: "D-44532", "44 532".
    text = POSTCODE_SPELLINGS.sub(r"\1\2", COUNTRY_PREFIX.sub("", text))
    if POSTCODE_PREFIX.match(text):
        with connection.cursor() as cursor:
            cursor.execute(POSTCODE_PREFIX_SQL, {"prefix": text + "%", "padded": text.zfill(5)})
            search.alternatives = [_location(row, with_postcode=True) for row in _rows(cursor)]
        return search
    postcode_match = POSTCODE.search(text)
    postcode = postcode_match.group(1) if postcode_match else ""
    name = POSTCODE.sub("", text).strip(" ,-") or text
    for abbreviation, written_out in ABBREVIATIONS:
        name = abbreviation.sub(written_out, name)
    name = EXONYMS.get(name.casefold(), name)
    if DISTRICT_WORDS.search(normalize(name)) and not postcode:
        districts = _matching_districts(name)
        if districts:
            search.location, *search.alternatives = districts
            return search
    rows = _matching_towns(postcode, name)
    state = "" if postcode else federal_state_named(name)
    if state and not (rows and rows[0].exact and rows[0].areas >= 3):  # no town of 3+ areas
        search.federal_state = FederalState(state).label
        with connection.cursor() as cursor:
            cursor.execute(STATE_TOWNS_SQL, {"state": state})
            search.alternatives = [_location(row, with_postcode=True) for row in _rows(cursor)]
        return search
    if not rows and not postcode:
        rows = _town_before_qualifier(name)
    if not rows:
        with connection.cursor() as cursor:
            cursor.execute(SIMILAR_SQL, {"name": name})
            search.alternatives = [_location(row, with_postcode=True) for row in _rows(cursor)]
        return search
    # No exact match: a long enough beginning stands for the biggest town starting so.
    if not rows[0].exact and len(name) < 4:
        search.alternatives = [_location(row, with_postcode=True) for row in rows]
        return search
    best = rows[0]
    if best.exact:  # offer places of the same name, towns named so with a qualifier, and
        # bigger ones starting so
        namesakes = [row for row in rows if _qualifies(row, best)]
        rows = [row for row in rows if row.exact or row.areas > best.areas or row in namesakes]
        # A town named so with a qualifier and many more postcode areas is the likelier meant:
        # "Mülheim" is a village, "Mülheim an der Ruhr" a city.
        bigger = max(namesakes, key=lambda row: row.areas, default=None)
        if bigger and not postcode and bigger.areas >= max(3, 3 * best.areas):
            best = bigger
            rows = [bigger] + [row for row in rows if row is not bigger]
    # (not the town's own districts at its postcode: "44532" is Lünen, not Lünen Horstmar;
    # "Mülheim an der Ruhr" is another town than Mülheim, in another district)
    others = [
        row
        for row in rows[1:]
        if not (row.name.startswith(best.name + " ") and row.district == best.district)
    ][:5]
    name_shared = any(row.name == best.name for row in others)
    location = _location(best, with_district=False, name_shared=name_shared)
    if postcode:
        location = Location(
            label=f"{postcode} {best.name}",
            latitude=best.latitude,
            longitude=best.longitude,
            postcode=postcode,
            federal_state=best.federal_state,
        )
    search.location = location
    search.alternatives = [
        _location(row, with_postcode=True, name_shared=row.name == best.name) for row in others
    ]
    return search


def _without_street(text: str) -> str:
    """The place of an address typed whole: "Hauptstraße 5, Lünen" → "Lünen"."""
    parts = [part.strip() for part in text.split(",")]
    kept = [part for part in parts if not STREET_PART.match(part)]
    return ", ".join(kept) if kept and len(kept) < len(parts) else text


def _qualifies(row: PlaceRow, town: PlaceRow) -> bool:
    """Whether ``row`` is another town of ``town``'s name with a qualifier, "Weil am Rhein" or
    "Lahr/Schwarzwald" for "Weil" or "Lahr" (not a district of the town, "Unna Massen")."""
    return (
        row.district != town.district
        and re.match(rf"{re.escape(town.name)}[\s/]", row.name) is not None
    )


def _matching_districts(name: str) -> list[Location]:
    with connection.cursor() as cursor:
        cursor.execute(DISTRICT_SQL, {"text": name, "prefix": DISTRICT_PREFIX})
        rows = cursor.fetchall()
    locations = {}
    for district, state, latitude, longitude in rows:
        # "Unna" is the town; the district is "Kreis Unna".
        label = district if DISTRICT_WORDS.search(normalize(district)) else f"Kreis {district}"
        locations.setdefault(label, Location(label, latitude, longitude, federal_state=state))
    return list(locations.values())


def _matching_towns(postcode: str, name: str) -> list[PlaceRow]:
    with connection.cursor() as cursor:
        cursor.execute(
            RESOLVE_SQL,
            {"postcode": postcode, "name": name, "prefix": re.sub(r"[%_\\]", "", name)},
        )
        return _rows(cursor)


def _town_before_qualifier(name: str) -> list[PlaceRow]:
    """For "Lünen-Brambauer", "Frankfurt/Oder" or "Halle (Saale)", which the postcode list
    does not know: the towns named by the first words (at most three, the longest that
    matches), those mentioning the rest (a district or river) first, then exact names. The
    district itself is not known, the town around it is. One query for all lengths."""
    words = [word for word in QUALIFIER_SEPARATOR.split(name) if word]
    heads = [" ".join(words[:length]) for length in range(1, min(len(words), MAX_TOWN_WORDS + 1))]
    heads = [head for head in heads if len(head) >= 3]
    if not heads:
        return []
    with connection.cursor() as cursor:
        cursor.execute(TOWN_HEADS_SQL, {"heads": heads})
        rows = [(PlaceRow(*row[:8]), row[8]) for row in cursor.fetchall()]
    for length in range(len(heads), 0, -1):
        qualifiers = {normalize(word) for word in words[length:] if len(word) > 2}
        # A town of exactly that name, or one whose name or district has the rest in it
        # ("Frankfurt (Oder)"); not any town that merely starts so ("Bad Homborg" is no
        # typo of "Bad Kreuznach").
        matching = [
            row
            for row, words_matched in rows
            if words_matched == length and (row.exact or _mentions(row, qualifiers))
        ]
        if matching:
            regions = _regions(words[length:])
            return sorted(
                matching,
                key=lambda row: (
                    not _mentions(row, qualifiers),
                    row.federal_state not in regions,
                    not row.exact,
                ),
            )
    return []


def _regions(words: list[str]) -> set[str]:
    """The federal states that the words after a town name point to: a state's name
    ("Rheinland-Pfalz"), or regions and rivers ("Westf.", "Oberpfalz")."""
    state = federal_state_named(" ".join(words))
    if state:
        return {state}
    return {code for word in words for code in REGION_STATES.get(_state_key(word), ())}


def _mentions(row: PlaceRow, words: set[str]) -> bool:
    text = normalize(f"{row.name} {row.district or ''}")
    return bool(words & set(QUALIFIER_SEPARATOR.split(text)))
