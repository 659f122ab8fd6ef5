"""German words: umlauts, stems, compounds, typos and the help the search gives them."""

import pytest

from groups.models import Group
from groups.search import analysis
from groups.search.query import SearchWord
from groups.search.vocabulary import normalize
from tests.factories import TopicFactory
from tests.search.helpers import found, make_group, shown


@pytest.mark.parametrize("typed", ["Angehörige", "Angehoerige", "Angehorige", "ANGEHÖRIGE"])
def test_umlauts_typed_any_way_find_the_same_group(client, groups, typed):
    page = found(client, q=typed)
    assert shown(page, groups["demenz"])
    assert not shown(page, groups["depression"])


@pytest.mark.parametrize("typed", ["Strasse", "Straße", "Bahnhofstrasse"])
def test_sharp_s_and_ss_are_the_same(client, groups, typed):
    assert shown(found(client, q=typed), groups["strasse"])


def test_inflected_forms_match_by_stemming(client, groups):
    page = found(client, q="Angehöriger Demenzkranken")
    assert shown(page, groups["demenz"])


def test_part_of_a_compound_finds_the_compound(client, groups):
    page = found(client, q="Krebs")
    assert shown(page, groups["brustkrebs"])
    assert shown(page, groups["darmkrebs"])
    assert not shown(page, groups["depression"])
    page = found(client, q="Sucht")
    assert shown(page, groups["spielsucht"])
    assert shown(page, groups["alkohol"])  # through its synonym "Alkoholsucht"
    assert not shown(page, groups["diabetes"])


@pytest.mark.parametrize(
    ("typed", "meant", "group"),
    [("Depresion", "Depression", "depression"), ("Alkohl", "Alkohol", "alkohol"),
     ("Diabetis", "Diabetes", "diabetes")],
)  # fmt: skip
def test_typos_still_find_the_group_and_offer_the_right_spelling(
    client, groups, typed, meant, group
):
    page = found(client, q=typed)
    assert shown(page, groups[group])
    assert "Meinten Sie" in page
    assert f"q={meant}" in page


@pytest.mark.parametrize(
    ("typed", "group"),
    [("Depressionsgruppe", "depression"), ("Alkoholprobleme", "alkohol"),
     ("Darmkrebsgruppe", "darmkrebs"), ("Diabeteskranke", "diabetes")],
)  # fmt: skip
def test_a_compound_ending_in_a_word_that_says_little_finds_its_first_part(
    client, groups, typed, group
):
    page = found(client, q=typed)
    assert shown(page, groups[group])
    assert not any(shown(page, other) for key, other in groups.items() if key != group)


def test_a_weak_compound_whose_first_part_is_no_topic_word_finds_compounds_of_it(client, groups):
    """No topic is called "Schlaf"; "Schlafprobleme" still finds "Schlafstörungen"."""
    sleep = make_group("Nachtruhe", TopicFactory(name="Schlafstörungen"))
    page = found(client, q="Schlafprobleme")
    assert shown(page, sleep)
    assert not any(shown(page, other) for other in groups.values())
    assert "q=Schlaf" in page  # offered as "Meinten Sie …?"


def test_a_weak_compound_finds_all_compounds_of_its_first_part_not_one_spelt_alike(client, groups):
    """ "Nierenkrebs" is spelt much like "Nierenkrankheit"; "Nieren" finds it and the
    kidney groups too, whose "Nierenerkrankung" is spelt less alike."""
    kidneys = make_group("Nierengruppe", TopicFactory(name="Dialyse",
                                                       synonyms=["Nierenerkrankung"]))  # fmt: skip
    cancer = make_group("Nierentumor", TopicFactory(name="Nierenkrebs", synonyms=["Nierentumor"]))
    page = found(client, q="Nierenkrankheit")
    assert shown(page, kidneys) and shown(page, cancer)
    assert "q=Nieren" in page and "q=Nierenkrebs" not in page


@pytest.mark.parametrize(
    ("typed", "first_part"),
    [("Schlafprobleme", "schlaf"), ("Beziehungsprobleme", "beziehung"),
     ("Rückenprobleme", "rucken"), ("Angstpatienten", "angst"), ("Eheprobleme", None),
     ("Gruppenhilfe", None), ("Depression", None)],
)  # fmt: skip
def test_the_first_part_of_a_weak_compound(typed, first_part):
    word = SearchWord(text=typed, normalized=normalize(typed), stem="")
    found_part = analysis._first_part_of_weak_compound(word)
    assert (found_part and found_part.normalized) == first_part


def test_the_page_says_it_added_similar_spellings_only_when_it_did(client, groups):
    page = found(client, q="Darmkrebs")  # one group, and nothing spelt alike
    assert "1 Gruppe gefunden" in page and "ähnliche Schreibweisen" not in page
    page = found(client, q="Diabetis")
    assert shown(page, groups["diabetes"]) and "ähnliche Schreibweisen" in page


def test_the_last_part_of_a_compound_weighs_more_than_the_first(client, groups, topics):
    make_group("Kinder stark machen", TopicFactory(name="Kinder psychisch kranker Eltern"))
    page = found(client, q="Kinderkrebs")
    assert "q=Krebs" in page
    assert shown(page, groups["brustkrebs"])


def test_a_generic_word_alone_lists_every_group_without_a_correction(client, groups):
    page = found(client, q="Selbsthilfegruppe")
    assert "Meinten Sie" not in page
    assert all(shown(page, group) for group in groups.values())


def test_a_search_in_words_that_name_no_topic_says_so_and_lists_every_group(client, groups):
    make_group("Gesprächskreis", description="Hier geht es um uns, nicht um die Krankheit.")
    for typed in ["Hallo, ich suche bitte eine Gruppe", "Gruppe Treffen"]:
        page = found(client, q=typed)
        assert "Ihre Suche nennt kein Thema" in page, typed
        assert all(shown(page, group) for group in groups.values()), typed
        assert "zu einem Teil Ihrer Suche" not in page, typed
    # Feeling bad, said without a topic, is a crisis: the hint, and no group as a match.
    page = found(client, q="mir geht es schlecht")
    assert "Ihre Worte nennen kein Thema" in page
    assert not any(shown(page, group) for group in groups.values())
    assert "Ihre Suche nennt kein Thema" not in found(client, q="Depression")
    assert "Ihre Suche nennt kein Thema" not in found(client, q="Lünen")  # a place is said


@pytest.mark.parametrize(
    ("typed", "in_crisis"),
    [("Suizidgedanken", True), ("ich will mich umbringen", True), ("mir geht es schlecht", True),
     ("verzweifelt", True), ("Depression", False), ("schlecht hören", False),
     ("Suizid Hinterbliebene", True)],
)  # fmt: skip
def test_words_of_a_crisis_show_where_help_is_at_any_hour(client, groups, typed, in_crisis):
    page = found(client, q=typed)
    assert ("0800 111 0 111" in page) is in_crisis
    assert ('href="tel:+498001110111"' in page) is in_crisis
    assert ("Die TelefonSeelsorge hört zu" in page) is in_crisis  # in German


def test_correct_spelling_offers_no_correction(client, groups):
    assert "Meinten Sie" not in found(client, q="Depression")


@pytest.mark.parametrize("typed", ["Scheidungskinder", "Trennungskinder"])
def test_a_compound_ending_in_who_is_helped_to_what(client, german_places, typed):
    topic = TopicFactory(name="Trennung und Scheidung", synonyms=["Trennung", "Scheidung"])
    separation = make_group("Neuanfang", topic)
    others = [
        make_group("Wunschkind", TopicFactory(name="Kinderwunsch")),
        make_group("Herzkinder", TopicFactory(name="Herzkranke Kinder")),
        make_group("Sehen", TopicFactory(name="Sehbehinderte Kinder")),
    ]
    page = found(client, q=typed)
    assert shown(page, separation)
    assert not any(shown(page, other) for other in others)


def test_a_stop_word_of_a_topic_name_is_never_offered(client, groups):
    make_group("Nach der Diagnose", TopicFactory(name="Frauenselbsthilfe nach Krebs"))
    page = found(client, q="Krebs Nachsorge")
    assert "q=Krebs+nach" not in page and "Krebs nach</strong>" not in page
    assert shown(page, groups["brustkrebs"])


@pytest.mark.parametrize("typed", ["ich kann nicht mehr schlafen", "schlecht hören"])
def test_a_word_found_inside_topic_words_is_not_corrected_to_one_of_them(
    client, german_places, typed
):
    sleep = make_group("Gesprächskreis", TopicFactory(name="Schlafstörungen",
                                                      synonyms=["Schlafapnoe"]))  # fmt: skip
    make_group("Ordnung", TopicFactory(name="Messie-Syndrom", synonyms=["Horten"]))
    make_group("Stimmen", TopicFactory(name="Psychose", synonyms=["Stimmenhören"]))
    make_group("Hörgruppe", TopicFactory(name="Hörschädigung", synonyms=["schwerhörig"]))
    page = found(client, q=typed)
    assert "Meinten Sie" not in page
    assert "Schlafapnoe" not in page and "Horten" not in page
    if "schlafen" in typed:
        assert shown(page, sleep)


def test_synonyms_of_a_topic_find_its_groups(client, groups):
    page = found(client, q="Alkohol")
    assert shown(page, groups["alkohol"])
    assert not shown(page, groups["depression"])
    assert shown(found(client, q="zocken"), groups["spielsucht"])


def test_stop_words_and_generic_words_do_not_narrow_the_search(client, groups):
    for typed in ["Selbsthilfegruppe für Angehörige", "Gruppe fuer die Angehoerigen"]:
        page = found(client, q=typed)
        assert shown(page, groups["demenz"])
        assert not shown(page, groups["depression"])


@pytest.mark.parametrize("typed", ["ALS", "als", "Angehörige ALS", "ALS Lünen"])
def test_a_topics_abbreviation_that_is_a_stop_word_finds_the_topic(
    client, german_places, groups, typed
):
    """ "ALS" (the disease) is "als" to PostgreSQL's German stop words: typed in capitals,
    or alone, it is the topic whose abbreviation it is."""
    muscles = make_group("Muskelkranke", TopicFactory(name="Muskelerkrankungen",
                                                      synonyms=["ALS"]))  # fmt: skip
    make_group("Männer als Opfer", TopicFactory(name="Gewalt gegen Männer"))
    page = found(client, q=typed)
    assert shown(page, muscles)
    assert not any(shown(page, group) for group in Group.objects.exclude(pk=muscles.pk))
    assert "nennt kein Thema" not in page


def test_the_word_als_in_a_sentence_stays_a_stop_word(client, groups):
    make_group("Muskelkranke", TopicFactory(name="Muskelerkrankungen", synonyms=["ALS"]))
    page = found(client, q="Depression als Angehörige")
    assert shown(page, groups["depression"])
