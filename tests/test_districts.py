"""Official district names for the postcode list's many spellings of a district."""

import csv
import gzip

import pytest

from groups.districts import DISTRICTS_FILE, district_named
from groups.gazetteer import SHIPPED_POSTCODES, federal_state_code
from groups.search.vocabulary import normalize


@pytest.mark.parametrize(
    ("spelling", "state", "town", "official", "filed_under"),
    [
        ("Unna", "NW", "Lünen", "Kreis Unna", "unna"),
        ("Kreis Unna", "NW", "Unna", "Kreis Unna", "unna"),
        ("Dortmund, Stadt", "NW", "Dortmund", "Kreisfreie Stadt Dortmund", "dortmund"),
        ("Kreisfreie Stadt Dortmund", "NW", "Dortmund", "Kreisfreie Stadt Dortmund", "dortmund"),
        ("Zwickau", "SN", "Zwickau", "Landkreis Zwickau", "zwickau"),
        ("Zwickau", "SN", "Crimmitschau", "Landkreis Zwickau", "zwickau"),
        ("Kreisfreie Stadt Dresden", "SN", "Dresden", "Kreisfreie Stadt Dresden", "dresden"),
        ("Chemnitz, Stadt", "SN", "Chemnitz", "Kreisfreie Stadt Chemnitz", "chemnitz"),
        ("Kreisfreie Stadt Chemnitz", "SN", "Chemnitz", "Kreisfreie Stadt Chemnitz", "chemnitz"),
        (
            "Landkreis Sächsische Schweiz",
            "SN",
            "Pirna",
            "Landkreis Sächsische Schweiz-Osterzgebirge",
            "sachsische schweiz osterzgebirge",
        ),
        ("Erzgebirgskreis", "SN", "Annaberg-Buchholz", "Erzgebirgskreis", "erzgebirgskreis"),
        ("Kreisfreie Stadt Leipzig", "SN", "Leipzig", "Kreisfreie Stadt Leipzig", "leipzig"),
        ("Landkreis Leipzig", "SN", "Borna", "Landkreis Leipzig", "leipzig"),
        ("Berlin, Stadt", "BE", "Berlin", "Berlin", "berlin"),
        ("Hamburg, Freie und Hansestadt", "HH", "Hamburg Altstadt", "Hamburg", "hamburg"),
        ("Kreisfreie Stadt Bremen", "HB", "Bremen", "Bremen", "bremen"),
        ("Bremerhaven, Stadt", "HB", "Bremerhaven", "Kreisfreie Stadt Bremerhaven", "bremerhaven"),
        ("Stadtkreis Stuttgart", "BW", "Stuttgart", "Stadtkreis Stuttgart", "stuttgart"),
        ("Städteregion Aachen", "NW", "Eschweiler", "Städteregion Aachen", "aachen"),
        # One bare spelling for the city and the Landkreis around it: the town decides.
        ("Karlsruhe", "BW", "Karlsruhe", "Stadtkreis Karlsruhe", "karlsruhe"),
        ("Karlsruhe", "BW", "Ettlingen", "Landkreis Karlsruhe", "karlsruhe"),
        ("Nuremberg", "BY", "Nürnberg", "Kreisfreie Stadt Nürnberg", "nurnberg"),
    ],
)
def test_a_postcode_list_spelling_gives_the_official_district_filed_by_its_place_name(
    spelling, state, town, official, filed_under
):
    district = district_named(spelling, state, town)
    assert str(district) == official
    assert district.sort_key[0] == filed_under


def test_districts_are_filed_by_place_name_not_by_designation():
    spellings = [
        ("Zwickau", "SN", "Zwickau"),
        ("Kreisfreie Stadt Dresden", "SN", "Dresden"),
        ("Chemnitz, Stadt", "SN", "Chemnitz"),
        ("Landkreis Sächsische Schweiz", "SN", "Pirna"),
        ("Unna", "NW", "Unna"),
        ("Dortmund, Stadt", "NW", "Dortmund"),
        ("Kreisfreie Stadt Leipzig", "SN", "Leipzig"),
        ("Landkreis Leipzig", "SN", "Borna"),
    ]
    districts = sorted(
        (district_named(*spelling) for spelling in spellings), key=lambda d: d.sort_key
    )
    assert [str(d) for d in districts] == [
        "Kreisfreie Stadt Chemnitz",
        "Kreisfreie Stadt Dortmund",
        "Kreisfreie Stadt Dresden",
        "Kreisfreie Stadt Leipzig",
        "Landkreis Leipzig",
        "Landkreis Sächsische Schweiz-Osterzgebirge",
        "Kreis Unna",
        "Landkreis Zwickau",
    ]


@pytest.mark.parametrize(
    ("spelling", "state", "town"),
    [
        ("Atlantis", "SN", "Atlantis"),
        ("Kreisfreie Stadt Zwickau", "SN", "Zwickau"),  # Zwickau is not kreisfrei since 2008
        ("Unna", "SN", "Unna"),  # in another state
        ("", "", ""),
    ],
)
def test_a_spelling_that_names_no_district_gives_none(spelling, state, town):
    assert district_named(spelling, state, town) is None


def test_every_district_spelling_of_the_shipped_postcode_list_finds_its_district_key():
    """The whole shipped list: each line's district, state and place give the district key
    that GeoNames gives the line."""
    wrong = []
    with gzip.open(SHIPPED_POSTCODES, "rt", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if not row["community_code"]:
                continue
            state = federal_state_code(row["state"], row["state_code"])
            district = district_named(row["community"], state, row["place"])
            if district is None or district.key != row["community_code"]:
                wrong.append((row["zipcode"], row["place"], row["community"]))
    assert wrong == []


def test_the_district_list_has_every_district_once_under_a_name_of_its_own():
    with DISTRICTS_FILE.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    keys = [row["key"] for row in rows]
    assert len(keys) == len(set(keys)) == 400  # 294 Landkreise and 106 kreisfreie Städte
    assert sum(row["kind"] == "city" for row in rows) == 106
    official = [normalize(f"{row['designation']} {row['name']}".strip()) for row in rows]
    assert len(official) == len(set(official))
