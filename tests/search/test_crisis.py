"""Crisis said in a sentence: the hint where help is at any hour comes first, and the words
of the sentence pull in no group as if it matched."""

import pytest
from django.urls import reverse

from groups.search import analysis
from tests.factories import GroupFactory, TopicFactory

pytestmark = pytest.mark.django_db
HOTLINE = "0800 111 0 111"


@pytest.mark.parametrize(
    "sentence",
    [
        "ich will nicht mehr leben",
        "Ich möchte einfach nicht mehr leben",
        "ich kann und will nicht mehr weiterleben",
        "keine Lust mehr zu leben",
        "ich habe keine Kraft mehr zu leben",
        "ich will sterben",
        "ich wäre lieber tot",
        "ich bringe mich um",
        "ich will mir das Leben nehmen",
        "Gedanken, mich umzubringen",
        "ich will morgen nicht mehr aufwachen",
        "es hat alles keinen Sinn mehr",
        "ich will mein Leben beenden",
        "mit allem Schluss machen",
        "ich will mir etwas antun",
    ],
)
def test_sentences_of_someone_in_crisis_are_recognised(sentence):
    query = analysis.analyse(sentence)
    assert query.speaks_of_crisis, sentence
    assert query.is_empty, [word.text for word in query.terms]  # nothing left to search


@pytest.mark.parametrize(
    "sentence",
    [
        "ich kann nicht mehr schlafen",
        "ich will nicht mehr trinken",
        "Leben mit Schuppenflechte",
        "Leben nach dem Ende der Beziehung",
        "mein Vater hat keine Kraft mehr",
        "Depression",
        "Angehörige Demenz",
        "wieder Freude am Leben finden",
    ],
)
def test_ordinary_searches_are_no_crisis(sentence):
    assert not analysis.analyse(sentence).speaks_of_crisis, sentence


def test_a_crisis_sentence_shows_the_hint_first_and_lists_no_group_as_a_match(client, db):
    skin = GroupFactory(name="Schuppenflechte Treff", description="Leben mit Psoriasis.")
    skin.topics.add(TopicFactory(name="Psoriasis"))
    shopping = GroupFactory(name="Kaufrausch", description="Mehr Geld, mehr Leben?")
    shopping.topics.add(TopicFactory(name="Kaufsucht"))
    page = client.get(reverse("groups:list"), {"q": "ich will nicht mehr leben"}).text
    assert HOTLINE in page
    assert page.index("crisis-hint") < page.index("search-summary")
    # The groups appear only under "your search names no topic", never ranked as matches.
    assert "Ihre Suche nennt kein Thema" in page
    assert "Meinten Sie" not in page


def test_a_crisis_sentence_with_a_topic_shows_the_hint_and_searches_the_topic(client, db):
    depression = GroupFactory(name="Lichtblick")
    depression.topics.add(TopicFactory(name="Depression"))
    skin = GroupFactory(name="Schuppenflechte Treff", description="Leben mit Psoriasis.")
    skin.topics.add(TopicFactory(name="Psoriasis"))
    page = client.get(reverse("groups:list"), {"q": "Depression, ich will nicht mehr leben"})
    assert HOTLINE in page.text
    assert "Lichtblick" in page.text and "Schuppenflechte Treff" not in page.text
