""" "Ihre Kontaktstelle": a postcode or town finds the responsible contact point with its
nearest site, today's hours and a route link; unknown places get suggestions."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contactpoints.finder import find_contact_point
from contactpoints.models import Closure, OpeningHours, Site
from groups.search.places import resolve_place
from groups.services import responsible_contact_point
from tests.factories import ContactPointFactory, SiteFactory
from tests.search.helpers import found

FINDER = reverse("contactpoints:finder")


@pytest.fixture
def unna_and_dortmund(german_places):
    """K.I.S.S. Kreis Unna with sites in Unna and Lünen, and Dortmund's contact point."""
    unna = ContactPointFactory(
        name="K.I.S.S. Kreis Unna", slug="kiss-unna", email="kiss@unna.example"
    )
    unna_site = SiteFactory(contact_point=unna, name="Standort Unna", town="Unna",
                            postcode="59423", latitude=51.5302, longitude=7.676,
                            phone="02303 123456")  # fmt: skip
    luenen_site = SiteFactory(contact_point=unna, name="Standort Lünen", phone="02306 654321",
                              email="luenen@unna.example")  # fmt: skip
    dortmund = ContactPointFactory(name="Selbsthilfe-Kontaktstelle Dortmund", slug="sk-dortmund")
    dortmund_site = SiteFactory(contact_point=dortmund, name="Standort Dortmund Mitte",
                                town="Dortmund", postcode="44135", latitude=51.5125,
                                longitude=7.477)  # fmt: skip
    return {"unna": unna, "unna_site": unna_site, "luenen_site": luenen_site,
            "dortmund": dortmund, "dortmund_site": dortmund_site}  # fmt: skip


def finder(client, text, **headers):
    return client.get(FINDER, {"ort": text}, **headers)


def test_a_postcode_finds_its_contact_point_with_the_nearest_site_and_todays_hours(
    client, unna_and_dortmund
):
    site = unna_and_dortmund["luenen_site"]
    today = timezone.localdate().weekday()
    OpeningHours.objects.create(site=site, weekday=today, opens=datetime.time(9),
                                closes=datetime.time(12, 30))  # fmt: skip
    OpeningHours.objects.create(site=site, weekday=(today + 1) % 7, opens=datetime.time(14),
                                closes=datetime.time(17))  # fmt: skip
    response = finder(client, "44534")
    page = response.text
    assert response.status_code == 200
    assert "Ihre Kontaktstelle für 44534 Lünen" in page
    assert unna_and_dortmund["unna"].get_absolute_url() in page
    # (half a kilometre from the postcode's centre, said as at least 1 km)
    assert "Nächstgelegener Standort: Standort Lünen, etwa 1 km entfernt" in page
    assert "Heute: 09:00–12:30" in page and "14:00–17:00" not in page
    assert 'href="tel:' in page and "02306 654321" in page
    assert "mailto:luenen@unna.example" in page
    assert "Selbsthilfe-Kontaktstelle Dortmund" not in page


def test_a_closure_today_says_closed(client, unna_and_dortmund):
    site = unna_and_dortmund["luenen_site"]
    OpeningHours.objects.create(site=site, weekday=timezone.localdate().weekday(),
                                opens=datetime.time(9), closes=datetime.time(12))  # fmt: skip
    Closure.objects.create(site=site, starts_on=timezone.localdate(),
                           ends_on=timezone.localdate())  # fmt: skip
    assert "Heute: geschlossen" in finder(client, "Lünen").text


def test_a_town_finds_its_contact_point_and_the_site_in_it(client, unna_and_dortmund):
    page = finder(client, "Unna").text
    assert "Ihre Kontaktstelle für Unna" in page
    assert "Nächstgelegener Standort: Standort Unna" in page
    assert "mailto:kiss@unna.example" in page  # the site has none: the contact point's


def test_a_place_between_two_contact_points_belongs_to_the_one_of_its_district(
    client, unna_and_dortmund
):
    unna_and_dortmund["luenen_site"].delete()
    location = resolve_place("Lünen").location
    # Dortmund's site is the nearer one, but Lünen lies in the Kreis Unna.
    assert Site.objects.nearest_to(location).first() == unna_and_dortmund["dortmund_site"]
    finding = find_contact_point("Lünen")
    assert finding.contact_point == unna_and_dortmund["unna"]
    assert finding.site == unna_and_dortmund["unna_site"]
    page = finder(client, "Lünen").text
    assert "Nächstgelegener Standort: Standort Unna" in page
    assert "Selbsthilfe-Kontaktstelle Dortmund" not in page
    assert find_contact_point("Dortmund").contact_point == unna_and_dortmund["dortmund"]


def test_without_a_site_in_the_district_the_nearest_regional_one_serves(client, unna_and_dortmund):
    unna_and_dortmund["unna"].sites.all().delete()
    finding = find_contact_point("Lünen")
    assert finding.contact_point == unna_and_dortmund["dortmund"]
    assert "Nächstgelegener Standort: Standort Dortmund Mitte" in finder(client, "Lünen").text


def test_the_state_contact_point_answers_where_no_regional_one_is_near(client, german_places):
    lakos = ContactPointFactory(name="LAKOS Sachsen", kind="state", federal_state="SN")
    SiteFactory(contact_point=lakos, name="LAKOS Dresden", town="Dresden", postcode="01067",
                latitude=51.0547, longitude=13.7269)  # fmt: skip
    zwickau = ContactPointFactory(name="KISS Zwickau", federal_state="SN", parent=lakos)
    SiteFactory(contact_point=zwickau, name="KISS Zwickau", town="Zwickau", postcode="08056",
                latitude=50.7189, longitude=12.4939)  # fmt: skip
    assert find_contact_point("Leipzig").contact_point == lakos
    page = finder(client, "04109").text
    assert "Ihre Kontaktstelle für 04109 Leipzig" in page and "LAKOS Sachsen" in page


def test_a_regional_contact_point_comes_before_the_state_one_in_the_same_city(german_places):
    lakos = ContactPointFactory(name="LAKOS Sachsen", kind="state", federal_state="SN")
    SiteFactory(contact_point=lakos, name="LAKOS", town="Dresden", postcode="01067",
                latitude=51.0547, longitude=13.7269)  # fmt: skip
    kiss = ContactPointFactory(name="KISS Dresden", federal_state="SN", parent=lakos)
    SiteFactory(contact_point=kiss, name="KISS Dresden", town="Dresden", postcode="01099",
                latitude=51.0783, longitude=13.8051)  # fmt: skip
    assert find_contact_point("01067").contact_point == kiss


def test_far_from_every_contact_point_the_page_says_so_and_names_the_nearest(
    client, unna_and_dortmund
):
    page = finder(client, "München").text
    assert "Uns ist keine Selbsthilfe-Kontaktstelle bekannt, die für München zuständig ist." in page
    assert "Die nächstgelegene uns bekannte Kontaktstelle ist K.I.S.S. Kreis Unna" in page
    assert "Ihre Kontaktstelle für" not in page
    assert reverse("contactpoints:list") in page


def test_a_misspelt_place_is_not_guessed_but_offered(client, unna_and_dortmund):
    page = finder(client, "Lühnen").text
    assert "Wir kennen den Ort „Lühnen“ nicht." in page
    assert "Meinten Sie:" in page
    assert '<a href="?ort=44532">Lünen' in page  # the finder asked again for that place
    assert "K.I.S.S. Kreis Unna" not in page


def test_an_unknown_place_says_so_without_suggestions(client, unna_and_dortmund):
    page = finder(client, "Qwxzvb").text
    assert "Wir kennen den Ort „Qwxzvb“ nicht." in page and "Meinten Sie:" not in page


def test_a_federal_state_asks_for_a_town_in_it(client, unna_and_dortmund):
    page = finder(client, "Sachsen").text
    assert "Sachsen ist ein Bundesland." in page and ">Dresden (01067)</a>" in page


@pytest.mark.parametrize("text", ["", "   ", "online", "x" * 101, "%'\"<script>"])
def test_empty_or_odd_input_gets_a_message_not_an_error(client, unna_and_dortmund, text):
    response = finder(client, text)
    assert response.status_code == 200
    assert "<script>" not in response.text.split("<main", 1)[1]
    assert "Ihre Kontaktstelle für" not in response.text


def test_empty_input_asks_for_a_postcode_or_town(client, unna_and_dortmund):
    page = finder(client, "").text
    assert "Bitte geben Sie Ihre Postleitzahl oder Ihren Ort ein." in page
    assert 'aria-invalid="true"' in page


def test_the_finder_page_without_a_question_shows_only_the_form(client, unna_and_dortmund):
    page = client.get(FINDER).text
    assert 'id="finder-ort"' in page and "Bitte geben Sie" not in page


def test_the_english_page_answers_in_english(client, unna_and_dortmund):
    page = finder(client, "Lünen", HTTP_ACCEPT_LANGUAGE="en").text
    assert "Your contact point for Lünen" in page
    assert "Nearest site: Standort Lünen, about 2 km away" in page  # from the town's centre
    assert 'Route<span class="visually-hidden"> to Standort Lünen</span> on OpenStreetMap' in page
    assert "Your postcode or town" in page and "Find contact point" in page


def test_the_start_page_and_the_contact_point_list_carry_the_form(client, unna_and_dortmund):
    for url in (reverse("home"), reverse("contactpoints:list")):
        page = client.get(url).text
        assert f'action="{FINDER}"' in page and 'method="get"' in page
        assert '<label class="form-label" for="finder-ort">Ihre Postleitzahl oder Ihr Ort' in page


def test_the_answer_costs_a_few_queries(client, unna_and_dortmund, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        assert finder(client, "44534").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_answer_is_stored_like_other_public_pages(settings, unna_and_dortmund):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    visitor = Client()
    first = finder(visitor, "Lünen")
    with CaptureQueriesContext(connection) as queries:
        second = finder(visitor, "Lünen")
    cache.clear()
    assert "Ihre Kontaktstelle für Lünen" in first.text
    assert second.status_code == 200 and "Ihre Kontaktstelle für Lünen" in second.text
    assert len(queries) == 1  # only the content generation is read


def test_each_site_with_coordinates_has_a_route_link_to_openstreetmap(client, unna_and_dortmund):
    SiteFactory(contact_point=unna_and_dortmund["unna"], name="Standort Schwerte",
                town="Schwerte", postcode="58239", latitude=None, longitude=None)  # fmt: skip
    response = client.get(unna_and_dortmund["unna"].get_absolute_url())
    page = response.text
    assert page.count('class="route-link"') == 2  # not for the site without coordinates
    assert (
        'href="https://www.openstreetmap.org/directions?route=%3B51.61660%2C7.52830'
        '#map=17/51.61660/7.52830">Route'
        '<span class="visually-hidden"> zu Standort Lünen</span> auf OpenStreetMap</a>' in page
    )
    assert 'Route<span class="visually-hidden"> zu Standort Schwerte' not in page
    # A link only: nothing on the page is loaded from OpenStreetMap, and the CSP stays.
    assert page.count("openstreetmap.org") == 2
    assert "openstreetmap" not in response.headers["Content-Security-Policy"]


def test_the_route_link_is_in_the_answer_too(client, unna_and_dortmund):
    page = finder(client, "Unna").text
    assert "directions?route=%3B51.53020%2C7.67600" in page
    assert '<span class="visually-hidden"> zu Standort Unna</span> auf OpenStreetMap' in page


def test_the_search_and_the_routing_of_reports_name_the_contact_point_the_finder_names(
    client, unna_and_dortmund
):
    unna_and_dortmund["luenen_site"].delete()  # Dortmund's site is then the nearest to Lünen
    page = found(client, q="Xylophon", ort="Lünen")
    assert "K.I.S.S. Kreis Unna" in page and "Selbsthilfe-Kontaktstelle Dortmund" not in page
    assert responsible_contact_point("", "Lünen") == unna_and_dortmund["unna"]
    assert responsible_contact_point("44135", "Dortmund") == unna_and_dortmund["dortmund"]
