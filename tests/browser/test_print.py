"""Printed group, event and contact point pages and search results: no navigation or forms,
the address of each link, one page where it fits."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.site_pages import public_pages

pytestmark = pytest.mark.django_db(transaction=True)

PRINTED = {
    "group with direct contact": 1,
    "group reached through the contact point": 1,
    "event": 1,
    "contact point": 2,
    "search with results": None,
}


def test_pages_print_without_navigation_with_link_addresses_on_few_pages(live_server, page):
    call_command("demo", "--no-serve", verbosity=0)
    addresses = dict(public_pages())
    too_long = []
    for what, most_pages in PRINTED.items():
        page.goto(live_server.url + addresses[what])
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible(), what
        assert not page.locator("main form").first.is_visible(), what
        after = page.evaluate(
            """() => getComputedStyle(document.querySelector('main a[href^="/"]'), '::after')
                     .content"""
        )
        assert after.startswith('" (/'), (what, after)
        pages = len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
        if most_pages and pages > most_pages:
            too_long.append(f"{what}: {pages} pages")
        page.emulate_media(media="screen")
    assert not too_long, too_long
