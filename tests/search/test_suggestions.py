"""A known word that another typed word merely contains is offered as a question, never
searched in its place; misspellings and compounds with a word that only says who or what
kind are still helped silently."""

import pytest
from django.urls import reverse

from groups.search import analysis
from tests.factories import GroupFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gambling(db):
    group = GroupFactory(name="Spielfrei", description="Für Spieler und Spielerinnen.")
    group.topics.add(TopicFactory(name="Glücksspielsucht", synonyms=["Spieler", "Spielsucht"]))
    return group


def results(client, q: str) -> str:
    return client.get(reverse("groups:list"), {"q": q}).text


def test_an_unknown_compound_is_asked_about_not_searched_as_its_known_part(client, gambling):
    query = analysis.analyse("Xylophonspieler")
    (word,) = query.terms
    assert word.suggestion is None and word.question.text == "Spieler"
    page = results(client, "Xylophonspieler")
    assert "Spielfrei" not in page
    assert "Meinten Sie" in page and "q=Spieler" in page


@pytest.mark.parametrize("typed", ["Spieller", "Spielsuht"])
def test_a_misspelling_is_still_searched_as_the_known_word(client, gambling, typed):
    page = results(client, typed)
    assert "Spielfrei" in page and "Meinten Sie" in page


@pytest.mark.parametrize(
    ("typed", "known", "keeps"),
    [("depresion", "depression", True), ("diabetis", "diabetes", True),
     ("kinderkrebs", "krebs", True), ("krebsgruppe", "krebs", True),
     ("xylophonspieler", "spieler", False), ("kampfsport", "sport", False),
     ("schachspieler", "spieler", False)],
)  # fmt: skip
def test_what_keeps_the_meaning(typed, known, keeps):
    assert analysis.keeps_meaning(typed, known) is keeps
