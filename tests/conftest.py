"""Shared fixtures. The database is the embedded PostgreSQL (or DATABASE_URL)."""

import pytest

from groups.models import Place
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    GroupFactory,
    SiteFactory,
    TopicFactory,
    staff_client,
)

# Real postcode areas from the shipped GeoNames list (groups/data/postcodes-de.csv.gz).
PLACES = [
    ("44532", "Lünen", "Unna", "NW", 51.6067, 7.5241),
    ("44534", "Lünen", "Unna", "NW", 51.6189, 7.5222),
    ("44536", "Lünen", "Unna", "NW", 51.5993, 7.4681),
    ("59423", "Unna", "Unna", "NW", 51.5302, 7.676),
    ("59425", "Unna", "Unna", "NW", 51.5485, 7.6849),
    ("58239", "Schwerte", "Unna", "NW", 51.4439, 7.5675),
    ("44135", "Dortmund", "Dortmund, Stadt", "NW", 51.5125, 7.477),
    ("44137", "Dortmund", "Dortmund, Stadt", "NW", 51.5097, 7.4601),
    ("01067", "Dresden", "Kreisfreie Stadt Dresden", "SN", 51.0547, 13.7269),
    ("01099", "Dresden", "Kreisfreie Stadt Dresden", "SN", 51.0783, 13.8051),
    ("04109", "Leipzig", "Kreisfreie Stadt Leipzig", "SN", 51.342, 12.375),
    ("80331", "München", "Kreisfreie Stadt München", "BY", 48.1345, 11.571),
    ("60311", "Frankfurt am Main", "Frankfurt am Main, Stadt", "HE", 50.1112, 8.6831),
    ("60313", "Frankfurt am Main", "Frankfurt am Main, Stadt", "HE", 50.1184, 8.6848),
    ("15230", "Frankfurt (Oder)", "Frankfurt (Oder)", "BB", 52.3475, 14.5539),
    ("66386", "Sankt Ingbert", "Saarpfalz-Kreis", "SL", 49.277, 7.1167),
    ("10961", "Berlin Kreuzberg", "Berlin, Stadt", "BE", 52.4926, 13.3975),
    ("10963", "Berlin Kreuzberg", "Berlin, Stadt", "BE", 52.5003, 13.3813),
    ("45403", "Mülheim an der Ruhr", "Mülheim an der Ruhr, Stadt", "NW", 51.4333, 6.8833),
    ("45468", "Mülheim an der Ruhr", "Mülheim an der Ruhr, Stadt", "NW", 51.4268, 6.8806),
    ("45470", "Mülheim an der Ruhr", "Mülheim an der Ruhr, Stadt", "NW", 51.4194, 6.8937),
    ("54486", "Mülheim", "Landkreis Bernkastel-Wittlich", "RP", 49.9125, 7.0195),
    ("49832", "Messingen", "Landkreis Emsland", "NI", 52.4667, 7.4667),
]


@pytest.fixture
def german_places(db):
    return Place.objects.bulk_create(
        Place(
            postcode=postcode,
            name=name,
            district=district,
            federal_state=state,
            latitude=latitude,
            longitude=longitude,
        )
        for postcode, name, district, state, latitude, longitude in PLACES
    )


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456")
    client.force_login(user)
    return client


@pytest.fixture
def listed_group(german_places):
    site = SiteFactory()
    group = GroupFactory(
        name="Selbsthilfegruppe Depression Lünen",
        slug="shg-depression-luenen",
        contact_point=site.contact_point,
        meeting_site=site,
    )
    group.topics.add(TopicFactory(name="Depression", slug="depression"))
    return group


@pytest.fixture
def world(german_places):
    """Saxony (LAKOS with KISS Zwickau below it) and Dortmund, each with a group."""
    lakos = ContactPointFactory(name="LAKOS Sachsen", slug="lakos-sachsen", kind="state",
                                federal_state="SN")  # fmt: skip
    zwickau = ContactPointFactory(name="KISS Zwickau", slug="kiss-zwickau", parent=lakos,
                                  federal_state="SN")  # fmt: skip
    dortmund = ContactPointFactory(name="Selbsthilfe-Kontaktstelle Dortmund",
                                   slug="sk-dortmund", federal_state="NW")  # fmt: skip
    dortmund_site = SiteFactory(contact_point=dortmund, name="Standort Dortmund Mitte",
                                town="Dortmund", postcode="44135")  # fmt: skip
    return {
        "lakos": lakos,
        "zwickau": zwickau,
        "dortmund": dortmund,
        "own": GroupFactory(name="Zwickauer Runde", contact_point=zwickau, is_listed=False),
        "foreign": GroupFactory(
            name="Dortmunder Runde",
            contact_point=dortmund,
            meeting_site=dortmund_site,
            is_listed=False,
        ),
        "foreign_event": EventFactory(title="Dortmunder Infoabend", contact_point=dortmund),
    }


@pytest.fixture
def editor(client):
    """A staff member of K.I.S.S. Kreis Unna, signed in: (client, contact point)."""
    contact_point = ContactPointFactory(name="K.I.S.S. Kreis Unna")
    return staff_client(client, contact_point), contact_point
