"""Crisis said in a sentence: the hint where help is at any hour comes first, and the words
of the sentence pull in no group as if it matched."""

import pytest
from django.urls import reverse
from django.utils import translation

from groups.search import analysis
from tests.factories import ContactPointFactory, GroupFactory, SiteFactory, TopicFactory

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
    # No group is listed, as if it matched: the page says why and where help is.
    assert "Ihre Worte nennen kein Thema" in page
    assert "Schuppenflechte Treff" not in page and "Kaufrausch" not in page
    assert "Meinten Sie" not in page


def test_a_crisis_sentence_with_a_topic_shows_the_hint_and_searches_the_topic(client, db):
    depression = GroupFactory(name="Lichtblick")
    depression.topics.add(TopicFactory(name="Depression"))
    skin = GroupFactory(name="Schuppenflechte Treff", description="Leben mit Psoriasis.")
    skin.topics.add(TopicFactory(name="Psoriasis"))
    page = client.get(reverse("groups:list"), {"q": "Depression, ich will nicht mehr leben"})
    assert HOTLINE in page.text
    assert "Lichtblick" in page.text and "Schuppenflechte Treff" not in page.text


@pytest.mark.parametrize("sentence", ["ich kann nicht mehr", "ich sehe keinen Ausweg mehr"])
def test_a_crisis_naming_no_topic_lists_no_group_but_the_contact_point_and_the_topics(
    client, german_places, sentence
):
    SiteFactory(contact_point=ContactPointFactory(name="K.I.S.S. Kreis Unna"),
                town="Lünen", latitude=51.6167, longitude=7.5167)  # fmt: skip
    GroupFactory(name="Lichtblick Lünen").topics.add(TopicFactory(name="Depression"))
    page = client.get(reverse("groups:list"), {"q": sentence, "ort": "Lünen"}).text
    main = page[page.index("<main") :]
    assert main.index("crisis-hint") < main.index("<form")  # the hint first, above the form
    assert HOTLINE in page and "tel:112" in page
    assert "Lichtblick Lünen" not in page  # no group as if it matched
    assert "Ihre Worte nennen kein Thema" in page
    assert reverse("groups:topics") in main and "K.I.S.S. Kreis Unna" in main


def test_self_harm_said_in_a_sentence_also_lists_the_groups_on_self_harm(client, db):
    harm = GroupFactory(name="Narben erzählen")
    harm.topics.add(TopicFactory(name="Selbstverletzendes Verhalten", synonyms=["Ritzen", "SVV"]))
    GroupFactory(name="Lichtblick").topics.add(TopicFactory(name="Depression"))
    page = client.get(reverse("groups:list"), {"q": "ich will mich ritzen"}).text
    assert HOTLINE in page
    assert "Narben erzählen" in page and "Lichtblick" not in page


def test_the_english_pages_give_the_hint_in_english_with_the_german_numbers(client, db):
    with translation.override("de"):  # (the request activates English for the thread)
        page = client.get(reverse("groups:list"), {"q": "I want to end my life"},
                          HTTP_ACCEPT_LANGUAGE="en").text  # fmt: skip
    assert "In a crisis right now?" in page and HOTLINE in page and "tel:112" in page
