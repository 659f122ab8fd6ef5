"""A topic with no group near the place: the groups of the broader topic within the radius,
then the nearest groups of the topic itself farther away."""

import pytest
from django.urls import reverse

from tests.factories import TopicFactory
from tests.search.helpers import found, make_group, shown

DRESDEN = {"town": "Dresden", "latitude": 51.05, "longitude": 13.74}


@pytest.fixture
def heart(db):
    herz = TopicFactory(name="Herzerkrankungen", synonyms=["Herz", "herzkrank"])
    return {
        "herz": herz,
        "insuffizienz": TopicFactory(
            name="Herzinsuffizienz", synonyms=["Herzmuskelschwäche"], parent=herz
        ),
        "schrittmacher": TopicFactory(name="Herzschrittmacher", parent=herz),
        "kreislauf": TopicFactory(name="Herz-Kreislauf-Erkrankungen"),
        "morbus": TopicFactory(name="Morbus Parkinson", synonyms=["Parkinson"]),
    }


def help_box(page: str) -> str:
    return page[page.index('class="no-results') :]


@pytest.mark.parametrize("typed", ["Herzinsuffizienz", "Herzmuskelschwäche", "Herzinsufizienz"])
def test_a_topic_without_a_group_nearby_lists_the_broader_topics_groups_then_its_own_farther(
    client, german_places, heart, typed
):
    broader = make_group("Herzgruppe Lünen", heart["herz"])
    beside = make_group("Schrittmacher-Treff", heart["schrittmacher"])
    own_far = make_group("Herzinsuffizienz Dresden", heart["insuffizienz"], **DRESDEN)
    unrelated = make_group("Parkinson-Treff", heart["morbus"])

    box = help_box(found(client, q=typed, ort="Lünen"))

    said = "Im Umkreis von 25 km kennen wir keine passende Gruppe zu „Herzinsuffizienz“."
    assert said in box and "übergeordneten Thema „Herzerkrankungen“" in box
    assert shown(box, broader) and shown(box, beside) and not shown(box, unrelated)
    nearest = box[box.index("Die nächsten Gruppen zu „Herzinsuffizienz“") :]
    assert shown(nearest, own_far) and not shown(nearest, broader)
    assert box.index(broader.name) < box.index(own_far.name)


def test_the_topic_page_does_the_same_and_keeps_the_other_filters(client, german_places, heart):
    stepped = make_group("Herzgruppe mit Stufen", heart["herz"], step_free=False)
    step_free = make_group("Herzgruppe ebenerdig", heart["herz"], step_free=True)
    url = reverse("groups:topic", kwargs={"slug": heart["insuffizienz"].slug})

    response = client.get(url, {"ort": "Lünen", "barrierefrei": "1"})

    box = help_box(response.text)
    assert "übergeordneten Thema „Herzerkrankungen“" in box
    assert shown(box, step_free) and not shown(box, stepped)


def test_a_topic_at_the_top_lists_a_topic_sharing_a_specific_word_of_its_name(
    client, german_places
):
    type_one = TopicFactory(name="Diabetes Typ 1")
    diabetes = make_group("Zuckertreff", TopicFactory(name="Diabetes"))
    eyes = make_group("Augenrunde", TopicFactory(name="Augenerkrankungen"))
    TopicFactory(name="Autoimmunerkrankungen")

    box = help_box(found(client, q=type_one.name, ort="Lünen"))
    assert "verwandten Thema „Diabetes“" in box and shown(box, diabetes)

    # "Erkrankungen" is in the names of many topics: no relation
    box = help_box(found(client, q="Autoimmunerkrankungen", ort="Lünen"))
    assert "verwandten Thema" not in box and not shown(box, eyes)


def test_nothing_broader_nearby_says_nothing_of_it(client, german_places, heart):
    make_group("Herzgruppe Dresden", heart["herz"], **DRESDEN)

    box = help_box(found(client, q="Herzinsuffizienz", ort="Lünen"))

    assert "übergeordneten Thema" not in box
    assert "Die nächsten Gruppen zu „Herzerkrankungen“" not in box
    assert "Die nächsten Gruppen zu „Herzinsuffizienz“" not in box  # none of its own
    assert "Herzgruppe Dresden" not in box


def test_text_naming_no_topic_offers_no_broader_topic(client, german_places, heart):
    make_group("Herzgruppe Lünen", heart["herz"])

    box = help_box(found(client, q="Herzinsuffizienz Xylophon", ort="Lünen"))

    assert "übergeordneten Thema" not in box


def test_related_topics_of_a_named_topic_are_its_family_not_word_matches(
    client, german_places, heart
):
    """"Morbus" is in the names of unrelated topics; the help names the topic's family."""
    fabry_parent = TopicFactory(name="Lysosomale Speicherkrankheiten")
    TopicFactory(name="Morbus Fabry", parent=fabry_parent)
    TopicFactory(name="Morbus Pompe", parent=fabry_parent)

    box = help_box(found(client, q="Morbus Fabry", ort="Lünen"))

    related = box[box.index("Verwandte Themen") :]
    assert "Morbus Pompe" in related and "Lysosomale Speicherkrankheiten" in related
    assert "Morbus Parkinson" not in related


def test_the_topic_named_lists_its_own_groups_before_those_of_the_topics_below(
    client, german_places
):
    carers = TopicFactory(name="Pflegende Angehörige", synonyms=["family caregivers"])
    dementia = TopicFactory(name="Angehörige Demenzkranker", parent=carers)
    below = make_group("Abendrunde", dementia)  # (first by name)
    own = make_group("Zuversicht", carers)
    for typed, place in [("family caregivers", ""), ("Pflegende Angehörige", "Lünen")]:
        page = found(client, q=typed, ort=place)
        assert shown(page, below)
        assert page.index(own.get_absolute_url()) < page.index(below.get_absolute_url())
