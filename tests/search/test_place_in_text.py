"""A place, a time or "online" typed into the text field, and the order by distance."""

import pytest

from groups.models import Group, Place
from tests.factories import SiteFactory, TopicFactory
from tests.search.helpers import add_places, found, make_group, shown


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


@pytest.mark.parametrize("typed", ["Depression jeden Abend", "immer abends depressiv"])
def test_a_time_after_every_says_how_often_not_when_to_meet(client, german_places, topics, typed):
    depression = topics["depression"]
    morning = make_group("Sa früh", depression, weekday=5, starts_at="10:00")
    no_time = make_group("Ohne Zeit", depression)
    page = found(client, q=typed)
    assert shown(page, morning) and shown(page, no_time)
    assert "als Treffzeit genommen" not in page


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
