"""Screenshots of the main pages at phone and desktop width, so reviewers see the site.

A tool rather than a check (the pages' behaviour, accessibility and layout are tested
elsewhere): it runs with SCREENSHOTS=1 and replaces those in docs/screenshots/:

    SCREENSHOTS=1 uv run pytest tests/browser/test_screenshots.py
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from groups.models import Group
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("SCREENSHOTS") != "1", reason="takes docs/screenshots/ with SCREENSHOTS=1"
    ),
]

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def main_pages() -> list[tuple[str, str]]:
    group = Group.objects.public().filter(status=Group.Status.ACTIVE).order_by("pk").first()
    return [
        ("home", reverse("home")),
        ("search", reverse("groups:list") + "?q=Depression&ort=L%C3%BCnen"),
        ("group", group.get_absolute_url()),
        ("topics", reverse("groups:topics")),
        ("contact-point-finder", reverse("contactpoints:finder") + "?ort=L%C3%BCnen"),
        ("events", reverse("events:list")),
        ("easy-read", reverse("easy_read")),
    ]


def test_screenshots_of_the_main_pages(live_server, browser):
    call_command("demo", "--no-serve", verbosity=0)
    folder = FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    taken = []
    for device, (width, height) in WIDTHS.items():
        context = browser.new_context(locale="de-DE", viewport={"width": width, "height": height})
        page = context.new_page()
        for name, address in main_pages():
            page.goto(live_server.url + address)
            path = folder / f"{name}-{device}.png"
            page.screenshot(path=path)
            taken.append(path)
        sign_in(page, live_server.url)
        staff = [
            ("staff-start", reverse("admin:index")),
            ("staff-groups", reverse("admin:groups_group_changelist")),
            ("staff-report", reverse("annual_report_start")),
        ]
        for name, address in staff:
            page.goto(live_server.url + address)
            path = folder / f"{name}-{device}.png"
            page.screenshot(path=path)
            taken.append(path)
        context.close()
    for path in taken:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
