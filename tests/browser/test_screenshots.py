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

from contactpoints.models import ContactPoint, Message
from events.models import Event, Registration
from groups.models import FoundingAlert, Group
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("SCREENSHOTS") != "1", reason="takes docs/screenshots/ with SCREENSHOTS=1"
    ),
]

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
# Pages whose point lies below the first screen: taken whole.
WHOLE_PAGES = {"group-no-new-members", "event-of-a-series", "staff-site-hours", "staff-message",
               "staff-founding-alert", "staff-new-event"}  # fmt: skip


def main_pages() -> list[tuple[str, str]]:
    active = Group.objects.public().filter(status=Group.Status.ACTIVE).order_by("pk")
    full = active.filter(accepting_members=False).first()
    event = Event.objects.upcoming().filter(series__isnull=False).order_by("starts_at").first()
    registration = Registration.objects.filter(status=Registration.Status.CONFIRMED).first()
    unna = ContactPoint.objects.get(slug="kiss-kreis-unna")
    token = registration.cancellation_token
    cancel_question = reverse("events:cancel_registration", args=[token])
    return [
        ("home", reverse("home")),
        ("search", reverse("groups:list") + "?q=Depression&ort=L%C3%BCnen"),
        ("group", active.first().get_absolute_url()),
        ("group-no-new-members", full.get_absolute_url()),
        ("topics", reverse("groups:topics")),
        ("contact-point-finder", reverse("contactpoints:finder") + "?ort=L%C3%BCnen"),
        ("contact-point", unna.get_absolute_url()),
        ("events", reverse("events:list") + "?ort=Dresden"),
        ("event-of-a-series", event.get_absolute_url()),
        ("event-cancel-question", cancel_question),
        ("easy-read", reverse("easy_read")),
        ("accessibility-statement", reverse("accessibility")),
    ]


def staff_pages() -> list[tuple[str, str]]:
    unna = ContactPoint.objects.get(slug="kiss-kreis-unna")
    alert = FoundingAlert.objects.order_by("pk").first()
    message = Message.objects.exclude(status=Message.Status.CLOSED).order_by("pk").first()
    site = unna.sites.order_by("pk").first()
    return [
        ("staff-start", reverse("admin:index")),
        ("staff-groups", reverse("admin:groups_group_changelist")),
        ("staff-site-hours", reverse("admin:contactpoints_site_change", args=[site.pk])),
        ("staff-founding-alert", reverse("admin:groups_foundingalert_change", args=[alert.pk])),
        ("staff-message", reverse("admin:contactpoints_message_change", args=[message.pk])),
        ("staff-new-event", reverse("admin:events_event_add")),
        ("staff-report", reverse("annual_report_start")),
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
            page.screenshot(path=path, full_page=name in WHOLE_PAGES)
            taken.append(path)
        sign_in(page, live_server.url)
        for name, address in staff_pages():
            page.goto(live_server.url + address)
            path = folder / f"{name}-{device}.png"
            page.screenshot(path=path, full_page=name in WHOLE_PAGES)
            taken.append(path)
        context.close()
    for path in taken:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
