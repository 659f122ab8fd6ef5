"""Every phone number on public pages can be dialled: a tel: link in international form;
fax numbers are not links."""

import pytest

from selbsthilfe.templatetags.phones import international
from tests.factories import GroupFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "dialled"),
    [
        ("0231 50-2 46 00", "+492315024600"),
        ("(02303) 27-2829", "+492303272829"),
        ("0351/4 96 26 20", "+493514962620"),
        ("+49 2303 272829", "+492303272829"),
        ("0049 2303 272829", "+492303272829"),
        ("+43 1 234567", "+431234567"),
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
