"""Several words: what every word must match, partial matches, who-words and gender."""

import pytest

from tests.factories import TopicFactory
from tests.search.helpers import found, make_group, shown


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


@pytest.mark.parametrize(
    "typed",
    [
        "support group for people with depression",
        "I am looking for a depression self-help group near me",
        "meetings for depression",
    ],
)
def test_english_sentence_words_narrow_nothing(client, groups, typed):
    """An English sentence around the topic ("support group for …") finds the topic's groups
    exactly, as the German "Selbsthilfegruppe für …" does: no partial matches beside them."""
    page = found(client, q=typed)
    assert shown(page, groups["depression"])
    assert "zu einem Teil Ihrer Suche" not in page and "ähnliche Schreibweisen" not in page
    assert not shown(page, groups["demenz"])


def test_an_english_stop_word_in_capitals_stays_an_abbreviation(client, german_places):
    cfs = TopicFactory(name="ME/CFS", synonyms=["ME", "Chronisches Fatigue-Syndrom"])
    group = make_group("Gesprächskreis Chronische Erschöpfung", cfs)
    assert shown(found(client, q="ME"), group)
    assert shown(found(client, q="ME Gruppe"), group)


@pytest.mark.parametrize(
    ("typed", "kept", "left_out"),
    [
        ("Depression (Angehörige)", "relatives", "affected"),
        ("Depression (Betroffene)", "affected", "relatives"),
        ("Depression (junge Erwachsene)", "young", "affected"),
    ],
)
def test_a_qualifier_in_parentheses_is_whom_the_groups_are_for(
    client, german_places, typed, kept, left_out
):
    depression = TopicFactory(name="Depression")
    groups = {
        "affected": make_group("Lichtblick", depression, audience="affected"),
        "relatives": make_group("Angehörigenkreis", depression, audience="relatives"),
        "both": make_group("Offener Kreis", depression, audience="both"),
        "young": make_group("Junge Runde", depression, audience="affected", focus=["young"]),
    }
    page = found(client, q=typed)
    assert shown(page, groups[kept]) and not shown(page, groups[left_out])
    assert "als Zielgruppe verstanden" in page and 'href="?q=Depression"' in page
    if kept != "young":
        assert shown(page, groups["both"])


def test_a_qualifier_that_names_no_one_stays_a_word(client, german_places):
    sport = make_group("Herzsportgruppe", TopicFactory(name="Herzsport"))
    page = found(client, q="Herzsport (Sport)")
    assert shown(page, sport) and "als Zielgruppe verstanden" not in page


def test_a_focus_qualifier_also_finds_groups_whose_name_says_it(client, german_places):
    cancer = TopicFactory(name="Krebs")
    named = make_group("Frauenselbsthilfe nach Krebs", cancer)
    focused = make_group("Runde", cancer, focus=["women"])
    other = make_group("Krebsgruppe", cancer)
    page = found(client, q="Krebs (Frauen)")
    assert shown(page, named) and shown(page, focused) and not shown(page, other)


@pytest.mark.parametrize("typed", ["I'm looking for a women's group", "parkinson's"])
def test_what_an_apostrophe_leaves_narrows_nothing(client, german_places, typed):
    women = make_group("Frauengruppe", TopicFactory(name="Frauengruppen", synonyms=["women"]))
    parkinson = make_group("Treff", TopicFactory(name="Morbus Parkinson", synonyms=["Parkinson"]))
    page = found(client, q=typed)
    assert shown(page, women) or shown(page, parkinson)
    assert "zu einem Teil Ihrer Suche" not in page and "ähnliche Schreibweisen" not in page


def test_an_abbreviation_that_is_an_english_word_is_kept_when_typed_alone(
    client, german_places
):
    cfs = make_group("Erschöpfung", TopicFactory(name="ME/CFS", synonyms=["ME"]))
    hepatitis = make_group("Leberrunde", TopicFactory(name="Hepatitis A"))
    assert shown(found(client, q="me"), cfs)
    assert shown(found(client, q="Hepatitis A"), hepatitis)
