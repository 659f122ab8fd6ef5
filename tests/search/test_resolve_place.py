"""Resolving a place: postcodes, towns of one name, districts, regions, states."""

import re

import pytest

from groups.models import Group, Place
from groups.search.places import resolve_place
from tests.search.helpers import HALLES, WEIDENS, add_places, found, make_group, shown


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
