"""The search's word data: one normaliser in Python and SQL, and the words read as typed."""

import pytest
from django.db import connection

from groups.search import vocabulary
from groups.search.place_queries import city_districts
from groups.search.vocabulary import normalize

pytestmark = pytest.mark.django_db


def sql_normalized(texts: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_normalize(t) FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) "
            "ORDER BY n",
            [texts],
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_python_normaliser_agrees_with_the_database_on_every_word_file_entry():
    entries = vocabulary.every_entry()
    assert len(entries) > 300  # every list of the file, not a part of it
    assert [normalize(entry) for entry in entries] == sql_normalized(entries)


def test_the_python_normaliser_agrees_with_the_database_on_every_city_district():
    names = sorted({name for town, district, _ in city_districts() for name in (town, district)})
    assert len(names) > 400
    assert [normalize(name) for name in names] == sql_normalized(names)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [("Angehörige", "angehorige"), ("Angehoerige", "angehorige"), ("Trauer", "trauer"),
     ("Frauen", "frauen"), ("Nähe", "nahe"), ("Naehe", "nahe"), ("Oespel", "ospel"),
     ("Weinstraße", "weinstrasse"), ("Burn-out", "burn out"), ("Queen", "queen")],
)  # fmt: skip
def test_normalised_forms(typed, normalised):
    assert normalize(typed) == normalised


def test_a_word_written_with_umlaut_or_without_is_one_entry():
    assert "nahe" in vocabulary.GENERIC_WORDS and "naehe" not in vocabulary.GENERIC_WORDS
    assert "benotige" in vocabulary.GENERIC_WORDS  # written "benötige" in the file
    assert vocabulary.WEEKDAY_WORDS["wochenende"] == frozenset({5, 6})
