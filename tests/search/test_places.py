"""City districts whose names hold "ae", "oe" or "ue" are found like every other: the file's
names and the typed words pass through one normaliser."""

import pytest
from django.urls import reverse

from groups.gazetteer import add_city_districts
from groups.models import Place
from groups.search import analysis
from groups.search.places import resolve_place
from tests.factories import GroupFactory, TopicFactory

pytestmark = pytest.mark.django_db
TOWNS = [
    ("44149", "Dortmund", "Dortmund, Stadt", "NW", 51.5008, 7.3940),
    ("47199", "Duisburg", "Duisburg, Stadt", "NW", 51.5167, 6.6833),
    ("44803", "Bochum", "Bochum, Stadt", "NW", 51.4690, 7.2477),
]


@pytest.fixture
def districts(db):
    Place.objects.bulk_create(
        Place(postcode=postcode, name=name, district=district, federal_state=state,
              latitude=latitude, longitude=longitude)
        for postcode, name, district, state, latitude, longitude in TOWNS
    )  # fmt: skip
    add_city_districts(Place)


@pytest.mark.parametrize(
    ("typed", "label"),
    [("Oespel", "Dortmund Oespel"), ("Baerl", "Duisburg Baerl"), ("Laer", "Bochum Laer")],
)
def test_a_district_with_ae_or_oe_in_the_text_field_is_the_place(client, districts, typed, label):
    query = analysis.analyse(f"Depression {typed}", detect_place=True)
    assert query.place_text == typed and [word.text for word in query.terms] == ["Depression"]
    assert resolve_place(typed).location.label == label
    group = GroupFactory(name="Lichtblick", postcode="44149", town="Dortmund",
                         latitude=51.5008, longitude=7.3940)  # fmt: skip
    group.topics.add(TopicFactory(name="Depression"))
    page = client.get(reverse("groups:list"), {"q": f"Depression {typed}"}).text
    assert f"um {label}" in page and "als Ort genommen" in page
