"""Where a citizen searches from: resolving "PLZ oder Ort" to a point, and distances to it.

Distances are great-circle distances computed by PostgreSQL's earthdistance extension; each
group stores its point as ``public_point`` (type ``earth``) with a GiST index, which serves
both the radius (``earth_box``) and the order by distance (``<->``, nearest first).
"""

import re
from dataclasses import dataclass, field, replace

from django.db.models import Case, IntegerField, Value, When

from contactpoints.models import FederalState
from groups.search import place_queries as queries
from groups.search.place_queries import PlaceRow
from groups.search.vocabulary import (
    ANYWHERE,
    DISTRICT_HEADS,
    EXONYMS,
    OTHER_STATE_NAMES,
    QUALIFIER_SEPARATOR,
    REGION_STATES,
    REGIONS,
    normalize,
    place_key,
)
from selbsthilfe.geo import LatLonToEarth, chord_length

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
# The city states are towns when typed as the place ("Berlin"), not states.
CITY_STATES = {"BE", "HB", "HH"}
# Every name of a federal state, by its normalised form: the names of ``FederalState`` and
# the other names of ``place-words.toml`` ("NRW", "Saxony").
FEDERAL_STATES = {
    place_key(label): code for code, label in FederalState.choices
} | OTHER_STATE_NAMES


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


def federal_state_named(text: str, *, city_states: bool = False) -> str:
    """The code of the federal state that ``text`` names ("Thüringen", "Thueringen",
    "Nordrhein-Westfalen", "NRW"), or ""; a city state only with ``city_states``."""
    code = FEDERAL_STATES.get(place_key(text), "")
    return code if city_states or code not in CITY_STATES else ""


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
    key = place_key(text)
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
        towns = queries.towns_with_postcode_prefix(text)
        search.alternatives = [_location(row, with_postcode=True) for row in towns]
        return search
    postcode_match = POSTCODE.search(text)
    postcode = postcode_match.group(1) if postcode_match else ""
    name = POSTCODE.sub("", text).strip(" ,-") or text
    for abbreviation, written_out in ABBREVIATIONS:
        name = abbreviation.sub(written_out, name)
    name = EXONYMS.get(normalize(name), name)
    if DISTRICT_WORDS.search(normalize(name)) and not postcode:
        districts = _matching_districts(name)
        if districts:
            search.location, *search.alternatives = districts
            return search
    rows = queries.matching_towns(postcode, name)
    state = "" if postcode else federal_state_named(name)
    if state and not (rows and rows[0].exact and rows[0].areas >= 3):  # no town of 3+ areas
        search.federal_state = FederalState(state).label
        towns = queries.biggest_towns(state)
        search.alternatives = [_location(row, with_postcode=True) for row in towns]
        return search
    if not rows and not postcode:
        rows = _town_before_qualifier(name)
    if not rows:
        towns = queries.similarly_spelt_towns(name)
        search.alternatives = [_location(row, with_postcode=True) for row in towns]
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
    locations = {}
    for district, state, latitude, longitude in queries.districts_named(name, DISTRICT_PREFIX):
        # "Unna" is the town; the district is "Kreis Unna".
        label = district if DISTRICT_WORDS.search(normalize(district)) else f"Kreis {district}"
        locations.setdefault(label, Location(label, latitude, longitude, federal_state=state))
    return list(locations.values())


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
    rows = queries.towns_named_by_first_words(heads)
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
    return {code for word in words for code in REGION_STATES.get(place_key(word), ())}


def _mentions(row: PlaceRow, words: set[str]) -> bool:
    text = normalize(f"{row.name} {row.district or ''}")
    return bool(words & set(QUALIFIER_SEPARATOR.split(text)))
