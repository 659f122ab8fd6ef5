"""The database settings: from DATABASE_URL, with the planner settings of the site."""

import pytest
from django.db import connection

from selbsthilfe.database import settings_from_url


def test_url_parts_become_django_settings_and_extra_parameters_go_to_libpq():
    settings = settings_from_url(
        "postgresql://wegweiser:geheim@db.example:5433/wegweiser?sslmode=require"
    )
    assert (settings["NAME"], settings["USER"], settings["PASSWORD"]) == (
        "wegweiser",
        "wegweiser",
        "geheim",
    )
    assert (settings["HOST"], settings["PORT"]) == ("db.example", "5433")
    assert settings["OPTIONS"]["sslmode"] == "require"


def test_options_of_the_url_come_after_the_sites_planner_settings_so_they_win():
    options = settings_from_url("postgresql:///w?options=-c%20random_page_cost%3D2")["OPTIONS"]
    assert options["options"].startswith("-c random_page_cost=1.1 -c jit=off")
    assert options["options"].endswith("-c random_page_cost=2")


@pytest.mark.django_db
def test_sessions_use_the_planner_settings():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('random_page_cost'), current_setting('jit')")
        assert cursor.fetchone() == ("1.1", "off")
