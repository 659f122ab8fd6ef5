"""Error pages (the tests run with DEBUG off, like production): in the site's layout, with a
way back into the site, in German and English, revealing nothing of the internals."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def assert_error_page(response, status, title):
    assert response.status_code == status
    text = response.content.decode()
    assert title in text
    assert 'class="navbar-brand' in text  # the site's navigation
    assert 'name="q"' in text and reverse("groups:list") in text  # the search form
    assert reverse("contactpoints:list") in text
    assert "Traceback" not in text and "selbsthilfe/" not in text


def test_an_unknown_address_is_a_german_404_page(client):
    assert_error_page(client.get("/gibt-es-nicht/"), 404, "Seite nicht gefunden")


def test_the_404_page_speaks_english_to_english_browsers(client):
    response = client.get("/gibt-es-nicht/", headers={"Accept-Language": "en"})
    assert_error_page(response, 404, "Page not found")


def test_a_bad_request_is_a_400_page(client):
    assert_error_page(client.get("/gruppe-melden/?gruppe=%00"), 400, "Die Anfrage konnte")


def test_a_forbidden_staff_page_is_a_403_page(client):
    client.force_login(UserFactory(is_staff=True))  # staff, but with no role
    assert_error_page(client.get(reverse("quick_inquiry")), 403, "Kein Zugriff")


def test_a_form_sent_without_its_csrf_token_is_explained(listed_group):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("groups:suggest"), {"name": "x"})
    assert_error_page(response, 403, "Das Formular ist abgelaufen")


def test_a_server_error_is_a_500_page_that_needs_no_database(rf):
    with CaptureQueriesContext(connection) as queries:
        response = server_error(rf.get("/gruppen/"))
    assert_error_page(response, 500, "Ein Fehler auf unserer Seite")
    assert len(queries) == 0
