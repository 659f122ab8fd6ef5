"""import_places: good files load, bad lines are skipped with reasons, bad files change nothing."""

import gzip

import pytest
from django.core.management import CommandError, call_command

from groups.gazetteer import is_organisation
from groups.models import Place
from groups.search.place_queries import city_districts

pytestmark = pytest.mark.django_db

HEADER = (
    "country_code,zipcode,place,state,state_code,province,province_code,community,"
    "community_code,latitude,longitude\n"
)
GOOD_LINES = (
    "DE,44532,Lünen,Nordrhein-Westfalen,NW,Regierungsbezirk Arnsberg,059,Kreis Unna,05978,"
    "51.6167,7.5167\n"
    "DE,59423,Unna,North Rhine-Westphalia,07,Regierungsbezirk Arnsberg,059,Kreis Unna,05978,"
    "51.5347,7.6889\n"
    "DE,01099,Dresden,Saxony,13,,,Kreisfreie Stadt Dresden,14612,51.0667,13.75\n"
    "DE,80331,München,Bavaria,02,Upper Bavaria,091,,,48.137,11.5755\n"
)


def geonames_places():
    """The places of the imported file, without the city districts the project adds."""
    added = {f"{town} {district}" for town, district, _postcode in city_districts()}
    return Place.objects.exclude(name__in=added)


def write(tmp_path, text, name="places.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_csv_file_loads_places_with_german_state_codes(tmp_path):
    call_command("import_places", write(tmp_path, HEADER + GOOD_LINES))
    states = dict(geonames_places().values_list("name", "federal_state"))
    assert states == {"Lünen": "NW", "Unna": "NW", "Dresden": "SN", "München": "BY"}
    luenen = Place.objects.get(postcode="44532", name="Lünen")
    assert (luenen.latitude, luenen.longitude, luenen.district) == (51.6167, 7.5167, "Kreis Unna")
    # The city districts at the postcodes of the file come with it.
    horstmar = Place.objects.get(postcode="44532", name="Lünen Horstmar")
    assert (horstmar.latitude, horstmar.longitude, horstmar.district) == (
        51.6167, 7.5167, "Kreis Unna"
    )  # fmt: skip


def test_tab_separated_geonames_file_and_gzip_load(tmp_path):
    line = "\t".join(
        [
            "DE",
            "44532",
            "Lünen",
            "Nordrhein-Westfalen",
            "NW",
            "Regierungsbezirk Arnsberg",
            "059",
            "Kreis Unna",
            "05978",
            "51.6167",
            "7.5167",
            "4",
        ]
    )
    call_command("import_places", write(tmp_path, line, "DE.txt"))
    compressed = tmp_path / "places.csv.gz"
    compressed.write_bytes(gzip.compress((HEADER + GOOD_LINES).encode()))
    call_command("import_places", str(compressed))
    assert geonames_places().count() == 4


def test_bad_lines_are_skipped_and_counted_with_reasons(tmp_path, capsys):
    bad = (
        "DE,4453,Kurz,Nordrhein-Westfalen,NW,,,,,51.6,7.5\n"
        "DE,44534,Lünen,Nordrhein-Westfalen,NW,,,,,north,7.5\n"
        "DE,10875,Daimler Insurance Services GmbH,Baden-Württemberg,01,,,,,48.8,9.1\n"
        "DE,53123,Agentur für Arbeit Bonn,Nordrhein-Westfalen,NW,,,,,50.7,7.1\n"
        "AT,1010,Wien,Wien,09,,,,,48.2,16.37\n"
        "DE,44535,,Nordrhein-Westfalen,NW,,,,,51.6,7.5\n"
        "DE,44536,Lünen,Nordrhein-Westfalen,NW,,,,,12.0,7.5\n"
    )
    call_command("import_places", write(tmp_path, HEADER + GOOD_LINES + bad))
    output = capsys.readouterr().out
    assert geonames_places().count() == 4
    assert "4 places loaded" in output
    assert "7 lines skipped" in output
    for reason in [
        "postcode is not five digits (first on line 6)",
        "coordinates missing or not numbers",
        "company or authority, not a place",
        "not in Germany",
        "no place name",
        "coordinates outside Germany",
    ]:
        assert reason in output


def test_importing_twice_updates_instead_of_duplicating(tmp_path):
    call_command("import_places", write(tmp_path, HEADER + GOOD_LINES))
    moved = GOOD_LINES.replace("51.6167,7.5167", "51.6200,7.5200")
    call_command("import_places", write(tmp_path, HEADER + moved, "second.csv"))
    assert geonames_places().count() == 4
    assert Place.objects.filter(name__startswith="Lünen ").count() == 3  # its districts
    # The town moved, and its districts with it.
    assert set(Place.objects.filter(postcode="44532").values_list("latitude", flat=True)) == {51.62}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name;plz\nLuenen;44532\n", "lacks the columns"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (HEADER.encode(), "no usable postal code rows"),
        (b"\x1f\x8b\x08broken", "not a valid gzip file"),
    ],
)
def test_a_bad_file_is_a_clear_error_and_changes_nothing(tmp_path, content, message):
    call_command("import_places", write(tmp_path, HEADER + GOOD_LINES))
    before = set(Place.objects.values_list("postcode", "name", "latitude", "longitude"))
    assert len(before) > 4  # the file's places and their city districts
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_places", str(path))
    assert set(Place.objects.values_list("postcode", "name", "latitude", "longitude")) == before


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_places", str(tmp_path / "nope.csv"))


def test_shipped_german_list_resolves_towns_and_postcodes_everywhere():
    call_command("import_places")
    assert Place.objects.count() > 15000
    assert Place.objects.filter(postcode="44532", name="Lünen").exists()
    assert Place.objects.filter(postcode="01099", name="Dresden", federal_state="SN").exists()
    assert not Place.objects.filter(name__contains="GmbH").exists()
    # Recipients whose names look like places, found by the postcode they share with firms.
    names = set(Place.objects.values_list("name", flat=True))
    assert not names & {"Atlas Reisen", "Rathaus Beuel", "Hugo Vogelsang Bandstahl", "Telekom"}
    # Town administrations ("Stadt Paderborn") are no towns; the town "Stadt Wehlen" is one.
    assert not names & {"Stadt Paderborn", "Gemeinde Eching", "Stadt Oldenburg (Oldb)"}
    assert "Stadt Wehlen" in names
    # Villages and districts that share a postcode with a firm or two stay.
    assert {"Ostritz", "Sankt Martin", "Henstedt-Ulzburg", "Klotzsche", "Norden"} <= names
    assert not Place.objects.filter(federal_state="").count() > 5
    assert Place.objects.values("federal_state").distinct().count() >= 16
    # Every city district the project adds lies at a postcode of its town, at its centre, and
    # is not known to GeoNames already, under its own name or the town's.
    districts = city_districts()
    assert len(districts) > 400
    towns = {(place.postcode, place.name): place for place in Place.objects.all()}
    for row in districts:
        town, district, postcode = row
        added = towns.get((postcode, f"{town} {district}"))
        assert added is not None, row
        assert (postcode, district) not in towns, row
        centre = towns[postcode, town]
        assert (added.latitude, added.longitude, added.federal_state, added.district) == (
            centre.latitude, centre.longitude, centre.federal_state, centre.district
        ), row  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["Universitätsklinikum Ulm", "Airbus Group", "Abele-Optik", "Finanzämter in Halle ( Saale)",
     "Berufsförderungswerk Frankfurt am Main", "Stadt Mönchengladbach Der Oberbürgermeister",
     "Arbeiter-Samariter Bund", "Cellway Kommunikationsdienste", "Universitätsbibliothek",
     "Kreis Soest", "Kreiskrankenhaus", "St. Hedwigskrankenhaus", "Stadt Köln Stadthaus",
     "Amazon", "Generali Schadenbüro", "Alte Leipziger", "BARMER", "INFOKOM Gütersloh",
     "Ahrens + Sieberz", "Fachhochschule Aalen", "Bayerischer Landtag", "Zalando Lounge",
     "Computershare Deutschland", "Mondelez Deutschland", "Werbeservice Danger"],
)  # fmt: skip
def test_mail_recipients_of_the_postcode_list_are_no_places(name):
    assert is_organisation(name)


@pytest.mark.parametrize(
    "name",
    ["Lünen", "Frankfurt (Oder)", "Halle", "Dienstweiler", "Vorwerk", "Dannewerk",
     "Hamburg Neuwerk", "Sankt Augustin", "Neustadt an der Weinstraße", "Hof",
     "Kloster Lehnin", "Haina (Kloster)", "Schloß Holte-Stukenbrock", "Amt Neuhaus",
     "Rot an der Rot", "Hechingen", "Leipzig"],
)  # fmt: skip
def test_place_names_are_not_taken_for_mail_recipients(name):
    assert not is_organisation(name)


def test_importing_again_removes_mail_recipients_loaded_before(tmp_path):
    Place.objects.create(
        postcode="89070", name="Universitätsklinikum Ulm", latitude=48.4, longitude=9.9
    )
    call_command("import_places", write(tmp_path, HEADER + GOOD_LINES))
    assert not Place.objects.filter(name="Universitätsklinikum Ulm").exists()
    assert Place.objects.filter(name="Lünen").exists()


def test_names_at_a_postcode_of_mail_recipients_are_no_places(tmp_path):
    recipients = (
        "DE,80326,Atlas Reisen,Bavaria,02,,,Kreisfreie Stadt München,,48.1371,11.5741\n"
        "DE,80326,TRIAS Versicherung AG,Bavaria,02,,,Kreisfreie Stadt München,,48.1371,11.5741\n"
        "DE,80326,MAGNUS GmbH,Bavaria,02,,,Kreisfreie Stadt München,,48.1371,11.5741\n"
        # a town listed at a recipients' postcode and at its own stays
        "DE,80326,München,Bavaria,02,,,Kreisfreie Stadt München,,48.1371,11.5741\n"
        # a village sharing its postcode with one firm stays
        "DE,02899,Ostritz,Saxony,13,,,Görlitz,,51.0144,14.9310\n"
        "DE,02899,Kloster St. Marienthal GmbH,Saxony,13,,,Görlitz,,51.0144,14.9310\n"
    )
    Place.objects.create(postcode="80326", name="Atlas Reisen", latitude=48.1, longitude=11.5)
    call_command("import_places", write(tmp_path, HEADER + GOOD_LINES + recipients))
    assert not Place.objects.filter(name="Atlas Reisen").exists()
    assert Place.objects.filter(postcode="80326", name="München").exists()
    assert Place.objects.filter(postcode="02899", name="Ostritz").exists()
