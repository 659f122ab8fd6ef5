"""Every phone number on public pages can be dialled: a tel: link in international form
(E.164), shown as it was written; fax numbers are not links, and a stored number that is no
number is shown without a link."""

import pytest

from selbsthilfe.phones import international
from tests.factories import GroupFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "dialled"),
    [
        ("0231 12345", "+4923112345"),
        ("+49 (0)231 12345", "+4923112345"),
        ("0049 231 12345", "+4923112345"),
        ("(0231) 123 45-6", "+49231123456"),
        ("0171/1234567", "+491711234567"),
        ("0 23 03 / 27-28 29", "+492303272829"),
        ("0231 50-2 46 00", "+492315024600"),
        ("(02303) 27-2829", "+492303272829"),
        ("0351/4 96 26 20", "+493514962620"),
        ("+49 2303 272829", "+492303272829"),
        ("0049 2303 272829", "+492303272829"),
        ("+43 1 234567", "+431234567"),
        ("0043 1 234567", "+431234567"),
        ("+41 44 668 18 00", "+41446681800"),
        ("0800 111 0 111", "+498001110111"),
        ("116 123", "116123"),
        ("112", "112"),
    ],
)
def test_numbers_as_germans_write_them_become_international(written, dialled):
    assert international(written) == dialled


def test_contact_point_page_links_phones_but_not_the_fax(client):
    site = SiteFactory(phone="02303 27-2829", fax="02303 27-2899")
    page = client.get(site.contact_point.get_absolute_url()).text
    assert '<a href="tel:+49230327' in page and ">02303 27-2829</a>" in page
    assert "02303 27-2899" in page and "tel:+49230327289" not in page


def test_group_pages_link_the_groups_and_the_contact_points_phones(client):
    direct = GroupFactory(contact_mode="direct", public_phone="0231 123456")
    assert 'href="tel:+49231123456"' in client.get(direct.get_absolute_url()).text
    site = SiteFactory(phone="0351 4962620")
    protected = GroupFactory(contact_mode="via_contact_point", contact_point=site.contact_point)
    assert 'href="tel:+493514962620"' in client.get(protected.get_absolute_url()).text


@pytest.mark.parametrize(
    "stored", ["0231 12345 oder 0171 1234567", "Mo–Fr im Büro erfragen", "0231 1", "+49 231"]
)
def test_a_stored_number_that_is_no_number_shows_without_a_link(client, stored):
    group = GroupFactory(contact_mode="direct", public_phone=stored)
    response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    assert stored in response.text
    assert "tel:" not in response.text.split("<aside", 1)[1].split("</aside>", 1)[0]
