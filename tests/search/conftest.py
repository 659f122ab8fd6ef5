"""Fixtures of the search tests: topics, groups on them, city districts, many groups."""

import pytest
from django.db import connection

from groups.gazetteer import add_city_districts
from groups.models import Group, Place
from tests.factories import ContactPointFactory, TopicFactory
from tests.search.helpers import add_places, make_group


@pytest.fixture
def topics(db):
    krebs = TopicFactory(name="Krebs", synonyms=["Tumor"])
    return {
        "demenz": TopicFactory(name="Angehörige Demenzkranker", synonyms=["pflegende Angehörige"]),
        "depression": TopicFactory(name="Depression", synonyms=["depressiv"]),
        "alkohol": TopicFactory(
            name="Alkoholabhängigkeit", synonyms=["Alkohol", "Alkoholsucht", "trockene Alkoholiker"]
        ),
        "diabetes": TopicFactory(name="Diabetes", synonyms=["Zuckerkrankheit"]),
        "krebs": krebs,
        "brustkrebs": TopicFactory(name="Brustkrebs", parent=krebs),
        "darmkrebs": TopicFactory(name="Darmkrebs", parent=krebs),
        "spielsucht": TopicFactory(name="Glücksspielsucht", synonyms=["Spielsucht", "Zocken"]),
    }


@pytest.fixture
def groups(german_places, topics):
    return {
        "demenz": make_group("Gesprächskreis für Angehörige", topics["demenz"]),
        "depression": make_group("Lichtblick", topics["depression"]),
        "alkohol": make_group("Kreuzbund-Gruppe Lünen", topics["alkohol"]),
        "diabetes": make_group("Diabetiker-Treff", topics["diabetes"]),
        "brustkrebs": make_group("Frauen nach Brustkrebs", topics["brustkrebs"]),
        "darmkrebs": make_group("Darmkrebs Gesprächskreis", topics["darmkrebs"]),
        "spielsucht": make_group("Neustart", topics["spielsucht"]),
        "strasse": make_group(
            "Treffpunkt Bahnhofstraße", description="Wir treffen uns in der Bahnhofstraße."
        ),
    }


@pytest.fixture
def city_districts(german_places):
    """The shipped city districts of the towns in ``german_places``, and of Hörde's postcode
    in Dortmund and of Werne's (a town in the Kreis Unna, and a district of Bochum)."""
    add_places(
        ("44263", "Dortmund", "Dortmund, Stadt", "NW", 51.4847, 7.4996),
        ("59368", "Werne", "Unna", "NW", 51.6633, 7.6336),
        ("44894", "Bochum", "Bochum, Stadt", "NW", 51.4819, 7.3244),
    )  # fmt: skip
    add_city_districts(Place)


@pytest.fixture
def many_groups(german_places, topics):
    contact_point = ContactPointFactory()
    groups = Group.objects.bulk_create(
        Group(name=f"Depression Gruppe {number:04d}", slug=f"depression-{number}",
              contact_point=contact_point, postcode="44532", town="Lünen",
              latitude=51.6 + number / 10000, longitude=7.5)
        for number in range(1005)
    )  # fmt: skip
    Group.topics.through.objects.bulk_create(
        Group.topics.through(group=group, topic=topics["depression"]) for group in groups
    )
    Group.objects.all().refresh_search_index()
    # Fresh statistics, as autovacuum keeps them in production. Without them the planner
    # works from whatever earlier tests left (often "empty tables") and may pick a plan that
    # takes a minute for these thousand rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE groups_group, groups_group_topics, groups_topic")
    return groups
