"""The place queries of ``places.resolve_place`` over the ``Place`` table (GeoNames postcodes
and the shipped city districts), each returning named rows."""

import csv
import re
from pathlib import Path
from typing import NamedTuple

from django.db import connections

from selbsthilfe.replicas import read_alias

# City districts (Stadtteile) that GeoNames does not list: town, district, and the postcode
# whose centre stands for the district (docs/search.md).
CITY_DISTRICTS = Path(__file__).resolve().parent.parent / "data" / "city-districts.csv"


def city_districts() -> list[tuple[str, str, str]]:
    """The rows of ``CITY_DISTRICTS``: town, district and postcode."""
    with CITY_DISTRICTS.open(encoding="utf-8", newline="") as file:
        return [(row["town"], row["district"], row["postcode"]) for row in csv.DictReader(file)]


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


def _rows(sql: str, params: dict) -> list[PlaceRow]:
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(sql, params)
        return [PlaceRow(*row[:8]) for row in cursor.fetchall()]


def matching_towns(postcode: str, name: str) -> list[PlaceRow]:
    """The towns with this postcode, this name, or starting so, the exact ones first."""
    prefix = re.sub(r"[%_\\]", "", name)
    return _rows(RESOLVE_SQL, {"postcode": postcode, "name": name, "prefix": prefix})


def towns_named_by_first_words(heads: list[str]) -> list[tuple[PlaceRow, int]]:
    """For each of ``heads`` (the first one, two, … words of a text) the towns named or
    starting so, with the number of words."""
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(TOWN_HEADS_SQL, {"heads": heads})
        return [(PlaceRow(*row[:8]), row[8]) for row in cursor.fetchall()]


def similarly_spelt_towns(name: str) -> list[PlaceRow]:
    return _rows(SIMILAR_SQL, {"name": name})


def towns_with_postcode_prefix(digits: str) -> list[PlaceRow]:
    return _rows(POSTCODE_PREFIX_SQL, {"prefix": digits + "%", "padded": digits.zfill(5)})


def biggest_towns(state: str) -> list[PlaceRow]:
    return _rows(STATE_TOWNS_SQL, {"state": state})


def districts_named(name: str, prefix: str) -> list[tuple]:
    """(district, state, latitude, longitude) of the districts ("Kreise") ``name`` names."""
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(DISTRICT_SQL, {"text": name, "prefix": prefix})
        return cursor.fetchall()
