"""Places said in the text field: a town, a city district or a region among the words
("Alkohol Lünen", "Depression Hörde", "Sucht Sächsische Schweiz")."""

import functools
import re
from dataclasses import replace

from groups.search.place_queries import city_districts
from groups.search.query import SearchWord
from groups.search.vocabulary import AMBIGUOUS_DISTRICT_NAMES, DISTRICT_HEADS, REGIONS, normalize

POSTCODE_WORD = re.compile(r"\d{5}")


@functools.cache
def city_district_names() -> frozenset[str]:
    """The one-word names of the city districts the project adds to the places
    (``places.CITY_DISTRICTS``), normalised: typed alone in the text field ("Depression Hörde")
    they are a place like a town, which ``places.resolve_place`` finds ("Dortmund Hörde")."""
    names = {normalize(district) for _town, district, _postcode in city_districts()}
    return frozenset(name for name in names if " " not in name and "-" not in name) - (
        AMBIGUOUS_DISTRICT_NAMES
    )


@functools.cache
def region_names() -> frozenset[tuple[str, ...]]:
    """The regions people name as their place (``vocabulary.REGIONS``: "Ruhrgebiet",
    "Sächsische Schweiz"), as tuples of folded words."""
    return frozenset(tuple(name.split()) for name in REGIONS)


def mark_region_names(words: list[SearchWord]) -> list[SearchWord]:
    """Mark a region's name among the last words like a town's ("Depression Ruhrgebiet",
    "Sucht Sächsische Schweiz"), and a one-word region anywhere ("Ruhrpott Depression"):
    ``places.resolve_place`` measures from its district or a town in the middle of it."""
    marked = list(words)
    for start, word in enumerate(words):
        if word.is_topic_word:
            continue
        tail = tuple(later.normalized for later in words[start:])
        if (word.normalized,) in region_names():
            marked[start] = replace(word, is_place=True)
        elif len(tail) > 1 and tail in region_names():
            marked[start] = replace(word, starts_place_name=True)
    return marked


def mark_trailing_place(words: list[SearchWord]) -> list[SearchWord]:
    """Mark the place in the text: a postcode ("Depression 44532"); or else the longest run
    of last words that names a town ("Trauer Bad Homburg", "Demenz Frankfurt am Main",
    "Alkohol Lünen") or a district ("Krebs Kreis Unna"); or else a town and one last word
    that is no topic word, its river or district ("Depression Halle Saale", "Sucht
    Frankfurt Oder"), which ``places.resolve_place`` reads; or else a town anywhere that
    only topic words and words that say little follow ("Dortmund Depression", "Depression
    Lünen Frauen", "Alkohol Unna Hilfe"). Only if other words remain."""
    postcodes = [word for word in words if word.is_place and POSTCODE_WORD.fullmatch(word.text)]

    def names_town(start: int) -> bool:  # words[start:] name a town or begin its name
        last = start == len(words) - 1
        return words[start].is_place if last else words[start].starts_place_name

    def names_district(start: int) -> bool:  # "Kreis" and a town's name
        is_head = words[start].normalized in DISTRICT_HEADS
        return is_head and start + 1 < len(words) and names_town(start + 1)

    def says_what(word: SearchWord) -> bool:  # (part of) a topic's words, or says little
        about_topics = word.is_topic_word or word.topics_containing or word.suggestion
        return bool(about_topics or word.is_stop_word or word.is_generic or word.is_when)

    def qualifies_town(start: int) -> bool:  # a town (or its name's beginning) and a word
        town, rest = words[start], words[start + 1 :]
        return (
            len(rest) == 1
            and (town.is_place or town.begins_place_name)
            and not town.is_stop_word  # ("am" Wochenende: "Am Mellensee" is a town)
            and not (rest[0].is_topic_word or rest[0].is_generic)
            # (a typo of a topic word is no river; the river "Oder" is a stop word)
            and (rest[0].is_stop_word or not rest[0].suggestion)
        )

    def town_before_what(start: int) -> bool:  # a town followed by what is looked for
        return words[start].is_place and all(says_what(word) for word in words[start + 1 :])

    place = postcodes[:1]
    if not postcodes:
        for start in range(1, len(words)):
            if names_town(start) or names_district(start):
                place = words[start:]
                break
        else:
            if len(words) >= 3 and qualifies_town(len(words) - 2):
                place = words[-2:]
            else:
                towns = [start for start in range(len(words)) if town_before_what(start)]
                place = [words[towns[-1]]] if towns else []
    in_place = {id(word) for word in place}
    if all(id(word) in in_place or word.is_stop_word for word in words):
        in_place = set()  # nothing else to search for: the text is the topic
    return [
        replace(word, is_place=True, suggestion=None)
        if id(word) in in_place
        else replace(word, is_place=False)
        for word in words
    ]

