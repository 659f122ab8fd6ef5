"""The public search: German words, places and distance, filters, ordering, bad input."""

import datetime
import html
import re
from urllib.parse import urljoin

import pytest
from django.db import connection
from django.urls import reverse

from groups.gazetteer import add_city_districts
from groups.models import Group, Place, Topic
from groups.search import analysis
from groups.search.places import resolve_place
from groups.search.query import SearchWord
from groups.search.vocabulary import normalize
from groups.thesaurus import load as load_topics
from tests.factories import ContactPointFactory, GroupFactory, SiteFactory, TopicFactory

SEARCH = reverse("groups:list")

# Towns of one name: a city and a village, and a city and a town in another state.
WEIDENS = [
    ("55758", "Weiden", "Landkreis Birkenfeld", "RP", 49.7833, 7.3167),
    ("92637", "Weiden", "Weiden i.d.OPf.", "BY", 49.6768, 12.1561),
]
HALLES = [
    ("06108", "Halle", "Kreisfreie Stadt Halle", "ST", 51.483, 11.972),
    ("06110", "Halle", "Kreisfreie Stadt Halle", "ST", 51.4701, 11.9675),
    ("33790", "Halle", "Gütersloh", "NW", 52.0601, 8.3608),
]


def make_group(name, *topics, **fields):
    group = GroupFactory(name=name, **fields)
    group.topics.add(*topics)
    return group


def shown(page: str, group) -> bool:
    """Whether the result page links to ``group``."""
    return f'href="{group.get_absolute_url()}"' in page


def found(client, **params) -> str:
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response.text


def add_places(*rows):
    """Places beyond the shared fixture's: (postcode, name, district, state, lat, lon)."""
    Place.objects.bulk_create(
        Place(postcode=postcode, name=name, district=district, federal_state=state,
              latitude=latitude, longitude=longitude)
        for postcode, name, district, state, latitude, longitude in rows
    )  # fmt: skip


@pytest.fixture
def topics(db):
    krebs = TopicFactory(name="Krebs", synonyms=["Tumor"])
    return {
        "demenz": TopicFactory(name="Angehörige Demenzkranker", synonyms=["pflegende Angehörige"]),
        "depression": TopicFactory(name="Depression", synonyms=["depressiv"]),
        "alkohol": TopicFactory(
            name="Alkoholabhängigkeit", synonyms=["Alkohol", "Alkoholsucht", "trockene Alkoholiker"]
        ),
        "diabetes": TopicFactory(name="Diabetes", synonyms=["Zuckerkrankheit"]),
        "krebs": krebs,
        "brustkrebs": TopicFactory(name="Brustkrebs", parent=krebs),
        "darmkrebs": TopicFactory(name="Darmkrebs", parent=krebs),
        "spielsucht": TopicFactory(name="Glücksspielsucht", synonyms=["Spielsucht", "Zocken"]),
    }


@pytest.fixture
def groups(german_places, topics):
    return {
        "demenz": make_group("Gesprächskreis für Angehörige", topics["demenz"]),
        "depression": make_group("Lichtblick", topics["depression"]),
        "alkohol": make_group("Kreuzbund-Gruppe Lünen", topics["alkohol"]),
        "diabetes": make_group("Diabetiker-Treff", topics["diabetes"]),
        "brustkrebs": make_group("Frauen nach Brustkrebs", topics["brustkrebs"]),
        "darmkrebs": make_group("Darmkrebs Gesprächskreis", topics["darmkrebs"]),
        "spielsucht": make_group("Neustart", topics["spielsucht"]),
        "strasse": make_group(
            "Treffpunkt Bahnhofstraße", description="Wir treffen uns in der Bahnhofstraße."
        ),
    }


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
    for typed in ["mir geht es schlecht", "Hallo, ich suche bitte eine Gruppe"]:
        page = found(client, q=typed)
        assert "Ihre Suche nennt kein Thema" in page, typed
        assert all(shown(page, group) for group in groups.values()), typed
        assert "zu einem Teil Ihrer Suche" not in page, typed
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


def test_every_word_must_match_when_enough_groups_do(client, groups, topics):
    for number in range(3):
        make_group(f"Runde {number}", topics["darmkrebs"])
    page = found(client, q="Krebs Darm")
    assert shown(page, groups["darmkrebs"])
    assert not shown(page, groups["brustkrebs"])


def test_with_few_full_matches_partial_matches_follow(client, groups):
    page = found(client, q="Krebs Darm")
    darm, brust = (
        page.index(groups[key].get_absolute_url()) for key in ("darmkrebs", "brustkrebs")
    )
    assert darm < brust
    assert "zu einem Teil Ihrer Suche" in page
    assert not shown(page, groups["depression"])


def test_a_word_no_group_has_does_not_hide_the_others(client, groups):
    page = found(client, q="Diabetes Tochter")
    assert shown(page, groups["diabetes"])
    assert not shown(page, groups["depression"])


def test_a_word_no_topic_knows_weighs_less_than_the_topic_word(client, german_places):
    smoking = make_group("Nichtrauchertreff", TopicFactory(name="Rauchen"))
    other = make_group("Gesprächskreis", TopicFactory(name="Häusliche Gewalt"),
                       description="Wir wollen, dass die Gewalt aufhört. Aufhören!")  # fmt: skip
    page = found(client, q="Rauchen aufhören")
    assert shown(page, other)  # a partial match, after the group on the topic
    assert page.index(smoking.get_absolute_url()) < page.index(other.get_absolute_url())


@pytest.mark.parametrize(
    ("typed", "meant", "lookalike"),
    [# a word that ends another word by accident does not find it
     ("Rauchen", "Nichtraucher", "Sexueller Missbrauch"), ("Haft", "Inhaftierte", "Partnerschaft"),
     ("Niere", "Nierenerkrankungen", "Morbus Menière"),
     # the words of a topic's name are not searched alone
     ("Multiple Sklerose", "Multiple Sklerose", "Multiple Persönlichkeit"),
     ("Morbus Crohn", "Chronisch entzündliche Darmerkrankungen", "Morbus Parkinson"),
     ("chronische Schmerzen", "Chronische Schmerzen", "Chronische Müdigkeit"),
     ("Angst und Panik", "Angst und Panik", "Angst vor Zahnbehandlung")],
)  # fmt: skip
def test_a_word_finds_its_topic_not_a_lookalike(client, german_places, typed, meant, lookalike):
    wanted = make_group("Treffpunkt", TopicFactory(name=meant, synonyms=[typed]))
    unrelated = make_group("Gesprächskreis", TopicFactory(name=lookalike))
    page = found(client, q=typed)
    assert shown(page, wanted)
    assert not shown(page, unrelated)


def test_a_part_of_a_topics_name_alone_is_no_match_in_a_description(client, german_places):
    """ "häusliche Gewalt" is one thing: a dementia group caring for someone at home
    ("häusliche Pflege") is no partial match of it."""
    violence = make_group("Gesprächskreis", TopicFactory(name="Häusliche Gewalt"))
    dementia = make_group("Treffpunkt", TopicFactory(name="Demenz"),
                          description="Wir sprechen über die häusliche Pflege.")  # fmt: skip
    page = found(client, q="häusliche Gewalt")
    assert shown(page, violence)
    assert not shown(page, dementia)


def test_of_two_words_of_a_topics_name_known_alike_the_last_is_the_partial_match(
    client, german_places
):
    """In German the last word of a name is what it is about: "Gewalt", not "häusliche",
    which topics know as often ("häusliche Pflege")."""
    violence = make_group("Gesprächskreis", TopicFactory(name="Häusliche Gewalt"))
    men = make_group("Männer", TopicFactory(name="Gewalt gegen Männer"))
    carers = make_group("Treffpunkt", TopicFactory(name="Pflegende Angehörige",
                                                   synonyms=["häusliche Pflege"]))  # fmt: skip
    page = found(client, q="häusliche Gewalt")
    assert shown(page, violence) and shown(page, men)
    assert not shown(page, carers)


@pytest.mark.parametrize("typed", ["Angehörigengruppe Demenz", "Elternkreis Demenz"])
def test_a_compound_that_only_says_who_is_not_what_the_search_is_about(
    client, german_places, typed
):
    """ "Angehörigengruppe" is helped to "Angehörige", "Elternkreis" to "Eltern": words that
    say who, which alone make no partial match when another word says what."""
    dementia = make_group("Gesprächskreis", TopicFactory(name="Demenz"))
    psychiatry_topic = TopicFactory(
        name="Angehörige psychisch Kranker", synonyms=["Eltern psychisch Kranker"]
    )
    psychiatry = make_group("Treffpunkt", psychiatry_topic)
    page = found(client, q=typed)
    assert shown(page, dementia)
    assert not shown(page, psychiatry)


@pytest.mark.parametrize("typed", ["Mutter hat Demenz", "Demenz meiner Mutter", "Vater Demenz"])
def test_a_word_for_a_relative_is_not_what_the_search_is_about(client, german_places, typed):
    single = TopicFactory(name="Alleinerziehende", synonyms=["Mutter", "Vater"])
    single_parents = make_group("Mütter und Väter allein", single)
    dementia = make_group("Gesprächskreis", TopicFactory(name="Demenz"))
    relatives = make_group("Treffpunkt", TopicFactory(name="Angehörige Demenzkranker"))
    page = found(client, q=typed)
    assert shown(page, dementia) and shown(page, relatives)
    assert not shown(page, single_parents)  # about single parents, not dementia


def test_the_parts_of_a_hyphenated_word_are_not_searched_alone(client, german_places):
    burnout = make_group("Ausgebrannt", TopicFactory(name="Burnout", synonyms=["Burn-out"]))
    queer = make_group("Queer und Coming-out", TopicFactory(name="Coming-out"))
    page = found(client, q="Burn-out")
    assert shown(page, burnout)
    assert not shown(page, queer)  # "out" alone is not what was looked for


@pytest.mark.parametrize("typed", ["ME/CFS", "ME CFS", "me/cfs"])
def test_words_joined_by_a_slash_are_found(client, german_places, typed):
    fatigue = make_group("Erschöpft", TopicFactory(name="Chronische Erschöpfung ME/CFS"))
    assert shown(found(client, q=typed), fatigue)


def test_the_more_specific_word_weighs_more_in_partial_matches(client, german_places):
    autism = make_group("Gesprächskreis", TopicFactory(name="Autismus"))
    leisure = make_group("Freizeittreff", TopicFactory(name="Freizeit nach Krebs"))
    TopicFactory(name="Freizeit mit Behinderung")
    page = found(client, q="Autismus Freizeit")
    assert page.index(autism.get_absolute_url()) < page.index(leisure.get_absolute_url())


@pytest.mark.parametrize(
    "typed",
    [
        "Epilepsie Kind",
        "Epilepsie Frauen",
        "Angehörige Epilepsie",
        "Menschen mit Epilepsie",
        "Angehörige von Epileptikern",
        "Kind mit Epilepsi",
    ],
)
def test_saying_who_alone_is_no_partial_match(client, german_places, typed):
    epilepsy = make_group("Gesprächskreis", TopicFactory(name="Epilepsie",
                                                         synonyms=["Epileptiker"]))  # fmt: skip
    others = [
        make_group("Herzkranke Kinder", TopicFactory(name="Herzkranke Kinder")),
        make_group("Frauentreff", TopicFactory(name="Frauen in Trennung")),
        make_group("Angehörigengruppe", TopicFactory(name="Angehörige Suchtkranker")),
        make_group("Begegnung", TopicFactory(name="Menschen mit Behinderung")),
    ]
    page = found(client, q=typed)
    assert shown(page, epilepsy)
    assert not any(shown(page, other) for other in others)


@pytest.mark.parametrize(
    ("typed", "wanted", "unwanted"),
    [("Gewalt Frauen", "violence", "violence against men"),
     ("Krebs Männer", "cancer", "women after cancer"),
     ("Männergruppe Krebs", "cancer", "women after cancer"),
     ("Frauen", "women in separation", "men in separation")],
)  # fmt: skip
def test_a_search_for_one_gender_lists_no_group_for_the_other(
    client, german_places, typed, wanted, unwanted
):
    cancer = TopicFactory(name="Krebs")
    groups = {
        "violence": make_group("Gesprächskreis", TopicFactory(name="Häusliche Gewalt")),
        "violence against men": make_group(
            "Opferhilfe", TopicFactory(name="Gewalt gegen Männer", synonyms=["Gewalt"])
        ),
        "cancer": make_group("Krebsgruppe", cancer),
        "women after cancer": make_group(
            "Frauenselbsthilfe nach Krebs", TopicFactory(name="Brustkrebs", parent=cancer)
        ),
        "women in separation": make_group("Neubeginn", TopicFactory(name="Frauen in Trennung")),
        "men in separation": make_group(
            "Väterkreis", TopicFactory(name="Männer in Trennung"),
            description="Für Männer, die nach der Trennung ihre Frauen und Kinder vermissen.",
        ),
    }  # fmt: skip
    page = found(client, q=typed)
    assert shown(page, groups[wanted])
    assert not shown(page, groups[unwanted])


def test_a_whole_word_weighs_more_than_the_same_letters_inside_a_compound(client, german_places):
    grief = TopicFactory(name="Trauer", synonyms=["Verlust"])
    orphaned = TopicFactory(
        name="Verwaiste Eltern", parent=grief, synonyms=["Kind verloren", "Tod eines Kindes"]
    )
    bereaved = make_group("Gesprächskreis Verwaiste Eltern", orphaned)
    sight = TopicFactory(name="Blindheit und Sehbehinderung", synonyms=["Sehverlust"])
    blind_children = make_group(
        "Gesprächskreis Sehbehinderte Kinder",
        TopicFactory(name="Sehbehinderte Kinder", parent=sight),
    )
    page = found(client, q="Verlust Kind")
    assert page.index(bereaved.get_absolute_url()) < page.index(blind_children.get_absolute_url())


def test_saying_who_still_matches_when_the_other_words_are_unknown(client, german_places):
    bereaved = make_group("Gesprächskreis", TopicFactory(name="Verwaiste Eltern",
                                                         synonyms=["Kind verloren"]))  # fmt: skip
    page = found(client, q="mein Kind ist gestorben")  # no topic knows "gestorben"
    assert shown(page, bereaved)


@pytest.mark.parametrize("ort", ["", "Lünen"])
@pytest.mark.parametrize(
    ("typed", "first"), [("Alkohol", "affected"), ("Alkohol Partner", "relatives")]
)
def test_groups_for_whom_the_searcher_speaks_of_come_first(
    client, german_places, topics, typed, first, ort
):
    # (names in the opposite order, so that the order by name alone would fail)
    names = {"affected": "Zuversicht", "relatives": "Angehörigenkreis"}
    if first == "relatives":
        names = {"affected": "Anker", "relatives": "Zusammen"}
    made = {
        audience: make_group(name, topics["alkohol"], audience=audience)
        for audience, name in names.items()
    }
    make_group("Kreuzbund", topics["alkohol"])  # too few exact hits for "Alkohol Partner"
    page = found(client, q=typed, ort=ort)
    second = "relatives" if first == "affected" else "affected"
    assert page.index(made[first].get_absolute_url()) < page.index(made[second].get_absolute_url())


def test_who_a_group_is_for_is_searchable(client, german_places, topics):
    young = make_group("Runde am Abend", topics["depression"], focus=["young"])
    relatives = make_group("Mittwochsrunde", topics["diabetes"], audience="relatives")
    page = found(client, q="Junge Selbsthilfe")
    assert shown(page, young) and not shown(page, relatives)
    page = found(client, q="Diabetes Angehörige")
    assert shown(page, relatives)


def test_an_inflected_topic_word_gets_no_lookalike_topics(client, german_places):
    eating = TopicFactory(name="Essstörungen")
    personality = TopicFactory(name="Persönlichkeitsstörungen")
    wanted = make_group("Gesprächskreis", eating)
    lookalike = make_group("Treffpunkt", personality)
    page = found(client, q="Essstörung")
    assert shown(page, wanted) and not shown(page, lookalike)
    assert "Meinten Sie" not in page


def test_a_sub_topic_group_is_found_by_its_parent_topic_word(client, groups, topics):
    page = found(client, q="Tumor")
    assert shown(page, groups["brustkrebs"])


def test_nothing_found_is_said_kindly_with_help(client, groups, topics):
    page = found(client, q="Xylophon", ort="Lünen")
    assert "0 Gruppen gefunden" in page
    assert "Gruppe gründen" in page or reverse("groups:found") in page
    # Nothing of the kind anywhere: no wider radius offered that would find nothing either.
    assert "Umkreis von 50 km" not in page and "weiter entfernt" not in page


def test_nothing_found_nearby_offers_the_radius_that_reaches_the_nearest_group(
    client, german_places, topics
):
    muenster = make_group("Münster", topics["depression"], town="Münster",
                          latitude=51.9607, longitude=7.6261)  # ≈ 40 km from Lünen  # fmt: skip
    make_group("Dresden", topics["depression"], town="Dresden", latitude=51.05, longitude=13.74)
    page = found(client, q="Depression", ort="Lünen", umkreis="10")
    assert "0 Gruppen gefunden" in page
    help_box = page[page.index('class="no-results') :]
    assert "Im Umkreis von 50 km suchen" in help_box and "umkreis=50" in help_box
    nearest = help_box[help_box.index("weiter entfernt") :]
    assert shown(nearest, muenster) and re.search(r"Münster · (39|40) km", nearest)
    assert nearest.index("Münster") < nearest.index("Dresden")


def test_nothing_found_within_100_km_names_the_nearest_groups_farther_away(
    client, german_places, topics
):
    far = make_group("Fern", topics["depression"], town="Dresden", latitude=51.05, longitude=13.74,
                     step_free=True)  # fmt: skip
    make_group("Ohne Aufzug", topics["depression"], town="Dresden", latitude=51.05,
               longitude=13.74, step_free=False)  # fmt: skip
    page = found(client, q="Depression", ort="Lünen", barrierefrei="1")
    help_box = page[page.index('class="no-results') :]
    assert "Umkreis von" not in help_box  # no radius reaches it
    assert shown(help_box, far) and "Ohne Aufzug" not in help_box  # the other filters hold
    assert "ort=Deutschland" in help_box


@pytest.mark.parametrize(
    "typed", ["KISS Lünen", "Kontaktstelle Lünen", "Lünen Selbsthilfekontaktstelle"]
)
def test_a_search_for_a_contact_point_shows_it_above_the_groups_near(
    client, groups, typed, django_assert_max_num_queries
):
    unna = ContactPointFactory(name="K.I.S.S. Kreis Unna")
    SiteFactory(contact_point=unna, town="Lünen", postcode="44532", phone="02306 100610",
                latitude=51.6067, longitude=7.5241)  # fmt: skip
    with django_assert_max_num_queries(8):
        page = found(client, q=typed)
    hint = page[page.index('class="contact-point-hint') :]
    assert "Die Selbsthilfe-Kontaktstelle für diesen Ort ist K.I.S.S. Kreis Unna" in hint
    assert unna.get_absolute_url() in hint and "02306 100610" in hint
    # "KISS" narrows nothing: the groups near Lünen are listed.
    assert shown(page, groups["alkohol"])


def test_a_contact_point_word_alone_points_to_all_contact_points(client, groups):
    page = found(client, q="Kontaktstelle")
    hint = page[page.index('class="contact-point-hint') :]
    assert reverse("contactpoints:list") in hint
    assert shown(page, groups["alkohol"]) and shown(page, groups["diabetes"])
    assert 'class="contact-point-hint' not in found(client, q="Alkohol")


def test_few_results_come_with_help_and_the_topic_above(
    client, groups, topics, django_assert_max_num_queries
):
    unna = ContactPointFactory(name="K.I.S.S. Kreis Unna")
    SiteFactory(contact_point=unna, town="Unna", postcode="59423", phone="02303 1234",
                latitude=51.5302, longitude=7.676)  # fmt: skip
    with django_assert_max_num_queries(8):
        page = found(client, q="Brustkrebs", ort="Lünen")
    assert "1 Gruppe gefunden" in page and shown(page, groups["brustkrebs"])
    help_box = page[page.index("Nicht die passende Gruppe dabei?") :]
    assert "Umkreis von 50 km" in help_box
    assert f'href="{topics["krebs"].get_absolute_url()}?ort=' in help_box  # the topic above
    assert "K.I.S.S. Kreis Unna" in help_box and "02303 1234" in help_box
    # Enough nearby: no help box.
    for number in range(3):
        make_group(f"Brustkrebs-Treff {number}", topics["brustkrebs"])
    assert "Nicht die passende Gruppe dabei?" not in found(client, q="Brustkrebs", ort="Lünen")


def test_the_topic_just_searched_is_not_offered_as_a_related_topic(client, groups, topics):
    page = found(client, q="Brustkrebs", ort="Dresden")
    assert "0 Gruppen gefunden" in page
    assert topics["brustkrebs"].get_absolute_url() not in page  # the same search again
    assert topics["krebs"].get_absolute_url() in page  # the topic above


def test_only_a_contact_point_serving_the_place_is_named(client, groups):
    unna = ContactPointFactory(name="K.I.S.S. Kreis Unna", federal_state="NW")
    SiteFactory(contact_point=unna, town="Unna", postcode="59423",
                latitude=51.5302, longitude=7.676)  # fmt: skip
    page = found(client, q="Xylophon", ort="Dresden")
    assert "K.I.S.S. Kreis Unna" not in page  # 400 km away
    assert reverse("contactpoints:list") in page
    lakos = ContactPointFactory(name="LAKOS Sachsen", kind="state", federal_state="SN")
    SiteFactory(contact_point=lakos, town="Leipzig", postcode="04109",
                latitude=51.3397, longitude=12.3731)  # fmt: skip
    page = found(client, q="Xylophon", ort="Dresden")  # Leipzig is 100 km away, in Saxony
    assert "LAKOS Sachsen" in page
    page = found(client, q="Xylophon", ort="Lünen")
    assert "K.I.S.S. Kreis Unna" in page


def test_only_online_groups_around_a_place_come_with_help(client, german_places, topics):
    for number in range(4):
        make_group(f"Online-Gruppe Diabetes {number}", topics["diabetes"], format="online",
                   postcode="", town="", latitude=None, longitude=None)  # fmt: skip
    page = found(client, q="Diabetes", ort="Lünen")
    assert "4 Gruppen gefunden" in page and "Nicht die passende Gruppe dabei?" in page
    assert "Nicht die passende Gruppe dabei?" not in found(client, q="Diabetes")


# Places and distance


def test_distance_luenen_to_unna_and_dresden_to_leipzig(german_places):
    unna = make_group("Unna", postcode="59423", town="Unna", latitude=51.5302, longitude=7.676)
    leipzig = make_group(
        "Leipzig", postcode="04109", town="Leipzig", latitude=51.342, longitude=12.375
    )
    luenen = resolve_place("44532").location
    dresden = resolve_place("01099").location
    assert Group.objects.near(luenen, km=25).get(pk=unna.pk).distance == pytest.approx(
        13.5, abs=0.5
    )
    assert Group.objects.near(dresden, km=200).get(pk=leipzig.pk).distance == pytest.approx(
        104, abs=2
    )
    assert not Group.objects.near(luenen, km=10).filter(pk=unna.pk).exists()
    assert not Group.objects.near(dresden, km=100).filter(pk=leipzig.pk).exists()


def test_place_is_found_by_postcode_or_town_in_any_spelling(german_places):
    for typed in ["Lünen", "Luenen", "lunen", "44532", "44532 Lünen"]:
        assert resolve_place(typed).location is not None, typed
    frankfurt = resolve_place("Frankfurt")
    assert frankfurt.location.label == "Frankfurt am Main"
    assert [place.label for place in frankfurt.alternatives] == ["Frankfurt (Oder)"]


@pytest.mark.parametrize(
    ("typed", "place"),
    [("bei Unna", "Unna"), ("Nähe Dortmund", "Dortmund"), ("in der Nähe von Lünen", "Lünen"),
     ("Raum Dortmund", "Dortmund"), ("Umgebung Unna", "Unna"), ("in Sachsen", None),
     ("Hauptstraße 5, Lünen", "Lünen"), ("Am Markt 12a, 59423 Unna", "59423 Unna"),
     ("Lünen, Kurt-Schumacher-Str. 41", "Lünen")],
)  # fmt: skip
def test_a_place_typed_with_near_words_or_as_an_address(german_places, typed, place):
    add_places(("24641", "Nahe", "Segeberg", "SH", 53.8, 10.14))  # a village named so
    found_place = resolve_place(typed)
    assert (found_place.location and found_place.location.label) == place
    if place is None:
        assert found_place.federal_state == "Sachsen"
    assert found_place.text == typed  # as typed, for the page


def test_place_spellings_people_use(german_places):
    assert resolve_place("St. Ingbert").location.label == "Sankt Ingbert"
    assert resolve_place("Berlin-Kreuzberg").location.label == "Berlin Kreuzberg"
    assert resolve_place("Kreuzberg").location.label == "Berlin Kreuzberg"
    # The city named so with a qualifier and three times the postcode areas, not the village.
    muelheim = resolve_place("Mülheim")
    assert muelheim.location.label == "Mülheim an der Ruhr"
    assert [place.label for place in muelheim.alternatives] == [
        "Mülheim (Landkreis Bernkastel-Wittlich)"
    ]
    assert resolve_place("Unna").alternatives == []
    for typed in ["D-44532", "de - 44532", "44 532", "D-44532 Lünen"]:
        place = resolve_place(typed)
        assert (place.location.postcode, place.alternatives) == ("44532", []), typed


def test_of_a_city_and_a_village_of_one_name_the_city_comes_first(german_places):
    add_places(*WEIDENS)
    weiden = resolve_place("Weiden")
    assert weiden.location.federal_state == "BY"
    assert [place.label for place in weiden.alternatives] == ["Weiden (Landkreis Birkenfeld)"]


@pytest.mark.parametrize(
    ("typed", "town"),
    [("Lünen-Brambauer", "Lünen"), ("Dortmund Hörde", "Dortmund"), ("Unna (Massen)", "Unna"),
     ("Frankfurt/Oder", "Frankfurt (Oder)"), ("Frankfurt Oder", "Frankfurt (Oder)"),
     ("Frankfurt/Main", "Frankfurt am Main"), ("Frankfurt a. M.", "Frankfurt am Main"),
     ("Munich", "München"), ("Mülheim a.d. Ruhr", "Mülheim an der Ruhr")],
)  # fmt: skip
def test_a_town_with_its_district_river_or_abbreviation_is_found(german_places, typed, town):
    assert resolve_place(typed).location.label == town


@pytest.mark.parametrize(
    ("typed", "state"),
    [("Weiden in der Oberpfalz", "BY"), ("Weiden (Opf.)", "BY"), ("Halle (Westf.)", "NW"),
     ("Halle/Westfalen", "NW"), ("Halle (Saale)", "ST"), ("Halle an der Saale", "ST"),
     ("Weiden (Rheinland-Pfalz)", "RP")],
)  # fmt: skip
def test_a_region_or_river_after_the_town_chooses_among_towns_of_that_name(
    german_places, typed, state
):
    add_places(*WEIDENS, *HALLES)
    assert resolve_place(typed).location.federal_state == state


def test_towns_named_so_with_a_qualifier_are_offered(german_places):
    add_places(
        ("86949", "Weil", "Landkreis Landsberg am Lech", "BY", 48.1167, 10.9167),
        ("79576", "Weil am Rhein", "Landkreis Lörrach", "BW", 47.5947, 7.6108),
        ("71263", "Weil der Stadt", "Böblingen", "BW", 48.7508, 8.8706),
    )  # fmt: skip
    weil = resolve_place("Weil")
    assert weil.location.label == "Weil"  # as many postcode areas: the name typed wins
    assert [place.label for place in weil.alternatives] == [
        "Weil am Rhein (Landkreis Lörrach)", "Weil der Stadt (Böblingen)"
    ]  # fmt: skip


def test_towns_of_one_name_are_told_apart_by_district_or_state(german_places):
    add_places(*HALLES)
    halle = resolve_place("Halle")
    assert halle.location.label == "Halle (Sachsen-Anhalt)"
    assert [place.label for place in halle.alternatives] == ["Halle (Gütersloh)"]
    westphalian = resolve_place("Halle (Westf.)")
    assert westphalian.location.label == "Halle (Gütersloh)"
    assert [place.label for place in westphalian.alternatives] == ["Halle (Sachsen-Anhalt)"]
    assert resolve_place("Lünen").location.label == "Lünen"  # no namesake, no district


def test_a_region_people_name_is_searched_from_its_district_or_town(german_places):
    add_places(
        ("09456", "Annaberg-Buchholz", "Erzgebirgskreis", "SN", 50.58, 13.0),
        ("08280", "Aue-Bad Schlema", "Erzgebirgskreis", "SN", 50.59, 12.7),
        ("44787", "Bochum", "Bochum, Stadt", "NW", 51.4818, 7.2162),
    )  # fmt: skip
    erzgebirge = resolve_place("Erzgebirge").location
    assert erzgebirge.label == "Erzgebirgskreis"
    assert erzgebirge.longitude == pytest.approx(12.85, abs=0.01)
    assert resolve_place("Ruhrgebiet").location.label == "Bochum (Ruhrgebiet)"
    assert resolve_place("ruhrpott").location.label == "Bochum (Ruhrgebiet)"


@pytest.mark.parametrize(
    ("typed", "place"),
    [("Depression Ruhrgebiet", "Bochum (Ruhrgebiet)"), ("Ruhrpott Depression", "Bochum"),
     ("Selbsthilfegruppe im Erzgebirge", "Erzgebirgskreis"),
     ("Depression Sächsische Schweiz", "Landkreis Sächsische Schweiz")],
)  # fmt: skip
def test_a_region_typed_into_the_text_field_is_taken_as_place(
    client, german_places, topics, typed, place
):
    add_places(
        ("09456", "Annaberg-Buchholz", "Erzgebirgskreis", "SN", 50.58, 13.0),
        ("44787", "Bochum", "Bochum, Stadt", "NW", 51.4818, 7.2162),
        ("01796", "Pirna", "Landkreis Sächsische Schweiz", "SN", 50.96, 13.94),
    )  # fmt: skip
    near = make_group("Nah", topics["depression"], latitude=51.48, longitude=7.22)
    page = found(client, q=typed)
    assert f"im Umkreis von 25 km um {place}" in page
    assert "als Ort genommen" in page
    results = page.split('class="no-results')[0]  # (not the nearest groups farther away)
    assert shown(results, near) == typed.startswith(("Depression Ruhr", "Ruhrpott"))


@pytest.mark.parametrize("typed", ["Deutschland", "bundesweit", "ganz Deutschland", "überall"])
def test_all_of_germany_as_the_place_searches_everywhere(client, groups, typed):
    page = found(client, q="Depression", ort=typed)
    assert "Wir kennen den Ort" not in page
    assert "in ganz Deutschland" in page
    assert shown(page, groups["depression"]) and not shown(page, groups["alkohol"])


@pytest.mark.parametrize("typed", ["online", "Online", "von zu Hause", "zuhause"])
def test_online_as_the_place_searches_the_groups_meeting_online(client, groups, topics, typed):
    online = make_group("Digital", topics["depression"], format=Group.Format.ONLINE)
    hybrid = make_group("Beides", topics["depression"], format=Group.Format.HYBRID)
    page = found(client, q="Depression", ort=typed)
    assert "Wir kennen den Ort" not in page
    assert shown(page, online) and shown(page, hybrid)
    assert not shown(page, groups["depression"])  # meets in person only


@pytest.mark.parametrize("typed", ["Kreis Unna", "Landkreis Unna", "LK Unna", "kreis unna"])
def test_a_district_is_searched_from_the_centre_of_its_towns(german_places, typed):
    district = resolve_place(typed).location
    assert district.label == "Kreis Unna"
    # The centre of Lünen, Unna and Schwerte, each town once however many postcodes it has.
    assert district.latitude == pytest.approx(51.5306, abs=0.001)
    assert district.longitude == pytest.approx(7.5842, abs=0.001)
    assert resolve_place("Unna").location.label == "Unna"  # the town, without "Kreis"


def test_a_district_search_finds_the_groups_across_the_district(client, german_places, topics):
    schwerte = make_group("Schwerte", topics["depression"], postcode="58239", town="Schwerte",
                          latitude=51.4439, longitude=7.5675)  # fmt: skip
    dresden = make_group("Dresden", topics["depression"], postcode="01067", town="Dresden",
                         latitude=51.0547, longitude=13.7269)  # fmt: skip
    page = found(client, q="Depression", ort="Landkreis Unna")
    assert "im Umkreis von 25 km um Kreis Unna" in page
    assert shown(page, schwerte) and not shown(page, dresden)


@pytest.fixture
def city_districts(german_places):
    """The shipped city districts of the towns in ``german_places``, and of Hörde's postcode
    in Dortmund and of Werne's (a town in the Kreis Unna, and a district of Bochum)."""
    add_places(
        ("44263", "Dortmund", "Dortmund, Stadt", "NW", 51.4847, 7.4996),
        ("59368", "Werne", "Unna", "NW", 51.6633, 7.6336),
        ("44894", "Bochum", "Bochum, Stadt", "NW", 51.4819, 7.3244),
    )  # fmt: skip
    add_city_districts(Place)


@pytest.mark.parametrize("typed", ["Hörde", "hoerde", "Dortmund-Hörde", "Dortmund Hörde"])
def test_a_city_district_is_found_alone_or_with_its_town(city_districts, typed):
    place = resolve_place(typed)
    assert place.location.label == "Dortmund Hörde"
    assert (place.location.latitude, place.location.longitude) == (51.4847, 7.4996)


def test_a_district_alone_is_found_in_the_town_the_demo_groups_name(client, city_districts, topics):
    brambauer = make_group("Brambauer", topics["depression"], postcode="44536", town="Lünen",
                           latitude=51.5993, longitude=7.4681)  # fmt: skip
    page = found(client, q="Depression", ort="Brambauer", umkreis="5")
    assert "im Umkreis von 5 km um Lünen Brambauer" in page
    assert shown(page, brambauer)


@pytest.mark.parametrize("typed", ["Depression Hörde", "Hörde Depression", "Depression Hoerde"])
def test_a_city_district_in_the_text_field_is_the_place(client, city_districts, topics, typed):
    page = found(client, q=typed)
    assert "im Umkreis von 25 km um Dortmund Hörde" in page
    assert "als Ort genommen" in page


def test_a_city_district_named_like_an_everyday_word_stays_a_word(client, city_districts):
    Place.objects.create(postcode="44263", name="Dortmund Nette", district="Dortmund, Stadt",
                         federal_state="NW", latitude=51.48, longitude=7.49)  # fmt: skip
    assert "als Ort genommen" not in found(client, q="Depression nette")


def test_a_place_named_like_a_district_comes_first_and_the_district_is_offered(city_districts):
    werne = resolve_place("Werne")
    assert werne.location.label == "Werne"
    assert [place.label for place in werne.alternatives] == ["Bochum Werne"]
    # A town's districts are not offered for the town itself, nor for its postcode.
    assert resolve_place("Lünen").alternatives == []
    assert resolve_place("44532").alternatives == []
    assert resolve_place("44532 Lünen").alternatives == []


def test_of_districts_with_the_same_name_that_of_the_bigger_town_comes_first(db):
    rows = [("08134", "Langenweißbach", "Zwickau", 50.68, 12.62),
            ("08134", "Langenweißbach Grünau", "Zwickau", 50.68, 12.62),
            *[(f"0410{n}", "Leipzig", "Leipzig, Stadt", 51.34, 12.37) for n in range(9)],
            ("04209", "Leipzig Grünau", "Leipzig, Stadt", 51.32, 12.28)]  # fmt: skip
    Place.objects.bulk_create(
        Place(postcode=postcode, name=name, district=district, federal_state="SN",
              latitude=latitude, longitude=longitude)
        for postcode, name, district, latitude, longitude in rows
    )  # fmt: skip
    grunau = resolve_place("Grünau")
    assert grunau.location.label == "Leipzig Grünau"
    assert [place.label for place in grunau.alternatives] == ["Langenweißbach Grünau (Zwickau)"]


def test_a_village_named_after_a_town_is_no_other_place_of_its_name(german_places):
    Place.objects.create(postcode="09236", name="Einsiedel bei Chemnitz", district="Chemnitz",
                         federal_state="SN", latitude=50.75, longitude=12.98)  # fmt: skip
    Place.objects.create(postcode="09111", name="Chemnitz", district="Chemnitz",
                         federal_state="SN", latitude=50.83, longitude=12.92)  # fmt: skip
    chemnitz = resolve_place("Chemnitz")
    assert chemnitz.location.label == "Chemnitz"
    assert chemnitz.alternatives == []


def test_city_districts_do_not_move_the_centre_of_their_district(city_districts):
    """The Kreis Unna is searched from the centre of its towns; Lünen's and Unna's
    districts are parts of those towns, not more towns."""
    district = resolve_place("Kreis Unna").location
    towns = [  # Lünen, Unna, Schwerte and Werne: the centres of their postcodes
        ((51.6067 + 51.6189 + 51.5993) / 3, (7.5241 + 7.5222 + 7.4681) / 3),
        ((51.5302 + 51.5485) / 2, (7.676 + 7.6849) / 2),
        (51.4439, 7.5675),
        (51.6633, 7.6336),
    ]
    assert district.latitude == pytest.approx(sum(town[0] for town in towns) / 4, abs=1e-6)
    assert district.longitude == pytest.approx(sum(town[1] for town in towns) / 4, abs=1e-6)


@pytest.mark.parametrize("typed", ["Sachsen", "sachsen", "NRW", "Nordrhein Westfalen"])
def test_a_federal_state_asks_for_a_town_in_it(client, german_places, typed):
    # A village of the state's name (near Ansbach) is not what people mean.
    Place.objects.create(postcode="91623", name="Sachsen", district="Landkreis Ansbach",
                         federal_state="BY", latitude=49.29, longitude=10.66)  # fmt: skip
    page = found(client, q="Depression", ort=typed)
    assert "ist ein Bundesland" in page
    # Its biggest towns (most postcode areas) are offered as links.
    town = "Dresden" if typed.casefold() == "sachsen" else "Lünen"
    assert re.search(rf'ort=\d{{5}}[^"]*">{town}\b', page)
    assert "Gruppen gefunden" not in page


def test_a_misspelt_town_with_a_district_is_not_taken_for_another_town(german_places):
    place = resolve_place("Dortmunt-Hörde")
    assert place.is_unknown
    assert "Dortmund" in [location.label for location in place.alternatives]


def test_a_four_digit_postcode_offers_the_one_with_a_leading_zero(german_places):
    place = resolve_place("1099")
    assert place.is_unknown
    assert place.alternatives[0].postcode == "01099"


def test_the_groups_own_town_in_its_name_is_no_topic(client, german_places, topics):
    messingen = make_group("Gesprächskreis Trauer Messingen", topics["depression"],
                           postcode="49832", town="Messingen")  # fmt: skip
    messie = TopicFactory(name="Messie-Syndrom")
    hoarders = make_group("Ordnung finden", messie)
    page = found(client, q="Messie")
    assert shown(page, hoarders) and not shown(page, messingen)


def test_search_orders_by_distance_and_respects_the_radius(client, german_places, topics):
    near = make_group("Nah", topics["depression"], latitude=51.6067, longitude=7.5241)
    middle = make_group("Mittel", topics["depression"], postcode="59423", town="Unna",
                        latitude=51.5302, longitude=7.676)  # fmt: skip
    far = make_group("Fern", topics["depression"], postcode="04109", town="Leipzig",
                     latitude=51.342, longitude=12.375)  # fmt: skip
    page = found(client, q="Depression", ort="44532", umkreis="25")
    assert page.index(near.get_absolute_url()) < page.index(middle.get_absolute_url())
    assert not shown(page, far)
    assert "13,5 km" in page
    page = found(client, ort="Lünen", umkreis="10")
    assert not shown(page, middle) and shown(page, near)


def test_relevance_orders_within_distance_bands(client, german_places, topics):
    by_name = make_group("Depression Lünen", topics["depression"], latitude=51.6067,
                         longitude=7.5241)  # fmt: skip
    in_text = make_group("Gesprächskreis", description="Auch bei Depression willkommen.",
                         latitude=51.6067, longitude=7.5241)  # fmt: skip
    farther = make_group("Depression Unna", topics["depression"], postcode="59423",
                         town="Unna", latitude=51.5302, longitude=7.676)  # fmt: skip
    page = found(client, q="Depression", ort="Lünen", umkreis="25")
    positions = [page.index(group.get_absolute_url()) for group in (by_name, in_text, farther)]
    assert positions == sorted(positions)


def test_unknown_place_gives_a_message_and_suggestions(client, groups):
    page = found(client, q="Depression", ort="Luennen")
    assert "kennen den Ort" in page
    assert "Lünen" in page
    page = found(client, ort="Atlantis")
    assert "kennen den Ort" in page


def test_town_typed_into_the_text_field_is_taken_as_place(client, german_places, topics):
    here = make_group("Hier", topics["alkohol"], latitude=51.6067, longitude=7.5241)
    there = make_group("Dort", topics["alkohol"], postcode="80331", town="München",
                       latitude=48.1345, longitude=11.571)  # fmt: skip
    page = found(client, q="Alkohol Lünen")
    assert shown(page, here) and not shown(page, there)
    assert "als Ort genommen" in page
    other_topic = make_group("Auch hier", topics["diabetes"], latitude=51.61, longitude=7.52)
    page = found(client, q="Selbsthilfegruppe in Lünen")
    assert shown(page, here) and shown(page, other_topic) and not shown(page, there)


def bad_homburg():
    return Place.objects.create(
        postcode="61348", name="Bad Homburg vor der Höhe", district="Hochtaunuskreis",
        latitude=50.2268, longitude=8.6182,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "place"),
    [("Alkohol Frankfurt am Main", "Frankfurt am Main"),
     ("Alkohol Mülheim an der Ruhr", "Mülheim an der Ruhr"),
     ("Alkohol Bad Homburg", "Bad Homburg vor der Höhe"),  # the beginning of a town's name
     ("Alkohol Kreis Unna", "Kreis Unna"), ("Alkohol Landkreis Unna", "Kreis Unna")],
)  # fmt: skip
def test_a_town_of_several_words_typed_into_the_text_field_is_taken_as_place(
    client, german_places, topics, typed, place
):
    bad_homburg()
    page = found(client, q=typed)
    assert f"im Umkreis von 25 km um {place}" in page
    assert "als Ort genommen" in page


@pytest.mark.parametrize(
    ("typed", "place"),
    [("Lünen Alkohol", "Lünen"), ("Lünen Angehörige Demenz", "Lünen"),
     ("Alkohol Lünen Hilfe", "Lünen"), ("Alkohol Lünen Selbsthilfegruppe", "Lünen"),
     ("Depression Lünen Diabetes", "Lünen"), ("Alkohol Lünen und", "Lünen"),
     ("Lünen Alkohl", "Lünen"),  # a typo of a topic word is what is looked for
     ("Alkohol Raum Lünen", "Lünen"), ("Alkohol in der Nähe von Lünen", "Lünen"),
     # a town and its river, which the postcode list writes otherwise
     ("Alkohol Frankfurt Oder", "Frankfurt (Oder)"),
     ("Alkohol Frankfurt (Oder)", "Frankfurt (Oder)")],
)  # fmt: skip
def test_a_town_before_what_is_looked_for_or_with_its_river_is_taken_as_place(
    client, german_places, topics, typed, place
):
    page = found(client, q=typed)
    assert f"im Umkreis von 25 km um {place}" in page
    assert "als Ort genommen" in page


@pytest.mark.parametrize("typed", ["Alkohol Raum Lünen", "Alkohol Gegend Lünen"])
def test_words_around_the_place_narrow_nothing(client, german_places, topics, typed):
    here = make_group("Hier", topics["alkohol"], latitude=51.6067, longitude=7.5241)
    page = found(client, q=typed)
    assert shown(page, here)
    assert "1 Gruppe gefunden" in page and "zu einem Teil Ihrer Suche" not in page


def test_a_city_named_like_a_fragment_of_a_topic_word_is_a_place(client, german_places, topics):
    """ "Ess-Brech-Sucht" puts "Ess" among the topic words, which is no reason to take the
    city of Essen for an inflected topic word."""
    TopicFactory(name="Essstörungen", synonyms=["Ess-Brech-Sucht"])
    Place.objects.create(postcode="45127", name="Essen", district="Essen, Stadt",
                         federal_state="NW", latitude=51.4556, longitude=7.0116)  # fmt: skip
    page = found(client, q="Depression Essen")
    assert "im Umkreis von 25 km um Essen" in page


@pytest.mark.parametrize(
    "typed",
    # a town followed by a word that is neither topic nor river: the town is a word too
    ["Alkohol Lünen Gruppe Xylophon", "Lünen Xylophon Alkohol"],
)
def test_a_town_before_other_words_stays_the_search(client, german_places, topics, typed):
    assert "als Ort genommen" not in found(client, q=typed)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("Depression abends", {"tuesday_evening", "saturday_evening"}),
     ("Depression am Wochenende", {"saturday_morning", "saturday_evening"}),
     ("Depression samstags abends", {"saturday_evening"}),
     ("Depression Dienstag Lünen", {"tuesday_evening"}),
     ("Gruppe vormittags", {"saturday_morning", "other_topic"})],
)  # fmt: skip
def test_words_for_when_the_group_meets_narrow_the_day_and_time(
    client, german_places, topics, typed, meant
):
    depression, other = topics["depression"], topics["alkohol"]
    groups = {
        "tuesday_evening": make_group("Di", depression, weekday=1, starts_at="19:00"),
        "saturday_evening": make_group("Sa abends", depression, weekday=5, starts_at="18:30"),
        "saturday_morning": make_group("Sa früh", depression, weekday=5, starts_at="10:00"),
        "other_topic": make_group("Alkohol", other, weekday=0, starts_at="09:30"),
        "no_time": make_group("Ohne Zeit", depression),
    }
    page = found(client, q=typed)
    assert {key for key, group in groups.items() if shown(page, group)} == meant
    assert "als Treffzeit genommen" in page


@pytest.mark.parametrize("typed", ["Online Gruppe Depression", "Depression online"])
def test_online_as_a_word_of_its_own_asks_for_groups_meeting_online(
    client, german_places, topics, typed
):
    depression = topics["depression"]
    online = make_group("Im Netz", depression, format=Group.Format.ONLINE)
    hybrid = make_group("Beides", depression, format=Group.Format.HYBRID)
    in_person = make_group("Vor Ort", depression, format=Group.Format.IN_PERSON)
    other = make_group("Online-Gruppe Alkohol", topics["alkohol"], format=Group.Format.ONLINE)
    page = found(client, q=typed)
    assert shown(page, online) and shown(page, hybrid)
    assert not shown(page, in_person) and not shown(page, other)
    assert "„online“ als Form" in page


def test_online_in_a_topics_name_stays_a_word(client, german_places):
    media = make_group("Medien", TopicFactory(name="Online-Sucht"))
    page = found(client, q="Online-Sucht")
    assert shown(page, media) and "als Form" not in page


def test_a_stop_word_that_begins_a_towns_name_is_no_town_before_a_qualifier(
    client, german_places, topics
):
    """ "Am Mellensee" is a town; "am Wochenende" is no town "am" by the river Wochenende."""
    add_places(("15838", "Am Mellensee", "Teltow-Fläming", "BB", 52.16, 13.41))
    page = found(client, q="Gruppe am Wochenende")
    assert "als Ort genommen" not in page and "kennen den Ort" not in page


@pytest.mark.parametrize("typed", ["Angst und Panik", "Eltern behinderter Kinder", "Bad Homburg"])
def test_words_that_only_begin_or_are_a_town_name_stay_the_search(client, german_places, typed):
    bad_homburg()
    assert "als Ort genommen" not in found(client, q=typed)


def test_a_question_in_words_finds_the_topic_at_the_place_at_its_end(client, groups):
    page = found(
        client,
        q="Wo finde ich bitte eine Selbsthilfegruppe für Angehörige von Demenzkranken in Lünen?",
    )
    assert "im Umkreis von 25 km um Lünen" in page
    assert shown(page, groups["demenz"])
    assert not shown(page, groups["alkohol"])


def test_postcode_typed_into_the_text_field_is_taken_as_place(client, german_places, topics):
    here = make_group("Hier", topics["alkohol"], latitude=51.6067, longitude=7.5241)
    there = make_group("Dort", topics["alkohol"], postcode="80331", town="München",
                       latitude=48.1345, longitude=11.571)  # fmt: skip
    for typed in ["Alkohol 44532", "44532 Alkohol"]:
        page = found(client, q=typed)
        assert shown(page, here) and not shown(page, there), typed


def test_online_groups_are_found_from_anywhere_unless_excluded(client, german_places, topics):
    online = make_group("Online-Runde", topics["depression"], format="online")
    assert shown(found(client, q="Depression", ort="München"), online)
    assert not shown(found(client, q="Depression", ort="München", format="in_person"), online)
    assert shown(found(client, q="Depression", ort="München", format="online"), online)


def test_meeting_place_on_request_measures_from_the_town_and_hides_the_address(
    client, german_places, topics
):
    hidden = make_group("Verborgen", topics["depression"], street="Geheimweg 7",
                        latitude=51.53, longitude=7.69, meeting_place_public=False)  # fmt: skip
    hidden.refresh_from_db()
    # The town centre of Lünen, not the (Unna-like) coordinates of the real meeting place.
    assert hidden.public_latitude == pytest.approx((51.6067 + 51.6189 + 51.5993) / 3)
    page = client.get(hidden.get_absolute_url()).text
    assert "Geheimweg" not in page
    assert "Treffpunkt auf Anfrage" in page
    assert "Geheimweg" not in found(client, q="Verborgen")


def test_site_of_a_contact_point_is_the_meeting_place(client, german_places, topics):
    site = SiteFactory(name="Kontaktstelle Lünen, Raum 2", street="Kirchstraße 3")
    group = make_group("Im Haus", topics["depression"], contact_point=site.contact_point,
                       meeting_site=site, postcode="", town="")  # fmt: skip
    group.refresh_from_db()
    assert group.public_latitude == pytest.approx(site.latitude)
    page = client.get(group.get_absolute_url()).text
    assert "Kirchstraße 3" in page


# Filters


def test_filters_combine(client, german_places, topics):
    match = make_group("Passt", topics["depression"], step_free=True, weekday=1,
                       frequency="weekly", focus=["young"], audience="both")  # fmt: skip
    others = [
        make_group("Stufen", topics["depression"], step_free=False, weekday=1,
                   frequency="weekly", focus=["young"]),
        make_group("Mittwoch", topics["depression"], step_free=True, weekday=2,
                   frequency="weekly", focus=["young"]),
        make_group("Älter", topics["depression"], step_free=True, weekday=1, frequency="weekly"),
        make_group("Anderes Thema", topics["diabetes"], step_free=True, weekday=1,
                   frequency="weekly", focus=["young"]),
    ]  # fmt: skip
    page = found(
        client, thema=topics["depression"].slug, barrierefrei="1", wochentag="1", jung="1",
        zielgruppe="relatives",
    )  # fmt: skip
    assert shown(page, match)
    for other in others:
        assert not shown(page, other)


def test_filters_for_founding_accepting_and_format(client, german_places, topics):
    founding = make_group("Neu", status="founding")
    full = make_group("Voll", accepting_members=False)
    online = make_group("Im Netz", format="online")
    assert found(client, gruendung="1").count("group-card") == 1
    page = found(client, offen="1")
    assert not shown(page, full) and shown(page, founding)
    assert shown(found(client, format="online"), online)
    assert not shown(found(client, format="online"), founding)


def test_topic_filter_includes_sub_topics(client, groups, topics):
    page = found(client, thema=topics["krebs"].slug)
    assert shown(page, groups["brustkrebs"]) and shown(page, groups["darmkrebs"])
    assert not shown(page, groups["depression"])


def test_ended_and_unlisted_groups_never_appear_paused_ones_are_marked(client, groups, topics):
    ended = make_group("Beendet", topics["depression"], status="ended",
                       ended_on=datetime.date(2025, 1, 1))  # fmt: skip
    unlisted = make_group("Geheim", topics["depression"], is_listed=False)
    paused = make_group("Pausiert", topics["depression"], status="paused")
    for params in [{"q": "Depression"}, {"thema": topics["depression"].slug}, {}]:
        page = found(client, **params)
        assert not shown(page, ended) and not shown(page, unlisted)
        assert shown(page, paused) and "pausiert" in page.lower()
    topic_page = client.get(topics["depression"].get_absolute_url()).text
    assert not shown(topic_page, ended) and not shown(topic_page, unlisted)


# Pagination, query counts and bad input


@pytest.fixture
def many_groups(german_places, topics):
    contact_point = ContactPointFactory()
    groups = Group.objects.bulk_create(
        Group(name=f"Depression Gruppe {number:04d}", slug=f"depression-{number}",
              contact_point=contact_point, postcode="44532", town="Lünen",
              latitude=51.6 + number / 10000, longitude=7.5)
        for number in range(1005)
    )  # fmt: skip
    Group.topics.through.objects.bulk_create(
        Group.topics.through(group=group, topic=topics["depression"]) for group in groups
    )
    Group.objects.all().refresh_search_index()
    # Fresh statistics, as autovacuum keeps them in production. Without them the planner
    # works from whatever earlier tests left (often "empty tables") and may pick a plan that
    # takes a minute for these thousand rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE groups_group, groups_group_topics, groups_topic")
    return groups


def test_results_are_paged_by_twenty_with_the_total(client, many_groups):
    page = found(client, q="Depression")
    assert "1005 Gruppen gefunden" in page
    assert page.count('class="card group-card') == 20
    last = found(client, q="Depression", page="51")
    assert last.count('class="card group-card') == 5


def link(page: str, text: str) -> str:
    """The address of the link whose text starts with ``text``, as a browser reads it."""
    match = re.search(rf'<a[^>]*href="([^"]*)"[^>]*>(?:<strong>)?{re.escape(text)}', page)
    assert match, text
    return html.unescape(match.group(1))


def follow(client, page: str, text: str) -> str:
    """Follow a link of a result page, relative to the search page, like a browser."""
    response = client.get(urljoin(SEARCH, link(page, text)))
    assert response.status_code == 200
    return response.text


def test_the_next_and_previous_links_turn_the_page_and_keep_the_search(client, many_groups):
    first = found(client, q="Depression", ort="Lünen")
    second = follow(client, first, "Weiter")
    assert "Seite 2 von 51" in second
    assert 'value="Depression"' in second
    names = lambda page: re.findall(r"Depression Gruppe \d{4}", page)  # noqa: E731
    assert set(names(second)).isdisjoint(names(first))
    assert names(follow(client, second, "Zurück")) == names(first)


def test_the_links_of_the_help_lead_to_the_search_they_offer(client, groups):
    corrected = follow(client, found(client, q="Depresion"), "Depression")
    assert 'value="Depression"' in corrected and shown(corrected, groups["depression"])
    assert "Meinten Sie" not in corrected
    # (the group is ≈ 13 km from Unna: 10 km would not reach it)
    wider = follow(client, found(client, q="Depression", ort="Unna", umkreis="5"), "Im Umkreis")
    assert "im Umkreis von 25 km" in wider and shown(wider, groups["depression"])
    elsewhere = follow(client, found(client, ort="Mülheim"), "Mülheim (Landkreis")
    assert re.search(r"km um 54486 Mülheim\b", elsewhere)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Depression"},
        {"q": "Depresion"},
        {"thema": "depression"},
        {"ort": "Lünen", "umkreis": "50"},
        {"q": "Depression", "ort": "44532", "umkreis": "10", "barrierefrei": "1"},
        {"q": "Depression Lünen", "format": ["in_person", "online"], "wochentag": "1"},
        {"q": "Depression", "ort": "Lünen", "page": "50"},
        {"q": "Xylophon", "ort": "Lünen"},
        {"ort": "Atlantis"},
        {"q": "Depression", "ort": "Lünen Brambauer Nord Ost Süd West Mitte Alt Neu"},
        {"ort": "Atlantis Nord Ost Süd West Mitte Alt Neu Ober Unter"},
    ],
)
def test_search_pages_run_a_constant_number_of_queries(
    client, many_groups, topics, django_assert_max_num_queries, params
):
    topics["depression"].slug = "depression"
    topics["depression"].save()
    with django_assert_max_num_queries(8):
        assert client.get(SEARCH, params).status_code == 200


@pytest.mark.parametrize("params", [{}, {"q": "Depression"}, {"q": "Depression", "ort": "Lünen"}])
def test_result_pages_look_up_no_missing_variable(client, many_groups, caplog, params):
    """A missing variable renders as nothing but costs an exception each time; twenty
    result cards asking for a distance they do not have cost a millisecond a page."""
    with caplog.at_level("DEBUG", logger="django.template"):
        assert client.get(SEARCH, params).status_code == 200
    assert not [record.getMessage() for record in caplog.records]


@pytest.mark.parametrize(
    "params",
    [
        {"umkreis": "abc"},
        {"radius": "abc"},
        {"umkreis": "-5"},
        {"page": "999999"},
        {"page": "abc"},
        {"q": "Depression", "page": "9" * 25},
        {"q": "Depression", "ort": "Unna", "page": "9" * 25},
        {"q": "Depression " * 500},
        {"thema": "gibt-es-nicht"},
        {"wochentag": "9"},
        {"format": "teleport"},
        {"q": "'\"); DROP TABLE groups_group; --"},
        {"q": "& | ! :* <->"},
        {"ort": "%_\\"},
    ],
)
def test_malformed_parameters_answer_with_a_page_not_an_error(client, groups, params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert Group.objects.count() == len(groups)


def test_invalid_radius_is_explained_and_the_default_used(client, groups):
    page = found(client, ort="Lünen", umkreis="abc")
    assert "Umkreis" in page and "25 km" in page
    assert "alert-danger" in page


def test_too_long_text_is_explained(client, groups):
    page = found(client, q="x" * 5000)
    assert "höchstens 200 Zeichen" in page


def test_the_form_keeps_every_choice_of_the_search(client, groups, topics):
    page = found(
        client, thema=topics["krebs"].slug, zielgruppe="relatives", format="online",
        wochentag=["1", "3"], barrierefrei="1",
    )  # fmt: skip
    assert f'<option value="{topics["krebs"].slug}" selected>Krebs</option>' in page
    assert f'<option value="{topics["brustkrebs"].slug}">' in page
    assert '<option value="relatives" selected>' in page
    checked = set(re.findall(r'name="(\w+)" value="(\w+)" id="\w+" checked', page))
    assert checked == {("format", "online"), ("wochentag", "1"), ("wochentag", "3"),
                       ("barrierefrei", "1")}  # fmt: skip
    assert "aria-invalid" not in page


def test_the_form_marks_invalid_choices_and_escapes_topic_names(client, groups):
    TopicFactory(name='Krebs <script>alert("x")</script>', slug="krebs-skript")
    page = found(client, wochentag="9")
    assert 'name="wochentag" value="0" id="id_wochentag_0" aria-invalid="true"' in page
    assert "<script>alert" not in page
    assert "Krebs &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("typed", "topic"),
    [("cancer", "Krebs"), ("grief", "Trauer"), ("anxiety", "Angst und Panik"),
     ("dementia", "Demenz"), ("eating disorders", "Essstörungen")],
)  # fmt: skip
def test_the_demo_topics_know_english_words(client, german_places, typed, topic):
    load_topics()
    group = make_group("Gesprächskreis", Topic.objects.get(name=topic))
    other = make_group("Treffpunkt", Topic.objects.get(name="Schulden"))
    page = found(client, q=typed)
    assert shown(page, group)
    assert not shown(page, other)


@pytest.mark.parametrize("typed", ["meine Frau trinkt", "mein Sohn nimmt Drogen"])
def test_the_demo_topics_lead_relatives_to_relatives_groups(client, german_places, typed):
    load_topics()
    relatives = make_group("Gesprächskreis", Topic.objects.get(name="Angehörige Suchtkranker"),
                           audience="relatives")  # fmt: skip
    make_group("Kreuzbund", Topic.objects.get(name="Alkoholabhängigkeit"))
    make_group("Clean", Topic.objects.get(name="Drogenabhängigkeit"))
    results = re.findall(r'class="h5 card-title"><a href="([^"]+)"', found(client, q=typed))
    assert results[0] == relatives.get_absolute_url()


def test_a_partial_match_ranks_by_the_words_it_matches_before_distance(client, german_places,
                                                                       topics):  # fmt: skip
    sports = {name: TopicFactory(name=name) for name in ("Sport nach Krebs", "Behindertensport")}
    next_door = make_group("Sportgruppe Lünen", sports["Sport nach Krebs"],
                           latitude=51.6067, longitude=7.5241)  # fmt: skip
    farther = make_group("Zuckerkranke Unna", topics["diabetes"], postcode="59423",
                         town="Unna", latitude=51.5302, longitude=7.676)  # fmt: skip
    page = found(client, q="Sport Diabetes", ort="Lünen", umkreis="25")
    assert "Nur wenige Gruppen passen genau" in page
    assert shown(page, next_door) and shown(page, farther)
    assert page.index(farther.get_absolute_url()) < page.index(next_door.get_absolute_url())
    # A group matching both words comes before either.
    both = make_group("Diabetes und Bewegung", topics["diabetes"], sports["Behindertensport"],
                      postcode="59423", town="Unna", latitude=51.5302, longitude=7.676)  # fmt: skip
    page = found(client, q="Sport Diabetes", ort="Lünen", umkreis="25")
    assert page.index(both.get_absolute_url()) < page.index(farther.get_absolute_url())
