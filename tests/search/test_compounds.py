"""A word is found inside the compounds it is a part of, not at the start of unrelated words
("trans" in "Transidentität", not in "Transplantation")."""

import pytest

from groups.models.topic import TopicEntry
from groups.search.compounds import unrelated_continuations
from tests.factories import TopicFactory
from tests.search.helpers import found, make_group, shown


def entry(pk, name, *synonyms, parent=None):
    text = TopicEntry.SEPARATOR.join([name, *synonyms]).lower()
    return TopicEntry(pk, f"t{pk}", name, parent, name.lower(), text)


TOPICS = [
    entry(1, "transidentitat", "trans", "transfrau", "transition"),
    entry(2, "trans jugendliche", "transkinder", parent=1),
    entry(3, "organtransplantation", "transplantierte"),
    entry(4, "herztransplantation", parent=3),
    entry(5, "detransition"),
    entry(6, "herzerkrankungen", "herz", "herzinsuffizienz"),
    entry(7, "panikstorung", "herzneurose", "herzangst"),
    entry(8, "gerinnungsstorungen", "thromboseneigung"),
    entry(9, "venenerkrankungen", "thrombose"),
]


def test_what_follows_the_word_in_unrelated_topics_is_named_shortened():
    after = unrelated_continuations("trans", TOPICS)
    # "plantation", "plantierte" → "plan"; "ition" of Detransition is also a continuation in
    # the word's own topics ("Transition"), so it stays
    assert after == ("plan",)


def test_a_word_no_topic_has_as_its_own_is_not_restricted():
    assert unrelated_continuations("plant", TOPICS) == ()


def test_an_ending_joining_a_compound_keeps_it_a_compound_of_the_word():
    assert unrelated_continuations("thrombos", TOPICS) == ()  # Thrombose-neigung
    # "Herzneurose": joined by "n"; "Herztransplantation": a word the topics know follows;
    # "Herzangst": no word the topics know ("angst" is none of them here)
    assert unrelated_continuations("herz", TOPICS) == ("angs",)


@pytest.fixture
def trans_and_transplant(db):
    trans = TopicFactory(name="Transidentität", synonyms=["trans", "Transfrau", "transgender"])
    organ = TopicFactory(name="Organtransplantation", synonyms=["Transplantierte"])
    heart = TopicFactory(name="Herzerkrankungen", synonyms=["Herz"])
    return {
        "trans": make_group("Treffpunkt Transidentität", trans),
        "organ": make_group("Transplantierte und Wartepatienten", organ),
        "heart_transplant": make_group(
            "Herztransplantation", TopicFactory(name="Herztransplantation", parent=heart)
        ),
    }


@pytest.mark.parametrize("typed", ["trans", "Trans*-Selbsthilfe", "ich bin trans"])
def test_a_word_is_not_found_at_the_start_of_an_unrelated_word(
    client, german_places, trans_and_transplant, typed
):
    page = found(client, q=typed)
    assert shown(page, trans_and_transplant["trans"])
    assert not shown(page, trans_and_transplant["organ"])
    assert not shown(page, trans_and_transplant["heart_transplant"])


def test_compounds_of_the_word_are_still_found(client, german_places, trans_and_transplant):
    assert shown(found(client, q="Herz"), trans_and_transplant["heart_transplant"])
    assert shown(found(client, q="Transplantation"), trans_and_transplant["organ"])
    assert shown(found(client, q="Transplantation"), trans_and_transplant["heart_transplant"])
