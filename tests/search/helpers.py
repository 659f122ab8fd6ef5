"""Helpers of the search tests: groups made quickly, and result pages read."""

from django.urls import reverse

from groups.models import Place
from tests.factories import GroupFactory

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
