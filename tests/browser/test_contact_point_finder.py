"""A citizen finds their contact point from the start page by town, also after a typo, and
gets its site, today's hours and a route link without any request to another host."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from contactpoints.models import OpeningHours
from tests.factories import ContactPointFactory, SiteFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kiss_unna(german_places):
    contact_point = ContactPointFactory(name="K.I.S.S. Kreis Unna", slug="kiss-unna")
    site = SiteFactory(contact_point=contact_point, name="Standort Lünen", phone="02306 654321")
    OpeningHours.objects.create(site=site, weekday=timezone.localdate().weekday(),
                                opens=datetime.time(0), closes=datetime.time(23, 59))  # fmt: skip
    return contact_point


def test_from_the_start_page_a_typo_leads_to_the_contact_point_with_its_route(
    live_server, page, kiss_unna
):
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlsplit(request.url).netloc))
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/")
    page.get_by_label("Ihre Postleitzahl oder Ihr Ort").fill("Lühnen")
    page.get_by_role("button", name="Kontaktstelle finden").click()
    page.wait_for_url("**/kontaktstelle-finden/?ort=L*")
    assert page.get_by_text("Wir kennen den Ort „Lühnen“ nicht.").is_visible()

    page.get_by_role("link", name="Lünen (Unna) (44532)").click()
    page.wait_for_url("**/kontaktstelle-finden/?ort=44532")
    heading = page.get_by_role("heading", name="Ihre Kontaktstelle für 44532 Lünen")
    assert heading.is_visible()
    result = page.locator(".finder-result")
    assert result.get_by_role("link", name="K.I.S.S. Kreis Unna").first.is_visible()
    assert result.get_by_text("Heute: 00:00–23:59").is_visible()
    route = result.get_by_role("link", name="Route zu Standort Lünen auf OpenStreetMap")
    shown = route.evaluate(
        "link => [...link.childNodes].filter(node => !node.classList?.contains('visually-hidden'))"
        ".map(node => node.textContent).join('')"
    )
    assert shown == "Route auf OpenStreetMap"  # the site's name is for screen readers
    assert route.get_attribute("target") is None  # opens normally
    assert urlsplit(route.get_attribute("href")).netloc == "www.openstreetmap.org"
    assert requested_hosts == {urlsplit(live_server.url).netloc}
