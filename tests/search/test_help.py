"""Little or nothing found: the help below the results, and the contact point asked for."""

import re

import pytest
from django.urls import reverse

from groups.search import page as search_page
from tests.factories import ContactPointFactory, SiteFactory
from tests.search.helpers import found, make_group, shown


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


# (both ways to find them: ordering the few matches by distance, and walking outward from
# the place when matches are many)
@pytest.mark.parametrize("candidates", [2000, 0])
def test_nothing_found_within_100_km_names_the_nearest_groups_farther_away(
    client, german_places, topics, monkeypatch, candidates
):
    monkeypatch.setattr(search_page, "NEAREST_CANDIDATES", candidates)
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
