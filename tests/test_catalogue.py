"""The site's German catalogue comes before Django's and every app's (``LOCALE_PATHS``), so a
word the site translates in a sense of its own must carry a context, or it rewords the admin."""

import gettext
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from contactpoints.models import Membership
from tests.factories import ContactPointFactory, SiteFactory, admin_url, staff_client

pytestmark = pytest.mark.django_db

# The site's own wording where Django or an app says the same in other words; anything else
# shared with another catalogue must be translated as that catalogue does, or get a context.
SAME_SENSE = {
    "%(full_result_count)s total",  # "insgesamt" for "gesamt"
    "Date/time",  # "Datum/Uhrzeit" for "Datum/Zeit"
    "Show all",  # "Alle anzeigen" for "Zeige alle"
    "View on site",  # "Auf der Website ansehen" for "… anzeigen"
    "Email",  # "E-Mail" for "E-Mail-Adresse"
    "Please correct the error below.",  # the Sie-form for django-otp's du-form
}


def german_catalogue(path: Path) -> dict:
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


def installed_german_catalogues():
    """Django's own German catalogue and those of the installed apps, by name."""
    folders = [Path(django.__file__).parent / "conf"]
    folders += [Path(config.path) for config in apps.get_app_configs()]
    site = {Path(path).resolve() for path in settings.LOCALE_PATHS}
    for folder in folders:
        mo = folder / "locale" / "de" / "LC_MESSAGES" / "django.mo"
        if mo.exists() and mo.parent.parent.parent.resolve() not in site:
            yield str(folder.relative_to(folder.parent.parent)), german_catalogue(mo)


def test_the_site_catalogue_gives_no_other_sense_to_a_word_of_django_or_an_app():
    site = {}
    for path in settings.LOCALE_PATHS:
        site |= german_catalogue(Path(path) / "de" / "LC_MESSAGES" / "django.mo")
    catalogues = list(installed_german_catalogues())
    assert any(name.endswith("admin") for name, _ in catalogues)
    shadowed = [
        (name, msgid, site[msgid], theirs)
        for name, catalogue in catalogues
        for msgid, theirs in catalogue.items()
        if msgid and msgid in site and site[msgid] != theirs and msgid not in SAME_SENSE
    ]
    assert shadowed == []


def test_the_german_admin_start_page_links_change_as_aendern(superuser_client):
    page = superuser_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="de").text
    assert 'class="changelink"' in page
    assert page.count(">Ändern</a>") == page.count('class="changelink"')
    assert "Veränderung" not in page


def test_a_site_of_a_contact_point_is_opened_with_aendern(superuser_client):
    site = SiteFactory(name="Standort Lünen")
    page = superuser_client.get(admin_url(site.contact_point), HTTP_ACCEPT_LANGUAGE="de").text
    assert 'class="inlinechangelink">Ändern</a>' in page


def test_the_report_still_names_its_column_veraenderung(client):
    contact_point = ContactPointFactory(slug="kiss-unna", name="K.I.S.S. Kreis Unna")
    staff_client(client, contact_point, role=Membership.Role.COORDINATOR)
    page = client.get(reverse("annual_report", args=[2025, "kiss-unna"]), HTTP_ACCEPT_LANGUAGE="de")
    assert '<th scope="col" class="number">Veränderung</th>' in page.text
    csv = client.get(reverse("annual_report_export", args=[2025, "kiss-unna", "csv"]))
    assert "Veränderung" in csv.content.decode("utf-8-sig").splitlines()[0]
