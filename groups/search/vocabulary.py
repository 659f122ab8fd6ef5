"""The word data of the search (``groups/data/search-words.toml``), normalised once when
loaded by ``normalize``, the Python twin of the database's ``search_normalize``."""

import datetime
import re
import tomllib
import unicodedata
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "search-words.toml"
PLACE_WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "place-words.toml"
_FOLDED_UMLAUT = re.compile(r"(?<![aeiouq])([aou])e")
# What separates a town from its district or river: "Lünen-Brambauer", "Frankfurt/Oder",
# "Halle (Saale)", "Köln Ehrenfeld".
QUALIFIER_SEPARATOR = re.compile(r"[\s/()\-,.]+")


def normalize(text: str) -> str:
    """``text`` as the database's ``search_normalize`` (migration ``groups/0003``) makes it:
    accents removed and "ß" as "ss" (``unaccent``), lower case, "ae"/"oe"/"ue" after a
    consonant as "a"/"o"/"u", hyphens as spaces. "Angehörige", "Angehoerige" → "angehorige";
    "Trauer" keeps its "ue"."""
    decomposed = unicodedata.normalize("NFD", text.replace("ß", "ss").replace("ẞ", "SS"))
    unaccented = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _FOLDED_UMLAUT.sub(r"\1", unaccented.lower()).replace("-", " ")


def place_key(text: str) -> str:
    """A place name as the search compares it: normalised, punctuation as spaces ("Halle
    (Westf.)" → "halle westf")."""
    return " ".join(word for word in QUALIFIER_SEPARATOR.split(normalize(text)) if word)


def _words(entries) -> frozenset[str]:
    return frozenset(normalize(entry) for entry in entries)


def _time(text: str) -> datetime.time | None:
    return datetime.time.fromisoformat(text) if text else None


with WORDS_FILE.open("rb") as _file:
    _DATA = tomllib.load(_file)
with PLACE_WORDS_FILE.open("rb") as _file:
    _PLACES = tomllib.load(_file)

LOW_MOOD_WORDS = _words(_DATA["low_mood"])
GENERIC_WORDS = _words(_DATA["generic"]) | LOW_MOOD_WORDS
CONTACT_POINT_WORDS = _words(_DATA["contact_point"])
UNSEARCHED_WORDS = GENERIC_WORDS | CONTACT_POINT_WORDS
WEAK_COMPOUND_HEADS = _words(_DATA["weak_compound_heads"])
RELATIONSHIP_WORDS = _words(_DATA["relationship"])
AUDIENCE_WORDS = _words(_DATA["audience"])
# Both say who, not what: found in few topics, yet never what a search is about.
WHO_WORDS = RELATIONSHIP_WORDS | AUDIENCE_WORDS
UNUMLAUTED_STOP_WORDS = _words(_DATA["unumlauted_stop_words"])
ENGLISH_STOP_WORDS = _words(_DATA["english_stop_words"])
DISTRICT_HEADS = _words(_DATA["district_heads"])
HABITUAL_BEFORE_TIME = _words(_DATA["habitual_before_time"])
TOPIC_QUALIFIERS = {normalize(text): who for text, who in _DATA["topic_qualifiers"].items()}
# "Name (qualifier)" at the end of a topic as contact points write it
QUALIFIED_TOPIC = re.compile(r"^(?P<name>[^()]*?)\s*\((?P<qualifier>[^()]+)\)\s*$")


def split_qualifier(text: str) -> tuple[str, str]:
    """"Depression (Angehörige)" → ("Depression", "relatives"): the topic's name and the
    audience or focus its qualifier names (``TOPIC_QUALIFIERS``); the text itself and ""
    when it has no qualifier that names one."""
    match = QUALIFIED_TOPIC.match(text.strip())
    if match is None:
        return text, ""
    who = TOPIC_QUALIFIERS.get(normalize(match["qualifier"]), "")
    return (match["name"], who) if who and match["name"] else (text, "")
AMBIGUOUS_DISTRICT_NAMES = _words(_DATA["ambiguous_district_names"])
ACCIDENTAL_COMPOUND_PARTS = {
    normalize(word): before for word, before in _DATA["accidental_compound_parts"].items()
}
GENDER_WORD_BEGINNINGS = {
    gender: tuple(normalize(word) for word in words)
    for gender, words in _DATA["gender_word_beginnings"].items()
}
WEEKDAY_WORDS = {normalize(word): frozenset(days) for word, days in _DATA["weekdays"].items()}
TIME_OF_DAY_WORDS = {
    normalize(word): (_time(start), _time(end))
    for word, (start, end) in _DATA["times_of_day"].items()
}
CRISIS_WORDS = _words(_DATA["crisis"]["words"])
CRISIS_WORD_BEGINNINGS = tuple(normalize(word) for word in _DATA["crisis"]["beginnings"])
CRISIS_NOT_MISSPELT = _words(_DATA["crisis"]["not_misspelt"])
CRISIS_PHRASE_GAP = _DATA["crisis"]["phrase_gap"]
CRISIS_PHRASES = tuple(
    tuple(_words(place) for place in phrase) for phrase in _DATA["crisis"]["phrases"]
)
# Phrases that say a crisis only among words of ``CRISIS_ALONE_BESIDE``: "ich kann nicht mehr".
CRISIS_ALONE_PHRASES = tuple(
    tuple(_words(place) for place in phrase) for phrase in _DATA["crisis"]["alone"]
)
CRISIS_ALONE_BESIDE = _words(_DATA["crisis"]["alone_beside"])


# Places (groups/data/place-words.toml)
OTHER_STATE_NAMES = {place_key(name): code for name, code in _PLACES["federal_state_names"].items()}
GEONAMES_STATE_NUMBERS = dict(_PLACES["geonames_state_numbers"])
REGION_STATES = {
    place_key(name): frozenset(codes) for name, codes in _PLACES["region_states"].items()
}
ANYWHERE = {place_key(word): kind for kind, words in _PLACES["anywhere"].items() for word in words}
REGIONS = {place_key(name): tuple(value) for name, value in _PLACES["regions"].items()}
EXONYMS = {normalize(name): german for name, german in _PLACES["exonyms"].items()}


def every_entry() -> list[str]:
    """Every word of the two files as written, for comparing the two normalisers."""
    found = []

    def collect(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                found.append(key)
                collect(item)

    collect(_DATA)
    collect(_PLACES)
    return [entry for entry in found if not isinstance(entry, int) and entry[:1].isalpha()]
